"""Sets made through the real services, for the rooms tests."""
from __future__ import annotations

from datetime import date, time, timedelta

from community.dates import LONDON, utcnow
from community.rooms.services import meetings, sets
from tests.factories import make_member


def make_set(facilitator=None, *, members=(), name: str = "Frailty leaders' set", **fields):
    """A set with `members` invited and accepted; returns (set, facilitator)."""
    facilitator = facilitator or make_member(name="Fay Facilitator", roles=("facilitator",))
    learning_set = sets.create_set(facilitator, name=name, **fields)
    for member in members:
        sets.invite(facilitator, sets.access(facilitator, learning_set.id), member.id)
        sets.accept(member, sets.access(member, learning_set.id), ground_rules=True)
    return learning_set, facilitator


def make_meeting(facilitator, learning_set, *, days: int = 7, at: time = time(10, 0), **fields):
    day = (utcnow().astimezone(LONDON) + timedelta(days=days)).date()
    fields.setdefault("title", "Set meeting")
    fields.setdefault("agenda", "")
    return meetings.schedule(facilitator, sets.access(facilitator, learning_set.id), day=day, at=at, **fields)


def on(year: int, month: int, day: int) -> date:
    return date(year, month, day)
