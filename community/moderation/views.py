"""/moderation (the approval queue) and /admin (roles and suspensions)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..errors import InvalidInput
from ..extensions import db
from ..members.models import Member
from ..permissions import require
from ..web import page_number
from . import services

bp = Blueprint("moderation", __name__)


def _member(member_id: int) -> Member:
    member = db.session.get(Member, member_id)
    if member is None:
        abort(404)
    return member


def _flash_errors(error: InvalidInput) -> None:
    for message in error.errors.values():
        flash(message, "error")


@bp.route("/moderation")
@login_required
def queue():
    require(current_user, "moderation.approve_members")
    return render_template("moderation/queue.html", waiting=services.awaiting_approval())


@bp.route("/moderation/members/<int:member_id>/<decision>", methods=["POST"])
@login_required
def decide(member_id: int, decision: str):
    require(current_user, "moderation.approve_members")
    if decision not in ("approve", "decline"):
        abort(404)
    member = _member(member_id)
    name = member.name
    try:
        getattr(services, decision)(current_user, member)
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
                           results=services.list_members(q, page_number()))


@bp.route("/admin/members/<int:member_id>", methods=["GET", "POST"])
@login_required
def admin_member(member_id: int):
    require(current_user, "admin.view")
    member = _member(member_id)
    if request.method == "POST":
        chosen = request.form.getlist("roles")
        try:
            services.set_roles(current_user, member, chosen)
        except InvalidInput as error:
            # Beside the roles, with what the admin ticked still ticked.
            return render_template("moderation/admin_member.html", member=member,
                                   grantable=services.GRANTABLE, chosen=set(chosen),
                                   errors=error.errors), 422
        flash(f"Roles for {member.name} saved.")
        return redirect(url_for("moderation.admin_member", member_id=member.id))
    return render_template("moderation/admin_member.html", member=member, grantable=services.GRANTABLE,
                           chosen=member.role_names, errors={})


@bp.route("/admin/members/<int:member_id>/<action>", methods=["POST"])
@login_required
def admin_action(member_id: int, action: str):
    require(current_user, "admin.view")
    if action not in ("suspend", "reinstate"):
        abort(404)
    member = _member(member_id)
    try:
        getattr(services, action)(current_user, member)
    except InvalidInput as error:
        _flash_errors(error)
    else:
        flash(f"{member.name} suspended." if action == "suspend" else f"{member.name} reinstated.")
    return redirect(url_for("moderation.admin_member", member_id=member.id))
