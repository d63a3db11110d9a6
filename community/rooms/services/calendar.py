"""Calendars: one meeting as an .ics download, and each member's feed of their sets' meetings at
a secret address they can reset (the old address then answers 404).

Events carry their London time with TZID=Europe/London and a VTIMEZONE, so a calendar shows the
right hour on both sides of a clock change. Event text is the meeting's title and a link; the
agenda stays on the site, behind sign-in, since a calendar is often shared with assistants.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

import icalendar
from flask import current_app
from sqlalchemy import select

from ...dates import LONDON, utcnow
from ...db import atomic
from ...errors import NotFound
from ...extensions import db
from ...links import site_url
from ...members.models import Member
from ...permissions import is_active_member
from ..models import CalendarFeed, Meeting
from .meetings import feed_meetings

FEED_DAYS_BACK = 90


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Community//Action learning sets//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    return calendar


def _event(meeting: Meeting) -> icalendar.Event:
    event = icalendar.Event()
    host = current_app.config.get("SERVER_NAME") or "community"
    event.add("uid", f"meeting-{meeting.id}@{host}")
    event.add("dtstamp", utcnow())
    event.add("sequence", meeting.revision)
    event.add("summary", meeting.title)
    start = meeting.starts_at.astimezone(LONDON)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration_minutes))
    link = site_url("rooms.show_meeting", meeting_id=meeting.id)
    event.add("url", link)
    event.add("description", f"Action learning set meeting. Agenda and joining details: {link}")
    return event


def _ics(calendar: icalendar.Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_ics(meeting: Meeting) -> bytes:
    calendar = _calendar(meeting.title)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_event(meeting))
    return _ics(calendar)


def feed_ics(member: Member) -> bytes:
    calendar = _calendar("Action learning sets")
    for meeting in feed_meetings(member, utcnow() - timedelta(days=FEED_DAYS_BACK)):
        calendar.add_component(_event(meeting))
    return _ics(calendar)


# The secret address --------------------------------------------------------------------------------

def feed_token(member: Member) -> str:
    """The member's feed token, made the first time it is asked for."""
    feed = db.session.get(CalendarFeed, member.id)
    if feed is None:
        with atomic():
            feed = CalendarFeed(member_id=member.id, token=secrets.token_urlsafe(32))
            db.session.add(feed)
    return feed.token


def reset_feed(member: Member) -> str:
    """A new secret address; the old one stops working at once."""
    with atomic():
        feed = db.session.get(CalendarFeed, member.id)
        if feed is None:
            feed = CalendarFeed(member_id=member.id)
            db.session.add(feed)
        feed.token, feed.created_at = secrets.token_urlsafe(32), utcnow()
    return feed.token


def member_for_token(token: str) -> Member:
    """Whose feed this is; NotFound for an unknown or old token, or a member no longer active."""
    if not isinstance(token, str) or not 20 <= len(token) <= 64:
        raise NotFound()
    member_id = db.session.scalar(select(CalendarFeed.member_id).where(CalendarFeed.token == token))
    member = db.session.get(Member, member_id) if member_id is not None else None
    if member is None or not is_active_member(member):
        raise NotFound()
    return member
