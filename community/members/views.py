"""The members' pages: directory, profiles, one's own profile, connections."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user

from ..disciplines import CHOICES as DISCIPLINES
from ..errors import InvalidInput
from ..lookups import get_or_404
from ..permissions import can, require
from ..web import form_failed, page_number, render_form, safe_next
from .forms import ChangeEmailForm, ChangePasswordForm, ProfileForm
from .models import OPEN_TO, Member
from .services import accounts, connections, directory, profiles

bp = Blueprint("members", __name__)

def _require_member_area() -> None:
    # A refusal shows the account's standing (permissions.standing): waiting for approval, say.
    require(current_user, "members.read")


@bp.route("/members")
@login_required
def directory_page():
    _require_member_area()
    query = directory.DirectoryQuery(**{
        key: request.args.get(key, "").strip()[:120]
        for key in ("q", "discipline", "organisation", "place", "interest", "open_to")})
    results = directory.search(query, page_number(),
                               per_page=current_app.config["DIRECTORY_PAGE_SIZE"])
    return render_template(
        "members/directory.html", query=query, results=results, disciplines=DISCIPLINES,
        open_to=OPEN_TO, organisations=directory.known_organisations(),
        places=directory.known_places())


@bp.route("/members/<int:member_id>")
@login_required
def profile(member_id: int):
    if member_id != current_user.id:
        _require_member_area()
    member = get_or_404(Member, member_id)
    if not can(current_user, "members.view_profile", member):
        abort(404)  # someone still waiting for approval is not yet a member others may know of
    net = connections.network(member)
    return render_template(
        "members/profile.html", member=member, network=net,
        activity=profiles.recent_activity(member, current_user),
        connection_status=connections.status_with(current_user, member) if member.id != current_user.id else "self",
        connection=connections.between(current_user.id, member.id))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def edit_profile():
    require(current_user, "profile.edit", current_user)
    member = current_user
    form = ProfileForm(data=None if request.method == "POST" else {
        "name": member.name, "discipline": member.discipline, "job_title": member.job_title,
        "organisation": member.organisation_name, "place": member.place, "bio": member.bio_source,
        "interests": ", ".join(member.tags_of("interest")),
        "expertise": ", ".join(member.tags_of("expertise")),
        "open_to": [o.offer for o in member.offers]})
    context = {"organisations": directory.known_organisations(), "places": directory.known_places()}
    if form.validate_on_submit():
        try:
            profiles.update_profile(
                member, name=form.name.data, discipline=form.discipline.data,
                job_title=form.job_title.data or "", organisation=form.organisation.data or "",
                place=form.place.data or "", bio=form.bio.data or "",
                interests=form.interests.data or "", expertise=form.expertise.data or "",
                open_to=form.open_to.data or [])
        except InvalidInput as error:
            return form_failed("members/edit_profile.html", form, error, **context)
        flash("Your profile has been saved.")
        if not can(member, "members.view_profile", member):  # waiting for approval
            return redirect(url_for("members.edit_profile"))
        return redirect(url_for("members.profile", member_id=member.id))
    return render_form("members/edit_profile.html", form, **context)


@bp.route("/profile/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data, form.new_password.data)
        except InvalidInput as error:
            return form_failed("members/change_password.html", form, error)
        login_user(current_user._get_current_object())  # stay signed in here, signed out elsewhere
        flash("Your password has been changed. Other devices have been signed out.")
        return redirect(url_for("members.edit_profile"))
    return render_form("members/change_password.html", form)


@bp.route("/profile/email", methods=["GET", "POST"])
@login_required
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            accounts.request_email_change(current_user, form.email.data, form.password.data)
        except InvalidInput as error:
            return form_failed("members/change_email.html", form, error)
        flash(f"We have sent a confirmation link to {accounts.normalise_email(form.email.data)}. "
              "Your email address changes when you follow it.")
        return redirect(url_for("members.edit_profile"))
    return render_form("members/change_email.html", form)


@bp.route("/network")
@login_required
def network():
    _require_member_area()
    return render_template("members/network.html", network=connections.network(current_user))


@bp.route("/members/<int:member_id>/connect", methods=["POST"])
@login_required
def connect(member_id: int):
    _require_member_area()
    other = get_or_404(Member, member_id)
    try:
        connection = connections.request(current_user, other)
    except InvalidInput as error:
        flash(next(iter(error.errors.values())), "error")
    else:
        flash(f"You are now connected with {other.name}." if connection.status == "accepted"
              else f"Connection request sent to {other.name}.")
    return redirect(url_for("members.profile", member_id=other.id))


CONNECTION_ACTIONS = {
    "accept": (connections.accept, "You are now connected with {name}."),
    "decline": (connections.decline, "You declined {name}'s request."),
    "withdraw": (connections.withdraw, "You withdrew your request to {name}."),
    "remove": (connections.remove, "You are no longer connected with {name}."),
}


@bp.route("/connections/<int:connection_id>/<action>", methods=["POST"])
@login_required
def connection_action(connection_id: int, action: str):
    _require_member_area()
    if action not in CONNECTION_ACTIONS:
        abort(404)
    connection = connections.get(connection_id)
    other = connection.other(current_user.id)
    service, message = CONNECTION_ACTIONS[action]
    try:
        service(current_user, connection)
    except InvalidInput as error:
        flash(next(iter(error.errors.values())), "error")
    else:
        flash(message.format(name=other.name))
    # CSRFProtect has already checked the token on every POST.
    return redirect(safe_next(request.form.get("next"), url_for("members.network")))
