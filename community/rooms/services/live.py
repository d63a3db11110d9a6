"""The live room's writes and reads: joining (presence), commands, spoken messages, replay.

Each call is one transaction that locks the meeting's room row (`MeetingRoom`, created on first
entry), applies the command through the pure process (`rooms.process.apply`), stores the new
state and any message under the next per-meeting `seq`, and queues the broadcast for after the
commit: a write that rolls back sends nothing, and what is sent is what was stored. Sending is the
events layer's (`rooms/events.py`): it passes `send(app, meeting_id, changes)` in, where `changes`
is a `Changes`; this module builds no HTML and imports no sockets.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial, wraps

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from ...db import atomic, is_unique_violation, on_commit
from ...dates import utcnow
from ...errors import InvalidInput, NotAllowed, NotFound, RateLimited
from ...extensions import db
from ...lookups import MAX_ID
from ...permissions import can
from .. import nudge, process
from ..models import MESSAGE_MAX, Meeting, MeetingRoom, RoomMessage, SetMembership
from .sets import SetAccess, access

NAMESPACE = "/rooms"
STATE = "state"       # a member's view of the new state: {meeting, version, view}
MESSAGE = "message"   # a stored message: {meeting, seq, author, author_id, kind, text, at}
# Messages a rejoining client is sent at most; the room is small and its messages are deleted at
# close, so this bounds a malicious `after: 0`, not a real meeting.
REPLAY_LIMIT = 2_000

Send = Callable[..., None]


def meeting_room(meeting_id: int) -> str:
    """Everyone in the meeting's room: messages go here."""
    return f"meeting:{meeting_id}"


def member_room(meeting_id: int, member_id: int) -> str:
    """One member's sockets in the room: their own view of the state goes here (it holds their
    controls and whether they may speak)."""
    return f"meeting:{meeting_id}:member:{member_id}"


@dataclass
class Changes:
    """What one transaction changed, for the broadcast after its commit."""
    meeting_id: int
    version: int
    state: dict | None = None       # to_dict of the new state, if it changed
    messages: list[dict] = field(default_factory=list)
    members: tuple[int, ...] = ()   # whose views to send (everyone who takes part)


def _meeting_and_access(member, meeting_id) -> tuple[Meeting, SetAccess]:
    if type(meeting_id) is not int or not 0 < meeting_id <= MAX_ID:
        raise NotFound()
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound()
    seen = access(member, meeting.set_id)
    if not can(member, "meetings.join_room", seen):
        raise NotFound()
    return meeting, seen


def _first_state(meeting: Meeting) -> process.State:
    members = db.session.scalars(
        select(SetMembership.member_id).where(SetMembership.set_id == meeting.set_id,
                                              SetMembership.status == "active")
        .order_by(SetMembership.answered_at, SetMembership.member_id)).all()
    timings = process.Timings().override(meeting.timings or {})
    return process.new_meeting(meeting.learning_set.facilitator_id, members, timings)


def _locked_room(meeting: Meeting) -> MeetingRoom:
    """The meeting's room row, locked for this transaction (made on first entry)."""
    # populate_existing: what the lock returns is the row as it is now, not a copy this session
    # read before the lock was taken.
    query = (select(MeetingRoom).where(MeetingRoom.meeting_id == meeting.id).with_for_update()
             .execution_options(populate_existing=True))
    room = db.session.scalar(query)
    if room is not None:
        return room
    # Two first entries at once both find no row; the second insert fails on the key and its
    # whole call runs again (`_once_made`), finding the first one's row. No savepoint: SQLite's
    # driver would commit one that opens the transaction.
    room = MeetingRoom(meeting_id=meeting.id, state=process.to_dict(_first_state(meeting)),
                       seq=0, version=0, sockets={})
    db.session.add(room)
    db.session.flush()
    return room


def _once_made(call):
    """Run a service call; once more if it lost the race to make the meeting's room row."""
    @wraps(call)
    def run(*args, **kwargs):
        try:
            return call(*args, **kwargs)
        except IntegrityError as error:
            if not is_unique_violation(error):
                raise
            return call(*args, **kwargs)
    return run


def _store(room: MeetingRoom, old: process.State, new: process.State, changes: Changes) -> None:
    if new is old:
        return
    room.seq += 1
    room.version = room.seq
    room.state = process.to_dict(new)
    room.updated_at = utcnow()
    changes.version = room.version
    changes.state = room.state


def _after_commit(send: Send | None, changes: Changes) -> None:
    if send is not None and (changes.state is not None or changes.messages):
        on_commit(partial(send, current_app._get_current_object(), changes))


def message_dict(message: RoomMessage) -> dict:
    return {"meeting": message.meeting_id, "seq": message.seq, "author": message.author.name,
            "author_id": message.author_id, "kind": message.kind, "text": message.text,
            "at": message.created_at.isoformat()}


@dataclass
class Joined:
    room: str
    personal: str
    state: process.State
    version: int
    seq: int
    missed: list[dict]
    more: bool


def _after(value) -> int:
    if type(value) is not int or not 0 <= value <= MAX_ID:
        raise InvalidInput({"after": "Send the last sequence number you drew (0 for none)"})
    return value


@_once_made
def join(member, meeting_id, after, sid: str, send: Send | None = None) -> Joined:
    """Let the member into the room: presence arrives (once per member, however many tabs), and
    they get the state and every message after `after`. NotFound for anyone who may not enter."""
    after = _after(after)
    with atomic():
        meeting, _ = _meeting_and_access(member, meeting_id)
        room = _locked_room(meeting)
        old = process.from_dict(room.state)
        sockets = {**(room.sockets or {})}
        sockets[str(member.id)] = [*(s for s in sockets.get(str(member.id), []) if s != sid), sid]
        room.sockets = sockets
        changes = Changes(meeting.id, room.version, members=())
        new = process.apply(old, process.Command("arrive", member=member.id), process.SYSTEM, utcnow())
        if isinstance(new, process.Refusal):  # the meeting has ended: they may still read it
            new = old
        _store(room, old, new, changes)
        changes.members = _everyone(new)
        rows = db.session.scalars(select(RoomMessage).where(RoomMessage.meeting_id == meeting.id,
                                                           RoomMessage.seq > after)
                                  .order_by(RoomMessage.seq).limit(REPLAY_LIMIT + 1)).all()
        missed = [message_dict(m) for m in rows[:REPLAY_LIMIT]]
        joined = Joined(meeting_room(meeting.id), member_room(meeting.id, member.id), new, room.version,
                        room.seq, missed, len(rows) > REPLAY_LIMIT)
        _after_commit(send, changes)
    return joined


@_once_made
def leave(member_id: int, meeting_id: int, sid: str, send: Send | None = None, at_once: bool = True) -> bool:
    """A socket left. Returns whether it was the member's last one in the room; with `at_once`,
    the member then leaves the room's presence too (else call `depart` after a grace period)."""
    with atomic():
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None:
            return False
        room = _locked_room(meeting)
        sockets = {**(room.sockets or {})}
        left = [s for s in sockets.get(str(member_id), []) if s != sid]
        if left:
            sockets[str(member_id)] = left
        else:
            sockets.pop(str(member_id), None)
        room.sockets = sockets
        if left:
            return False
        if at_once:
            _depart(room, meeting, member_id, send)
        return True


@_once_made
def depart(member_id: int, meeting_id: int, send: Send | None = None) -> None:
    """After the grace period: the member leaves the room's presence unless a socket of theirs
    came back meanwhile (in any process)."""
    with atomic():
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None:
            return
        room = _locked_room(meeting)
        if (room.sockets or {}).get(str(member_id)):
            return
        _depart(room, meeting, member_id, send)


def _depart(room: MeetingRoom, meeting: Meeting, member_id: int, send: Send | None) -> None:
    old = process.from_dict(room.state)
    new = process.apply(old, process.Command("leave", member=member_id), process.SYSTEM, utcnow())
    changes = Changes(meeting.id, room.version)
    if not isinstance(new, process.Refusal):
        _store(room, old, new, changes)
        changes.members = _everyone(new)
    _after_commit(send, changes)


def _everyone(state: process.State) -> tuple[int, ...]:
    return tuple(dict.fromkeys((state.facilitator, *state.members)))


@_once_made
def command(member, meeting_id, payload, send: Send | None = None) -> int:
    """Apply a client's command (`{"command": name, ...}`) as `member`; the new version.
    NotAllowed with the process's reason when it refuses; nothing is stored then."""
    parsed = process.parse_command(payload)
    if isinstance(parsed, process.Refusal):
        raise InvalidInput({"command": parsed.reason})
    with atomic():
        meeting, seen = _meeting_and_access(member, meeting_id)
        if not can(member, "meetings.act", seen):
            raise NotFound()
        room = _locked_room(meeting)
        old = process.from_dict(room.state)
        new = process.apply(old, parsed, member.id, utcnow())
        if isinstance(new, process.Refusal):
            raise NotAllowed(new.reason)
        changes = Changes(meeting.id, room.version, members=_everyone(new))
        _store(room, old, new, changes)
        if new.phase is process.Phase.CLOSED and old.phase is not process.Phase.CLOSED:
            # Confidential by design: no transcript outlives the meeting. What remains is the
            # state (attendance, timings) and, once they are recorded, actions and check-ins.
            meeting.closed_at = meeting.closed_at or utcnow()
            db.session.execute(delete(RoomMessage).where(RoomMessage.meeting_id == meeting.id))
        _after_commit(send, changes)
        return room.version


def clean_text(text) -> str:
    if not isinstance(text, str):
        raise InvalidInput({"text": "Send the message as text"})
    text = text.strip()
    if not text:
        raise InvalidInput({"text": "Write a message first"})
    if len(text) > MESSAGE_MAX:
        raise InvalidInput({"text": f"A message can be at most {MESSAGE_MAX:,} characters"})
    if "\x00" in text or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise InvalidInput({"text": "The message has characters that cannot be stored"})
    return text


@_once_made
def _check_rate(meeting_id: int, member_id: int) -> None:
    limit = current_app.config.get("ROOM_MESSAGES_PER_MINUTE", 0)
    if not limit:
        return
    sent = db.session.scalar(select(func.count()).select_from(RoomMessage).where(
        RoomMessage.meeting_id == meeting_id, RoomMessage.author_id == member_id,
        RoomMessage.created_at > utcnow() - timedelta(minutes=1)))
    if sent >= limit:
        raise RateLimited({"text": f"You have sent {limit} messages in the last minute: wait a moment"})


def speak(member, meeting_id, text, send: Send | None = None) -> dict:
    """Store what the member says, if the room lets them speak now; the stored message."""
    text = clean_text(text)
    with atomic():
        meeting, seen = _meeting_and_access(member, meeting_id)
        if not can(member, "meetings.act", seen):
            raise NotFound()
        room = _locked_room(meeting)
        _check_rate(meeting.id, member.id)
        old = process.from_dict(room.state)
        kind = process.message_kind(old, member.id)
        new = process.apply(old, process.Command("speak"), member.id, utcnow())
        if isinstance(new, process.Refusal):
            raise NotAllowed(new.reason)
        changes = Changes(meeting.id, room.version, members=_everyone(new))
        _store(room, old, new, changes)
        room.seq += 1
        message = RoomMessage(meeting_id=meeting.id, seq=room.seq, author_id=member.id, kind=kind,
                              text=text, created_at=utcnow())
        db.session.add(message)
        db.session.flush()
        said = message_dict(message)
        changes.messages.append(said)
        _after_commit(send, changes)
    return said


def advice(member, meeting_id, text) -> str | None:
    """Why the message reads as advice rather than an open question, while questions are being
    asked (None otherwise); the member may still send it."""
    text = clean_text(text)
    meeting, _ = _meeting_and_access(member, meeting_id)
    room = db.session.get(MeetingRoom, meeting.id)
    if room is None:
        return None
    state = process.from_dict(room.state)
    if process.message_kind(state, member.id) != "question":
        return None
    return nudge.advice_reason(text)


def current(meeting_id: int) -> tuple[process.State, int] | None:
    """The stored state and its version (for drawing views at broadcast time)."""
    room = db.session.get(MeetingRoom, meeting_id)
    return None if room is None else (process.from_dict(room.state), room.version)


def open_meeting_ids(set_id: int) -> list[int]:
    """The set's meetings whose rooms may have sockets in them (not closed)."""
    return list(db.session.scalars(select(Meeting.id).where(Meeting.set_id == set_id,
                                                            Meeting.closed_at.is_(None))))
