"""Set and meeting pages, invitations, and calendars (.ics downloads and the secret feed)."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..dates import LONDON, utcnow
from ..errors import InvalidInput
from ..links import site_url
from ..permissions import can, require
from ..web import form_failed, page_number, render_form
from .forms import TIMED_PHASES, AcceptForm, InviteForm, MeetingEditForm, MeetingForm, SetForm
from .models import MESSAGE_MAX
from .process import EXTENSIONS, LABELS
from .process.state import EACH
from .services import calendar, meetings, sets

bp = Blueprint("rooms", __name__)


def _reader():
    """Everyone who may read the members' areas; the set itself decides the rest (404)."""
    require(current_user, "members.read")


def _feed_url() -> str:
    # From BASE_URL, like mail links: the address is copied into other apps, so never the Host header's.
    return site_url("rooms.feed", token=calendar.feed_token(current_user))


@bp.route("/sets")
@login_required
def index():
    _reader()
    return render_template("rooms/index.html", learning_sets=sets.sets_of(current_user),
                           invitations=sets.invitations_of(current_user),
                           upcoming=meetings.upcoming_for(current_user),
                           may_create=can(current_user, "sets.create"),
                           feed_url=_feed_url())


@bp.route("/sets/new", methods=["GET", "POST"])
@login_required
def new_set():
    require(current_user, "sets.create", None, "Only facilitators can create action learning sets")
    form = SetForm()
    if form.validate_on_submit():
        try:
            made = sets.create_set(current_user, name=form.name.data, purpose=form.purpose.data,
                                   ground_rules=form.ground_rules.data, video_link=form.video_link.data,
                                   size_limit=form.size_limit.data)
        except InvalidInput as error:
            return form_failed("rooms/set_form.html", form, error, editing=None)
        flash("Your set is ready. Invite its members from the directory.")
        return redirect(url_for("rooms.invite", set_id=made.id), 303)
    return render_form("rooms/set_form.html", form, editing=None)


@bp.route("/sets/<int:set_id>")
@login_required
def show_set(set_id: int):
    _reader()
    seen = sets.access(current_user, set_id)
    if not can(current_user, "sets.read", seen):
        return render_template("rooms/invitation.html", seen=seen, learning_set=seen.learning_set,
                               form=AcceptForm())
    all_meetings = meetings.meetings_of(seen.id)
    now = utcnow()
    manages = can(current_user, "sets.manage", seen)
    return render_template(
        "rooms/set.html", seen=seen, learning_set=seen.learning_set, manages=manages,
        members=sets.members_of(seen.id),
        invited=sets.members_of(seen.id, ("invited",)) if manages else [],
        upcoming=[m for m in all_meetings if m.closed_at is None and m.starts_at > now - _running(m)],
        past=[m for m in all_meetings if not (m.closed_at is None and m.starts_at > now - _running(m))],
        actions=meetings.open_actions(current_user.id, seen.id))


def _running(meeting) -> timedelta:
    return timedelta(minutes=meeting.duration_minutes)


def _set_form_data(learning_set) -> dict:
    return {"name": learning_set.name, "purpose": learning_set.purpose_source,
            "ground_rules": learning_set.ground_rules_source, "video_link": learning_set.video_link or "",
            "size_limit": learning_set.size_limit}


@bp.route("/sets/<int:set_id>/edit", methods=["GET", "POST"])
@login_required
def edit_set(set_id: int):
    _reader()
    seen = sets.access(current_user, set_id)
    require(current_user, "sets.manage", seen, "Only the set's facilitator can change it")
    form = SetForm(data=None if request.method == "POST" else _set_form_data(seen.learning_set))
    if form.validate_on_submit():
        try:
            sets.update_set(current_user, seen, name=form.name.data, purpose=form.purpose.data,
                            ground_rules=form.ground_rules.data, video_link=form.video_link.data,
                            size_limit=form.size_limit.data)
        except InvalidInput as error:
            return form_failed("rooms/set_form.html", form, error, editing=seen.learning_set)
        flash("The set's details are saved.")
        return redirect(url_for("rooms.show_set", set_id=seen.id), 303)
    return render_form("rooms/set_form.html", form, editing=seen.learning_set)


@bp.route("/sets/<int:set_id>/invite", methods=["GET", "POST"])
@login_required
def invite(set_id: int):
    _reader()
    seen = sets.access(current_user, set_id)
    require(current_user, "sets.manage", seen, "Only the set's facilitator can invite people")
    q = request.args.get("q", "").strip()[:120]
    form = InviteForm()
    status = 200
    if form.validate_on_submit():
        try:
            invitee = sets.invite(current_user, seen, form.member.data)
        except InvalidInput as error:
            form.member.errors = [*form.member.errors, *error.errors.values()]
            status = error.status
        else:
            flash(f"{invitee.name} is invited. They will get a notification and an email.")
            return redirect(url_for("rooms.invite", set_id=seen.id, q=q or None), 303)
    elif request.method == "POST":
        status = 422
    found, standing = sets.candidates(seen, q, page_number())
    return render_template("rooms/invite.html", form=form, seen=seen, learning_set=seen.learning_set, q=q,
                           found=found, standing=standing, members=sets.members_of(seen.id, ("invited", "active"))), status


@bp.route("/sets/<int:set_id>/accept", methods=["POST"])
@login_required
def accept(set_id: int):
    _reader()
    seen = sets.access(current_user, set_id)
    form = AcceptForm()
    if form.validate_on_submit():
        try:
            sets.accept(current_user, seen, ground_rules=form.ground_rules.data)
        except InvalidInput as error:
            return form_failed("rooms/invitation.html", form, error, seen=seen, learning_set=seen.learning_set)
        flash(f"Welcome to {seen.learning_set.name}.")
        return redirect(url_for("rooms.show_set", set_id=seen.id), 303)
    return render_form("rooms/invitation.html", form, seen=seen, learning_set=seen.learning_set)


@bp.route("/sets/<int:set_id>/decline", methods=["POST"])
@login_required
def decline(set_id: int):
    _reader()
    seen = sets.access(current_user, set_id)
    sets.decline(current_user, seen)
    flash("You declined the invitation.")
    return redirect(url_for("rooms.index"), 303)


@bp.route("/sets/<int:set_id>/members/<int:member_id>/remove", methods=["POST"])
@login_required
def remove_member(set_id: int, member_id: int):
    _reader()
    seen = sets.access(current_user, set_id)
    removed = sets.remove(current_user, seen, member_id)
    flash(f"{removed.name} is no longer in the set.")
    return redirect(url_for("rooms.show_set", set_id=seen.id), 303)


@bp.route("/sets/<int:set_id>/leave", methods=["POST"])
@login_required
def leave(set_id: int):
    _reader()
    seen = sets.access(current_user, set_id)
    sets.leave(current_user, seen)
    flash(f"You have left {seen.learning_set.name}.")
    return redirect(url_for("rooms.index"), 303)


def _schedule_form_failed(form, seen, error):
    if "timings" in error.errors:
        form.form_errors.append(error.errors.pop("timings"))
    return form_failed("rooms/meeting_form.html", form, error, learning_set=seen.learning_set, meeting=None)


@bp.route("/sets/<int:set_id>/meetings/new", methods=["GET", "POST"])
@login_required
def new_meeting(set_id: int):
    _reader()
    seen = sets.access(current_user, set_id)
    require(current_user, "sets.manage", seen, "Only the set's facilitator can schedule meetings")
    form = MeetingForm()
    if form.validate_on_submit():
        repeat = (meetings.Repeat(every_weeks=form.every_weeks.data or 0, occurrences=form.occurrences.data or 0)
                  if form.repeat.data == "series" else meetings.Repeat())
        try:
            made = meetings.schedule(current_user, seen, title=form.title.data, agenda=form.agenda.data,
                                     day=form.start_date.data, at=form.start_time.data,
                                     duration=form.duration.data, repeat=repeat, timings=form.timings)
        except InvalidInput as error:
            return _schedule_form_failed(form, seen, error)
        flash(f"{len(made)} meetings scheduled." if len(made) > 1 else "The meeting is scheduled.")
        return redirect(url_for("rooms.show_set", set_id=seen.id), 303)
    return render_form("rooms/meeting_form.html", form, learning_set=seen.learning_set, meeting=None)


@bp.route("/meetings/<int:meeting_id>")
@login_required
def show_meeting(meeting_id: int):
    _reader()
    meeting, seen = meetings.meeting_for(current_user, meeting_id)
    return render_template("rooms/meeting.html", meeting=meeting, seen=seen, learning_set=seen.learning_set,
                           manages=can(current_user, "sets.manage", seen),
                           series_size=meetings.series_size(meeting),
                           timing_labels=[(p.value, LABELS[p]) for p in TIMED_PHASES],
                           per_member={p.value for p in EACH})


@bp.route("/meetings/<int:meeting_id>/room")
@login_required
def meeting_room(meeting_id: int):
    """The live room's page; what happens in it arrives over Socket.IO (static/js/room.js)."""
    _reader()
    meeting, seen = meetings.meeting_for(current_user, meeting_id)
    people = {m.member_id: m.member.name for m in sets.members_of(seen.id)}
    people[seen.learning_set.facilitator_id] = seen.learning_set.facilitator.name
    return render_template("rooms/room.html", meeting=meeting, learning_set=seen.learning_set,
                           people={str(k): v for k, v in people.items()}, message_max=MESSAGE_MAX,
                           extensions=EXTENSIONS)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit_meeting(meeting_id: int):
    _reader()
    meeting, seen = meetings.meeting_for(current_user, meeting_id)
    require(current_user, "sets.manage", seen, "Only the set's facilitator can change meetings")
    local = meeting.starts_at.astimezone(LONDON)
    data = None if request.method == "POST" else {
        "title": meeting.title, "agenda": meeting.agenda_source, "start_date": local.date(),
        "start_time": local.time().replace(second=0, microsecond=0), "duration": meeting.duration_minutes,
        **{f"minutes_{phase}": minutes for phase, minutes in meeting.timings.items()}}
    form = MeetingEditForm(data=data)
    if form.validate_on_submit():
        try:
            meetings.update_meeting(current_user, meeting, title=form.title.data, agenda=form.agenda.data,
                                    day=form.start_date.data, at=form.start_time.data,
                                    duration=form.duration.data, timings=form.timings)
        except InvalidInput as error:
            if "timings" in error.errors:
                form.form_errors.append(error.errors.pop("timings"))
            return form_failed("rooms/meeting_form.html", form, error, learning_set=seen.learning_set,
                               meeting=meeting)
        flash("The meeting is saved. Calendars that subscribe to your feed will update.")
        return redirect(url_for("rooms.show_meeting", meeting_id=meeting.id), 303)
    return render_form("rooms/meeting_form.html", form, learning_set=seen.learning_set, meeting=meeting)


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/meetings/<int:meeting_id>/calendar.ics")
@login_required
def meeting_ics(meeting_id: int):
    _reader()
    meeting, _ = meetings.meeting_for(current_user, meeting_id)
    return _ics(calendar.meeting_ics(meeting), f"meeting-{meeting.id}.ics")


@bp.route("/calendar/<token>.ics")
def feed(token: str):
    """The secret address is the credential: calendar apps cannot sign in."""
    member = calendar.member_for_token(token)
    return _ics(calendar.feed_ics(member), "action-learning-sets.ics")


@bp.route("/calendar/reset", methods=["POST"])
@login_required
def reset_feed():
    _reader()
    calendar.reset_feed(current_user)
    flash("Your calendar address is new. The old one no longer works: subscribe again with the new one.")
    return redirect(url_for("rooms.index"), 303)
