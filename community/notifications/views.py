"""Notification pages, the digest preference, @mention suggestions and thread invitations."""
from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..content import mention_syntax
from ..errors import InvalidInput
from ..permissions import can, require
from ..threads.services.posting import get_thread
from ..extensions import limiter
from ..web import member_key, page_number, render_form
from .services import digests, inbox, invitations, suggestions
from .forms import DigestForm
from .models import DIGEST_FREQUENCIES

bp = Blueprint("notifications", __name__)


@bp.route("/notifications")
@login_required
def index():
    require(current_user, "members.read")
    listing = inbox.page(current_user, page_number())
    return render_template("notifications/list.html", listing=listing, describe=inbox.describe,
                           snippet=inbox.snippet)


@bp.route("/notifications/<int:notification_id>/open", methods=["POST"])
@login_required
def open_one(notification_id: int):
    require(current_user, "members.read")
    return redirect(inbox.open_notification(current_user, notification_id), 303)


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def read_all():
    require(current_user, "members.read")
    inbox.mark_all_read(current_user)
    flash("All your notifications are marked as read.")
    return redirect(url_for("notifications.index"), 303)


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def settings():
    require(current_user, "profile.edit", current_user)
    form = DigestForm(data=None if request.method == "POST" else {"frequency": current_user.digest_frequency})
    if form.validate_on_submit():
        digests.set_digest_frequency(current_user, form.frequency.data)
        flash({"off": "You will not get digest emails.",
               "daily": "You will get a daily digest of unread notifications.",
               "weekly": "You will get a weekly digest of unread notifications."}[form.frequency.data])
        return redirect(url_for("notifications.settings"), 303)
    return render_form("notifications/settings.html", form, frequencies=DIGEST_FREQUENCIES)


@bp.route("/members/suggest")
# Typing fires a request per pause; this is far above a person typing, far below a scraper.
@limiter.limit("120/minute", key_func=member_key)
def suggest():
    """JSON for the @mention menu: [{id, name, discipline, mention}], at most 8."""
    if not can(current_user, "members.read"):
        return jsonify(error="Sign in as a member to see suggestions"), 403
    people = suggestions.suggest_members(current_user, request.args.get("q", ""))
    return jsonify([{"id": m.id, "name": m.name, "discipline": m.discipline_label,
                     "mention": mention_syntax(m.id, m.name)} for m in people])


@bp.route("/threads/<int:thread_id>/invite/<int:member_id>", methods=["POST"])
@login_required
def invite(thread_id: int, member_id: int):
    thread = get_thread(thread_id)
    require(current_user, "threads.read", thread)
    try:
        invitee = invitations.invite(current_user, thread, member_id)
    except InvalidInput as error:
        flash(next(iter(error.errors.values())), "error")
    else:
        flash(f"{invitee.name} has been invited. They will get a notification and an email.")
    return redirect(url_for("threads.show", thread_id=thread.id), 303)
