"""Action learning sets, their members, meetings, the actions presenters commit to, and each
member's calendar feed.

A set is closed: people join by invitation and accept its ground rules (`SetMembership`). Its
content (name, purpose, ground rules, meetings, actions) is confidential to its members and its
facilitator; nothing here is indexed, and notifications about a set never carry its words.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (JSON, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..columns import UTCDateTime
from ..dates import utcnow
from ..extensions import db
from ..members.models import Member

NAME_MAX = 120
PURPOSE_MAX = 2_000
GROUND_RULES_MAX = 5_000
VIDEO_LINK_MAX = 500
TITLE_MAX = 120
AGENDA_MAX = 5_000
ACTION_MAX = 500
SIZE_MIN, SIZE_MAX, SIZE_DEFAULT = 4, 8, 8
DURATION_MIN, DURATION_MAX, DURATION_DEFAULT = 15, 600, 180
EVERY_WEEKS_MAX = 12
OCCURRENCES_MAX = 12

MEMBERSHIP_STATUSES = ("invited", "active", "declined", "left")
ACTION_STATUSES = ("open", "done", "partly", "dropped")

DEFAULT_GROUND_RULES = """\
- **Confidentiality.** What is said in the set stays in the set. We may share what we learned
  about the process, never who said what or whose problem it was.
- **Attendance.** We come to every meeting and arrive on time. If we cannot, we tell the
  facilitator beforehand.
- **Airtime.** We ask open questions rather than give advice, leave room for everyone, and let
  the presenter own their problem and their actions.
- **No recording.** Nobody records the meeting; the room keeps no transcript after it closes.
"""


class LearningSet(db.Model):
    __tablename__ = "learning_sets"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    purpose_source: Mapped[str] = mapped_column(Text, default="")
    purpose_html: Mapped[str] = mapped_column(Text, default="")
    ground_rules_source: Mapped[str] = mapped_column(Text, default="")
    ground_rules_html: Mapped[str] = mapped_column(Text, default="")
    video_link: Mapped[str | None] = mapped_column(String(VIDEO_LINK_MAX))
    size_limit: Mapped[int] = mapped_column(Integer, default=SIZE_DEFAULT)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    facilitator: Mapped[Member] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(f"size_limit between {SIZE_MIN} and {SIZE_MAX}", name="size_limit"),
    )


class SetMembership(db.Model):
    """A person's place in a set: invited, then active (accepted, with the ground rules) or
    declined; `left` when they leave or are removed. One row per person and set, kept for history."""

    __tablename__ = "set_memberships"
    set_id: Mapped[int] = mapped_column(ForeignKey("learning_sets.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    status: Mapped[str] = mapped_column(String(10), default="invited")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When they agreed to the ground rules (on accepting; the room asks again at each entry).
    ground_rules_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship(foreign_keys=[member_id], lazy="joined")
    learning_set: Mapped[LearningSet] = relationship(lazy="select")

    __table_args__ = (
        CheckConstraint("status in ('invited', 'active', 'declined', 'left')", name="status"),
        Index("ix_set_memberships_set_status", "set_id", "status"),
    )


class Meeting(db.Model):
    """One meeting of a set. A series is meetings sharing a `series_key`, each its own row, so one
    can be moved or retimed without touching the others."""

    __tablename__ = "meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("learning_sets.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    agenda_source: Mapped[str] = mapped_column(Text, default="")
    agenda_html: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=180)
    # Minutes per phase ({phase: minutes}, rooms.process.Timings.as_dict()).
    timings: Mapped[dict] = mapped_column(JSON, default=dict)
    series_key: Mapped[str | None] = mapped_column(String(32), index=True)
    series_number: Mapped[int | None] = mapped_column(Integer)
    # What the facilitator sends members after the meeting (the live room writes it).
    summary_html: Mapped[str | None] = mapped_column(Text)
    summary_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped on every change, so calendars replace the event (SEQUENCE in .ics).
    revision: Mapped[int] = mapped_column(Integer, default=0)

    learning_set: Mapped[LearningSet] = relationship(lazy="joined")

    __table_args__ = (
        Index("ix_meetings_set_starts", "set_id", "starts_at"),
        CheckConstraint(f"duration_minutes between {DURATION_MIN} and {DURATION_MAX}", name="duration"),
    )


class ActionCommitment(db.Model):
    """An action a presenter commits to at a meeting; theirs, visible only to the set, and back
    at the next meeting's check-in (marked done, partly or dropped, with a note)."""

    __tablename__ = "action_commitments"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(ACTION_MAX))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")
    note: Mapped[str] = mapped_column(String(ACTION_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship(lazy="select")

    __table_args__ = (
        CheckConstraint("status in ('open', 'done', 'partly', 'dropped')", name="status"),
    )


class CalendarFeed(db.Model):
    """A member's secret calendar address. Resetting replaces the token, so the old address stops."""

    __tablename__ = "calendar_feeds"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("token", name="uq_calendar_feeds_token"),)


MESSAGE_MAX = 2_000
MESSAGE_KINDS = ("plain", "check_in", "bid", "question", "answer", "offer", "summary", "action",
                 "review", "check_out")


class MeetingRoom(db.Model):
    """A meeting's live room: the process state (`rooms.process.to_dict`) and the room's counter.

    Every state change and every message takes the next `seq` in the transaction that stores it,
    under this row's lock, so a reconnecting client asks for everything after the last `seq` it
    drew and gets it once, in order. `version` is the `seq` of the latest state change.
    """

    __tablename__ = "meeting_rooms"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[dict] = mapped_column(JSON)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=0)
    # Open sockets per member ({"<member id>": [sid, ...]}): a member is here while any of their
    # tabs is, in any server process (shared through the database, not per-process memory).
    sockets: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RoomMessage(db.Model):
    """A message said in the room. Kept only while the meeting is open: confidential by design."""

    __tablename__ = "room_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[Member] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("meeting_id", "seq", name="uq_room_messages_meeting_seq"),)
