"""Demo action learning sets: two sets with members, a series of meetings, a past meeting with
its summary and actions (written directly: the live room that produces them comes later)."""
from __future__ import annotations

from datetime import time, timedelta

from ..dates import LONDON, utcnow
from ..db import atomic
from ..extensions import db
from ..members.models import Member
from .models import ActionCommitment, Meeting
from .process import Timings
from .services import meetings, sets

# (facilitator index, name, purpose, members who accepted, members invited, every weeks, meetings)
SETS = [
    (2, "Frailty pathway leaders",
     "For leaders who own a piece of the frailty pathway and want peers' questions, not answers, "
     "on the hard parts: discharge, care homes, and working across organisations.",
     [4, 5, 12, 13, 27], [29], 4, 6),
    (7, "Compassionate leadership set",
     "Clinical leaders a year or two into system roles, working on leading with compassion under pressure.",
     [14, 19, 20, 9], [], 6, 3),
]


def _next_weekday(days_ahead: int, weekday: int = 1):
    day = (utcnow().astimezone(LONDON) + timedelta(days=days_ahead)).date()
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _past_meeting(learning_set, presenter: Member) -> None:
    """A meeting five weeks ago, closed, with a summary and the presenter's actions."""
    with atomic():
        start = utcnow() - timedelta(weeks=5)
        meeting = Meeting(set_id=learning_set.id, title="Getting started", agenda_source="", agenda_html="",
                          starts_at=start.replace(minute=0, second=0, microsecond=0), duration_minutes=180,
                          timings=Timings().as_dict(), closed_at=start + timedelta(hours=3),
                          summary_sent_at=start + timedelta(hours=4),
                          summary_html="<p>Attendance: 5 of 6. One presenter. Two actions agreed.</p>")
        db.session.add(meeting)
        db.session.flush()
        for text in ("Talk to the care home managers' forum about a shared discharge checklist",
                     "Ask the ward pharmacist to join one board round a week for a month"):
            db.session.add(ActionCommitment(meeting_id=meeting.id, member_id=presenter.id, text=text,
                                            due_on=(utcnow() + timedelta(days=10)).date()))


def seed(members: list[Member]) -> int:
    for facilitator_index, name, purpose, accepted, invited, every, count in SETS:
        facilitator = members[facilitator_index]
        db.session.expire(facilitator, ["roles"])
        learning_set = sets.create_set(facilitator, name=name, purpose=purpose,
                                       video_link="https://meet.example.org/" + name.split()[0].lower())
        for index in accepted:
            sets.invite(facilitator, sets.access(facilitator, learning_set.id), members[index].id)
            sets.accept(members[index], sets.access(members[index], learning_set.id), ground_rules=True)
        for index in invited:
            sets.invite(facilitator, sets.access(facilitator, learning_set.id), members[index].id)
        meetings.schedule(facilitator, sets.access(facilitator, learning_set.id), title="Set meeting",
                          agenda="Check-in, bidding, one or two presenters, process review, check-out.",
                          day=_next_weekday(5), at=time(9, 30), repeat=meetings.Repeat(every, count))
        _past_meeting(learning_set, members[accepted[0]])
    return len(SETS)
