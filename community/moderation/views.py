"""/moderation (the approval queue, reported and held posts, the log), the moderators' actions on
posts and threads, reporting a post, and /admin (roles and suspensions)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..errors import InvalidInput
from ..extensions import limiter
from ..forms import options
from ..lookups import get_or_404, parse_number
from ..members.models import Member
from ..permissions import require
from ..threads.services import posting, reading
from ..web import form_failed, member_key, page_number, render_form, safe_next
from .services import audit, members, reports, review, thread_actions
from .forms import FlagForm, HideForm, MoveForm

bp = Blueprint("moderation", __name__)


def _flash_errors(error: InvalidInput) -> None:
    for message in error.errors.values():
        flash(message, "error")


@bp.route("/moderation")
@login_required
def queue():
    require(current_user, "moderation.approve_members")
    return render_template("moderation/queue.html",
                           waiting=members.awaiting_approval(_page_arg("waiting_page")),
                           **_content_queue())


@bp.route("/moderation/members/<int:member_id>/<decision>", methods=["POST"])
@login_required
def decide(member_id: int, decision: str):
    require(current_user, "moderation.approve_members")
    if decision not in ("approve", "decline"):
        abort(404)
    member = get_or_404(Member, member_id)
    name = member.name
    try:
        getattr(members, decision)(current_user, member)
    except InvalidInput as error:
        _flash_errors(error)
    else:
        flash(f"{name} approved." if decision == "approve" else f"{name}'s request was declined.")
    return redirect(url_for("moderation.queue"))


@bp.route("/admin")
@login_required
def admin():
    require(current_user, "admin.view")
    q = request.args.get("q", "").strip()[:120]
    return render_template("moderation/admin.html", q=q,
                           results=members.list_members(q, page_number()))


@bp.route("/admin/members/<int:member_id>", methods=["GET", "POST"])
@login_required
def admin_member(member_id: int):
    require(current_user, "admin.view")
    member = get_or_404(Member, member_id)
    if request.method == "POST":
        chosen = request.form.getlist("roles")
        try:
            members.set_roles(current_user, member, chosen)
        except InvalidInput as error:
            # Beside the roles, with what the admin ticked still ticked.
            return render_template("moderation/admin_member.html", member=member,
                                   grantable=members.GRANTABLE, chosen=set(chosen),
                                   errors=error.errors), 422
        flash(f"Roles for {member.name} saved.")
        return redirect(url_for("moderation.admin_member", member_id=member.id))
    return render_template("moderation/admin_member.html", member=member, grantable=members.GRANTABLE,
                           chosen=member.role_names, errors={})


@bp.route("/admin/members/<int:member_id>/<action>", methods=["POST"])
@login_required
def admin_action(member_id: int, action: str):
    require(current_user, "admin.view")
    if action not in ("suspend", "reinstate"):
        abort(404)
    member = get_or_404(Member, member_id)
    try:
        getattr(members, action)(current_user, member)
    except InvalidInput as error:
        _flash_errors(error)
    else:
        flash(f"{member.name} suspended." if action == "suspend" else f"{member.name} reinstated.")
    return redirect(url_for("moderation.admin_member", member_id=member.id))


# Reported and held posts, hiding, thread actions, the log --------------------------------------

def _back(default: str):
    """Where a moderator's button came from (a same-site `next`), else `default`; 303 after a POST."""
    return redirect(safe_next(request.form.get("next"), default), 303)


def _content_queue() -> dict:
    flagged_total, held_total = reports.queue_counts()
    return {"flagged": reports.flagged_posts(_page_arg("flags_page"), flagged_total),
            "held": reports.held_posts(_page_arg("held_page"), held_total), "post_url": reading.post_url}


def _page_arg(name: str) -> int:
    return min(parse_number(request.args.get(name, "1"), 1, 10**12) or 1, 100_000)


@bp.route("/posts/<int:post_id>/flag", methods=["GET", "POST"])
@login_required
@limiter.limit("30/hour", methods=["POST"], key_func=member_key)
def flag(post_id: int):
    post = posting.readable_post(current_user, post_id)
    require(current_user, "posts.flag", post, "You cannot report your own post"
            if post.author_id == current_user.id else "This post cannot be reported")
    form = FlagForm()
    if form.validate_on_submit():
        try:
            reports.flag_post(current_user, post, reason=form.reason.data, note=form.note.data or "")
        except InvalidInput as error:
            return form_failed("moderation/flag.html", form, error, post=post, back=reading.post_url(post))
        flash("Thank you. A moderator will look at the post you reported.")
        return redirect(reading.post_url(post))
    return render_form("moderation/flag.html", form, post=post, back=reading.post_url(post))


@bp.route("/moderation/posts/<int:post_id>/hide", methods=["GET", "POST"])
@login_required
def hide(post_id: int):
    post = posting.readable_post(current_user, post_id)
    require(current_user, "posts.moderate", post)
    form = HideForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), "")
    if form.validate_on_submit():
        try:
            review.hide_post(current_user, post, form.reason.data)
        except InvalidInput as error:
            return form_failed("moderation/hide.html", form, error, post=post, back=reading.post_url(post))
        flash("The post is hidden. Its author sees your reason.")
        return _back(reading.post_url(post))
    return render_form("moderation/hide.html", form, post=post, back=reading.post_url(post))


POST_ACTIONS = {
    "unhide": (review.unhide_post, "The post is visible again."),
    "approve": (review.approve_post, "The post is approved and now visible to everyone."),
    "dismiss": (reports.dismiss_flags, "The reports on this post are dismissed."),
}


@bp.route("/moderation/posts/<int:post_id>/<any(unhide, approve, dismiss):action>", methods=["POST"])
@login_required
def post_action(post_id: int, action: str):
    post = posting.readable_post(current_user, post_id)
    require(current_user, "posts.moderate", post)
    service, done = POST_ACTIONS[action]
    try:
        service(current_user, post, request.form.get("reason", ""))
    except InvalidInput as error:
        _flash_errors(error)
    else:
        flash(done)
    return _back(reading.post_url(post))


THREAD_DONE = {"lock": "The thread is locked. Only moderators can comment now.",
               "unlock": "The thread is unlocked.", "pin": "The thread is pinned to the top of its space.",
               "unpin": "The thread is no longer pinned."}


@bp.route("/threads/<int:thread_id>/<any(lock, unlock, pin, unpin):action>", methods=["POST"])
@login_required
def thread_action(thread_id: int, action: str):
    thread = posting.get_thread(thread_id)
    require(current_user, "threads.moderate", thread)
    try:
        thread_actions.switch_thread(current_user, thread, action, request.form.get("reason", ""))
    except InvalidInput as error:
        _flash_errors(error)
    else:
        flash(THREAD_DONE[action])
    return _back(url_for("threads.show", thread_id=thread_id))


@bp.route("/threads/<int:thread_id>/move", methods=["GET", "POST"])
@login_required
def move(thread_id: int):
    thread = posting.get_thread(thread_id)
    require(current_user, "threads.moderate", thread)
    form = MoveForm()
    form.space.choices = options([("", "Choose a space"), *((s.slug, s.name) for s in reading.spaces()
                                                            if s.id != thread.space_id)])
    if form.validate_on_submit():
        try:
            thread_actions.move_thread(current_user, thread, form.space.data, form.reason.data or "")
        except InvalidInput as error:
            return form_failed("moderation/move.html", form, error, thread=thread)
        flash(f"The thread is now in {thread.space.name}.")
        return redirect(url_for("threads.show", thread_id=thread.id))
    return render_form("moderation/move.html", form, thread=thread)


@bp.route("/moderation/log")
@login_required
def log():
    require(current_user, "moderation.view_log")
    return render_template("moderation/log.html", entries=audit.log_page(page_number()))
