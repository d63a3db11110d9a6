"""Meetings: scheduling one or a series, changing one, and what a member sees of them.

Times are typed as people read them (Europe/London wall-clock time) and stored in UTC. A series
repeats the *local* time: every N weeks at 10:00 stays at 10:00 across the clocks changing, so
its UTC times move by an hour at each change.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, or_, select

from ...content import clean_block, clean_line, render_markdown
from ...dates import LONDON, utcnow
from ...db import atomic
from ...errors import InvalidInput, NotFound
from ...extensions import db
from ...lookups import get_or_404
from ...permissions import can, is_active_member, require
from ..models import (AGENDA_MAX, DURATION_DEFAULT, DURATION_MAX, DURATION_MIN, EVERY_WEEKS_MAX,
                      OCCURRENCES_MAX, TITLE_MAX, ActionCommitment, LearningSet, Meeting, SetMembership)
from ..process import Timings
from .sets import SetAccess, access



@dataclass(frozen=True)
class Repeat:
    every_weeks: int = 0  # 0: once
    occurrences: int = 1


def london_time(day: date, at: time) -> datetime:
    """A wall-clock time in London as an aware UTC datetime; InvalidInput for a time the clocks
    skip (the hour after 1am on the last Sunday of March). An hour that happens twice (October)
    is taken the first time, in summer time."""
    local = datetime.combine(day, at, tzinfo=LONDON)
    utc = local.astimezone(timezone.utc)
    if utc.astimezone(LONDON).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise InvalidInput(start_time=f"{at.strftime('%H:%M')} does not happen on "
                                      f"{day.strftime('%-d %B %Y')}: the clocks go forward. Choose another time")
    return utc


def _timings(changes: dict | None) -> dict[str, int]:
    try:
        return Timings().override(dict(changes or {})).as_dict()
    except ValueError as error:
        raise InvalidInput(timings=str(error)) from None


def _text(title: str, agenda: str) -> dict:
    # A field left out of the request altogether arrives as None.
    title = clean_line(title)
    agenda = clean_block(agenda)
    errors = {}
    if not title:
        errors["title"] = "Enter a title for the meeting"
    elif len(title) > TITLE_MAX:
        errors["title"] = f"The title must be {TITLE_MAX} characters or fewer"
    if len(agenda) > AGENDA_MAX:
        errors["agenda"] = f"The agenda must be {AGENDA_MAX:,} characters or fewer"
    if errors:
        raise InvalidInput(errors)
    return {"title": title, "agenda_source": agenda, "agenda_html": render_markdown(agenda, None)}


def _duration(minutes) -> int:
    if not isinstance(minutes, int) or not DURATION_MIN <= minutes <= DURATION_MAX:
        raise InvalidInput(duration=f"A meeting lasts from {DURATION_MIN} to {DURATION_MAX} minutes")
    return minutes


def starts(day: date, at: time, repeat: Repeat) -> list[datetime]:
    """The UTC start of each meeting: the same London time every `every_weeks` weeks."""
    if repeat.every_weeks == 0:
        return [london_time(day, at)]
    if not 1 <= repeat.every_weeks <= EVERY_WEEKS_MAX:
        raise InvalidInput(every_weeks=f"Repeat every 1 to {EVERY_WEEKS_MAX} weeks")
    if not 2 <= repeat.occurrences <= OCCURRENCES_MAX:
        raise InvalidInput(occurrences=f"A series has from 2 to {OCCURRENCES_MAX} meetings")
    return [london_time(day + timedelta(weeks=repeat.every_weeks * n), at) for n in range(repeat.occurrences)]


def schedule(facilitator, seen: SetAccess, *, title: str, agenda: str, day: date, at: time,
             duration: int = DURATION_DEFAULT, repeat: Repeat = Repeat(),
             timings: dict | None = None) -> list[Meeting]:
    """One meeting, or a series (numbered "title (2 of 6)" in lists); each its own row."""
    require(facilitator, "sets.manage", seen, "Only the set's facilitator can schedule meetings")
    errors = {}
    values = {}
    for check in (lambda: values.update(_text(title, agenda)), lambda: values.update(duration_minutes=_duration(duration)),
                  lambda: values.update(timings=_timings(timings))):
        try:
            check()
        except InvalidInput as error:
            errors.update(error.errors)
    try:
        times = starts(day, at, repeat)
    except InvalidInput as error:
        errors.update(error.errors)
    else:
        if times[0] <= utcnow():
            errors.setdefault("start_date", "Choose a date and time in the future")
    if errors:
        raise InvalidInput(errors)
    key = secrets.token_hex(8) if len(times) > 1 else None
    with atomic():
        meetings = [Meeting(set_id=seen.id, starts_at=start, series_key=key,
                            series_number=(n + 1) if key else None, **values)
                    for n, start in enumerate(times)]
        db.session.add_all(meetings)
    return meetings


def update_meeting(facilitator, meeting: Meeting, *, title: str, agenda: str, day: date, at: time,
                   duration: int, timings: dict | None) -> Meeting:
    seen = access(facilitator, meeting.set_id)
    require(facilitator, "sets.manage", seen, "Only the set's facilitator can change meetings")
    errors = {}
    values = {}
    for check in (lambda: values.update(_text(title, agenda)), lambda: values.update(duration_minutes=_duration(duration)),
                  lambda: values.update(timings=_timings(timings)), lambda: values.update(starts_at=london_time(day, at))):
        try:
            check()
        except InvalidInput as error:
            errors.update(error.errors)
    if meeting.closed_at is not None:
        errors.setdefault("title", "This meeting has ended, so it cannot be changed")
    if errors:
        raise InvalidInput(errors)
    with atomic():
        for key, value in values.items():
            setattr(meeting, key, value)
        meeting.revision += 1
    return meeting


# Reading ------------------------------------------------------------------------------------------

def meeting_for(member, meeting_id) -> tuple[Meeting, SetAccess]:
    """The meeting and its set, for its members and facilitator; NotFound for everyone else (an
    invitee sees the set's invitation, not its meetings)."""
    meeting = get_or_404(Meeting, meeting_id)
    seen = access(member, meeting.set_id)
    if not can(member, "sets.read", seen):
        raise NotFound()
    return meeting, seen


def meetings_of(set_id: int) -> list[Meeting]:
    return list(db.session.scalars(select(Meeting).where(Meeting.set_id == set_id)
                                   .order_by(Meeting.starts_at, Meeting.id)))


def _readable_sets(member):
    mine = select(SetMembership.set_id).where(SetMembership.member_id == member.id,
                                              SetMembership.status == "active")
    return or_(LearningSet.facilitator_id == member.id, LearningSet.id.in_(mine))


def upcoming_for(member, limit: int = 10, now: datetime | None = None) -> list[Meeting]:
    """Meetings not yet over in the sets `member` belongs to or facilitates, soonest first."""
    if not is_active_member(member):
        return []
    now = now or utcnow()
    # Still "upcoming" while it runs: ends after now (duration in minutes, compared in Python for
    # both databases' sake, over a window wide enough for the longest meeting).
    rows = db.session.scalars(select(Meeting).join(LearningSet).where(
        _readable_sets(member), Meeting.closed_at.is_(None),
        Meeting.starts_at > now - timedelta(minutes=DURATION_MAX))
        .order_by(Meeting.starts_at, Meeting.id).limit(limit + 5)).all()
    return [m for m in rows if m.starts_at + timedelta(minutes=m.duration_minutes) > now][:limit]


def feed_meetings(member, since: datetime) -> list[Meeting]:
    """For a calendar feed: the member's sets' meetings from `since` on."""
    return list(db.session.scalars(select(Meeting).join(LearningSet).where(
        _readable_sets(member), Meeting.starts_at >= since).order_by(Meeting.starts_at, Meeting.id)))


def open_actions(member_id: int, set_id: int) -> list[ActionCommitment]:
    """`member`'s own open actions from the set's meetings (nobody sees another's here)."""
    return list(db.session.scalars(select(ActionCommitment).join(Meeting).where(
        ActionCommitment.member_id == member_id, Meeting.set_id == set_id,
        ActionCommitment.status == "open").order_by(ActionCommitment.created_at, ActionCommitment.id)))


def series_size(meeting: Meeting) -> int:
    if meeting.series_key is None:
        return 1
    return db.session.scalar(select(func.count()).select_from(Meeting).where(
        Meeting.series_key == meeting.series_key))
