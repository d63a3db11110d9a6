"""Thread pages: lists, spaces, a thread, starting one, and acting on posts."""
from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..content import has_control_characters, render_markdown
from ..disciplines import CHOICES as DISCIPLINES, DISCIPLINES as DISCIPLINE_NAMES
from ..errors import InvalidInput, apply_to_form
from ..extensions import limiter
from ..permissions import can, require
from ..web import form_failed, member_key, page_number, render_form
from ..forms import options
from ..lookups import parse_id, parse_number
from .forms import CommentForm, EditForm, SpaceForm, ThreadForm
from . import markup
from .models import BODY_MAX, REACTIONS
from .services import following, posting, reactions, reading, spaces as space_admin

bp = Blueprint("threads", __name__)
spaces_bp = Blueprint("spaces", __name__)

# A flash in this category is no message: it tells the next page's script (static/js/compose.js)
# that the draft kept under this key (the form's data-draft) was posted and can be forgotten.
DRAFT_SENT = "draft-sent"
NEW_THREAD_DRAFT = "new-thread"

VIEWS = {"": "Latest activity", "unanswered": "Unanswered", "needs": "Needs your discipline",
         "following": "Following"}


def _list_filter(space: str = "") -> reading.ListFilter:
    args = request.args
    view = args.get("view", "")
    discipline = args.get("discipline", "")
    return reading.ListFilter(space=space or args.get("space", "")[:80], tag=args.get("tag", "").strip().lower()[:40],
                              discipline=discipline if discipline in DISCIPLINE_NAMES else "",
                              view=view if view in VIEWS else "")


@bp.route("/threads")
@login_required
def index():
    require(current_user, "threads.read")
    filters = _list_filter()
    return render_template("threads/list.html", listing=reading.list_threads(
        current_user, filters, request.args.get("after")), spaces=reading.spaces(), space=None,
        views=VIEWS, disciplines=DISCIPLINES)


@bp.route("/spaces/<slug>")
@login_required
def space(slug: str):
    require(current_user, "threads.read")
    spaces = reading.spaces()
    current = next((s for s in spaces if s.slug == slug), None)
    if current is None:
        abort(404)
    return render_template("threads/list.html", listing=reading.list_threads(
        current_user, _list_filter(slug), request.args.get("after")), spaces=spaces, space=current,
        views=VIEWS, disciplines=DISCIPLINES)


@bp.route("/threads/new", methods=["GET", "POST"])
@login_required
def new():
    require(current_user, "threads.start")
    form = ThreadForm()
    spaces = reading.spaces()
    form.space.choices = options([("", "Choose a space"), *((s.slug, s.name) for s in spaces)])
    if request.method == "GET":
        form.space.data = request.args.get("space", "")
        form.client_token.data = uuid.uuid4().hex
    if form.validate_on_submit():
        try:
            thread = posting.start_thread(
                current_user, title=form.title.data, body=form.body.data, space=form.space.data,
                disciplines=form.disciplines.data or [], tags=form.tags.data or "",
                client_token=form.client_token.data or None)
        except InvalidInput as error:
            return form_failed("threads/new.html", form, error)
        flash(NEW_THREAD_DRAFT, DRAFT_SENT)
        return redirect(url_for("threads.show", thread_id=thread.id))
    return render_form("threads/new.html", form)


def _thread_page(thread_id: int, form: CommentForm, status: int = 200):
    thread = posting.get_thread(thread_id)
    require(current_user, "threads.read", thread)
    view = reading.thread_page(current_user, thread, page_number())
    if not form.client_token.data:
        form.client_token.data = uuid.uuid4().hex
    suggestions = reading.suggested_voices(thread) if thread.author_id == current_user.id else []
    return render_template("threads/show.html", view=view, thread=thread, form=form,
                           posts=markup.for_page(view, current_user), suggestions=suggestions), status


@bp.route("/threads/<int:thread_id>")
@login_required
def show(thread_id: int):
    form = CommentForm(formdata=None)
    quote = parse_id(request.args.get("quote"))
    if quote is not None:
        form.body.data = posting.quotation(current_user, quote, posting.get_thread(thread_id))
    return _thread_page(thread_id, form)


@bp.route("/threads/<int:thread_id>/comments", methods=["POST"])
@login_required
def comment(thread_id: int):
    thread = posting.get_thread(thread_id)
    require(current_user, "threads.read", thread)
    form = CommentForm()
    if not form.validate_on_submit():
        return _thread_page(thread_id, form, 422)
    try:
        post = posting.add_comment(current_user, thread, body=form.body.data, parent_id=form.parent_id,
                                   client_token=form.client_token.data or None)
    except InvalidInput as error:
        apply_to_form(form, error)
        return _thread_page(thread_id, form, error.status)  # 429 past a posting limit
    flash(f"comment-{thread_id}", DRAFT_SENT)
    return redirect(reading.post_url(post))


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    post = posting.readable_post(current_user, post_id)
    require(current_user, "posts.edit", post)
    form = EditForm(data=None if request.method == "POST" else {"body": post.body_source})
    if form.validate_on_submit():
        try:
            posting.edit_post(current_user, post, body=form.body.data)
        except InvalidInput as error:
            return form_failed("threads/edit.html", form, error, post=post)
        flash("Your post has been updated.")
        return redirect(reading.post_url(post))
    return render_form("threads/edit.html", form, post=post)


@bp.route("/posts/<int:post_id>/delete", methods=["POST"])
@login_required
def delete(post_id: int):
    post = posting.readable_post(current_user, post_id)
    posting.delete_post(current_user, post)
    flash("The post has been removed.")
    return redirect(reading.post_url(post))


@bp.route("/posts/<int:post_id>/helpful", methods=["POST"])
@login_required
def helpful(post_id: int):
    post = posting.readable_post(current_user, post_id)
    posting.mark_helpful(current_user, post, helpful=request.form.get("helpful") != "0")
    return redirect(reading.post_url(post))


@bp.route("/posts/<int:post_id>/<any(react, unreact):action>", methods=["POST"])
@login_required
def react(post_id: int, action: str):
    post = posting.readable_post(current_user, post_id)
    kind = request.form.get("kind", "")
    try:
        (reactions.react if action == "react" else reactions.unreact)(current_user, post, kind)
    except InvalidInput as error:
        if request.accept_mimetypes.best == "application/json":
            return jsonify(ok=False, error=next(iter(error.errors.values()))), 409
        flash(next(iter(error.errors.values())), "error")
        return redirect(reading.post_url(post)), 303
    if request.accept_mimetypes.best == "application/json":
        return jsonify(ok=True, kind=kind, count=post.reaction_count(kind))
    return redirect(reading.post_url(post))


@bp.route("/posts/<int:post_id>/block")
@login_required
def post_block(post_id: int):
    """One post drawn for the signed-in member, as their thread page draws it. A live comment
    arrives drawn for any reader; thread.js swaps in this when its reader may do more."""
    post = posting.readable_post(current_user, post_id)
    html = markup.for_page(reading.one_post(current_user, post), current_user).post(post)
    if not html:  # held for review, and not theirs to see
        abort(404)
    return html


@bp.route("/posts/<int:post_id>/reactions")
@login_required
def who_reacted(post_id: int):
    # Held, hidden or removed: 404, as its thread page shows no author or reactions either.
    post = posting.readable_post(current_user, post_id)
    return render_template("threads/reactions.html", post=post, people=reactions.who_reacted(post),
                           reactions=REACTIONS)


@bp.route("/posts/<int:post_id>/history")
@login_required
def history(post_id: int):
    post = posting.readable_post(current_user, post_id)
    require(current_user, "posts.see_history", post)
    return render_template("threads/history.html", post=post, revisions=posting.revisions(post))


@bp.route("/threads/<int:thread_id>/follow", methods=["POST"])
@login_required
def follow(thread_id: int):
    thread = posting.get_thread(thread_id)
    require(current_user, "threads.read", thread)
    state = request.form.get("state", "")
    if state not in ("following", "muted", "none"):
        abort(400)
    following.set_follow(current_user, thread, None if state == "none" else state)
    flash({"following": "You are following this thread.", "muted": "You have muted this thread.",
           "none": "You are no longer following this thread."}[state])
    return redirect(url_for("threads.show", thread_id=thread.id))


@bp.route("/threads/<int:thread_id>/read", methods=["POST"])
@login_required
def mark_read(thread_id: int):
    thread = posting.get_thread(thread_id)
    require(current_user, "threads.read", thread)
    number = parse_number(request.form.get("number"), 0)
    if number is None:
        abort(400)
    following.mark_read(current_user, thread, number)
    return ("", 204)


@bp.route("/preview", methods=["POST"])
@limiter.limit("60/minute", key_func=member_key)
def preview():
    """Markdown -> the cleaned HTML a post would store, for the Preview button (JSON, CSRF header)."""
    if not current_user.is_authenticated:
        return jsonify(error="Sign in to preview what you write."), 401
    if not can(current_user, "content.preview"):
        return jsonify(error="Your account cannot post yet, so there is nothing to preview."), 403
    body = request.form.get("body", "")
    if has_control_characters(body):
        return jsonify(error="Remove the unusual characters from what you wrote."), 422
    if len(body) > BODY_MAX:
        return jsonify(error=f"Keep it to {BODY_MAX:,} characters or fewer."), 422
    return jsonify(html=render_markdown(body))


# /admin/spaces: admins create, rename, describe and order the discussion spaces. ----------

@spaces_bp.route("/admin/spaces", methods=["GET", "POST"], endpoint="index")
@login_required
def spaces_index():
    require(current_user, "spaces.manage")
    form = SpaceForm()
    if form.validate_on_submit():
        try:
            space = space_admin.create(current_user, name=form.name.data, description=form.description.data)
        except InvalidInput as error:
            return form_failed("threads/spaces_admin.html", form, error, spaces=space_admin.ordered())
        flash(f"Space “{space.name}” created.")
        return redirect(url_for("spaces.index"))
    return render_form("threads/spaces_admin.html", form, spaces=space_admin.ordered())


@spaces_bp.route("/admin/spaces/<slug>/edit", methods=["GET", "POST"], endpoint="edit")
@login_required
def edit_space(slug: str):
    require(current_user, "spaces.manage")
    space = space_admin.by_slug(slug)
    form = SpaceForm(obj=space)
    if form.validate_on_submit():
        try:
            space_admin.update(current_user, space, name=form.name.data, description=form.description.data)
        except InvalidInput as error:
            return form_failed("threads/space_edit.html", form, error, space=space)
        flash(f"Space “{space.name}” saved.")
        return redirect(url_for("spaces.index"))
    return render_form("threads/space_edit.html", form, space=space)


@spaces_bp.route("/admin/spaces/<slug>/move", methods=["POST"], endpoint="move")
@login_required
def move_space(slug: str):
    require(current_user, "spaces.manage")
    space = space_admin.by_slug(slug)
    try:
        space_admin.move(current_user, space, request.form.get("direction", ""))
    except InvalidInput as error:
        flash(error.errors["direction"], "error")
    return redirect(url_for("spaces.index"))
