"""Socket.IO namespace /rooms: a meeting's live room.

Thin handlers: identity is the signed-in member from the session cookie; every payload's shape is
checked first (one object, the fields expected, ids as numbers, text as text of bounded size); the
server decides room names, sequence numbers, state and time. A refusal is an acknowledgement
`{ok: False, error}`; everyone else is served as before. The live service (services/live.py)
stores, then this layer sends after the commit: messages to the meeting's room, and to each
member's own room their own view of the new state (it holds their controls and whether they may
speak), drawn with the server's clock at sending time.
"""
from __future__ import annotations

from functools import partial

from flask import Flask, current_app, request
from flask_login import current_user
from flask_socketio import Namespace, SocketIO, join_room, rooms

from ..dates import utcnow
from ..db import on_commit
from ..errors import InvalidInput, NotAllowed, NotFound
from ..extensions import socketio as _socketio
from ..lookups import MAX_ID
from ..permissions import is_active_member
from ..sockets import enter_session_rooms
from . import process
from .models import MESSAGE_MAX
from .services import live
from .signals import membership_ended

NOT_THERE = "There is no such meeting, or you are not in its set"
# A command's arguments are small; a spoken message is at most MESSAGE_MAX characters. Anything
# longer is refused before it is read further.
MAX_NAME = 40


def _payload(args, fields: set[str], optional: set[str] = frozenset()) -> dict | None:
    # One argument, always: python-socketio passes whatever the client sent (none, or two).
    if len(args) != 1 or not isinstance(args[0], dict):
        return None
    data = args[0]
    if not fields <= data.keys() or not data.keys() <= fields | optional:
        return None
    return data


def _id(value, minimum: int = 1) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and minimum <= value <= MAX_ID:
        return value
    return None


def _refused(error: Exception) -> dict:
    if isinstance(error, NotFound):
        return {"ok": False, "error": NOT_THERE}
    if isinstance(error, InvalidInput):
        return {"ok": False, "error": next(iter(error.errors.values()), "That cannot be sent"),
                "errors": error.errors}
    return {"ok": False, "error": str(error) or "Not allowed"}


def _send(app: Flask, changes: live.Changes) -> None:
    """After the commit: the messages to the room, then each member's own view of the state."""
    # To each member's own room, not the meeting's: a member taken out of the set has those
    # rooms closed (`_cut_off`) and hears nothing more, in whichever process their socket is.
    for message in changes.messages:
        for member_id in changes.members:
            _socketio.emit(live.MESSAGE, message, namespace=live.NAMESPACE,
                           to=live.member_room(changes.meeting_id, member_id))
    if changes.state is None:
        return
    state, now = process.from_dict(changes.state), utcnow()
    for member_id in changes.members:
        _socketio.emit(live.STATE, _state_message(changes.meeting_id, changes.version, state, now, member_id),
                       namespace=live.NAMESPACE, to=live.member_room(changes.meeting_id, member_id))


def _state_message(meeting_id: int, version: int, state, now, member_id: int) -> dict:
    return {"meeting": meeting_id, "version": version, "now": now.isoformat(),
            "view": process.view(state, now, member_id)}


def _joined_meetings() -> list[int]:
    prefix = "meeting:"
    out = []
    for room in rooms(namespace=live.NAMESPACE):
        if room.startswith(prefix) and ":member:" not in room:
            meeting = room[len(prefix):]
            if meeting.isdigit():
                out.append(int(meeting))
    return out


class RoomsNamespace(Namespace):
    def on_connect(self, auth=None):
        if not is_active_member(current_user):
            raise ConnectionRefusedError("Sign in to enter the room")
        # Signing out or being suspended disconnects this socket (community.sockets), and with it
        # the member leaves every room they were in (on_disconnect).
        enter_session_rooms()

    def on_disconnect(self, *args):
        member_id = getattr(current_user, "id", None)
        if member_id is None:
            return
        grace = current_app.config.get("ROOM_PRESENCE_GRACE_SECONDS", 0)
        for meeting_id in _joined_meetings():
            last = live.leave(member_id, meeting_id, request.sid, send=_send, at_once=not grace)
            if last and grace:
                _socketio.start_background_task(_depart_later, current_app._get_current_object(),
                                                member_id, meeting_id, grace)

    def on_join(self, *args):
        """{meeting: id, after: the last seq drawn} -> {ok, state, version, seq, missed, more}."""
        data = _payload(args, {"meeting"}, {"after"})
        meeting_id = _id(data.get("meeting")) if data else None
        after = _id(data.get("after", 0), 0) if data else None
        if meeting_id is None or after is None:
            return {"ok": False, "error": "Send {meeting: id, after: number}"}
        if meeting_id in _joined_meetings():
            return {"ok": False, "error": "You are in this room already"}
        try:
            joined = live.join(current_user, meeting_id, after, request.sid, send=_send)
        except (NotFound, NotAllowed, InvalidInput) as error:
            return _refused(error)
        # Joined after the commit: the arrival's own broadcast reaches this socket too, which is
        # harmless (a page draws a state only if its version is newer than the one it has).
        try:
            join_room(joined.room)
            join_room(joined.personal)
        except (ValueError, KeyError):
            live.leave(current_user.id, meeting_id, request.sid, send=_send)
            return {"ok": False, "error": "Disconnected"}
        now = utcnow()
        return {"ok": True, **_state_message(meeting_id, joined.version, joined.state, now, current_user.id),
                "seq": joined.seq, "missed": joined.missed, "more": joined.more}

    def on_command(self, *args):
        """{meeting: id, command: name, …its arguments} -> {ok, version}. The arguments are the
        process's (rooms.process.parse_command): e.g. {meeting: 4, command: "extend", minutes: 2}."""
        data = args[0] if len(args) == 1 and isinstance(args[0], dict) else None
        meeting_id = _id(data.get("meeting")) if data else None
        name = data.get("command") if data else None
        if meeting_id is None or not isinstance(name, str) or not 0 < len(name) <= MAX_NAME:
            return {"ok": False, "error": "Send {meeting: id, command: name, and its arguments}"}
        try:
            version = live.command(current_user, meeting_id,
                                   {k: v for k, v in data.items() if k != "meeting"}, send=_send)
        except (NotFound, NotAllowed, InvalidInput) as error:
            return _refused(error)
        return {"ok": True, "version": version}

    def on_speak(self, *args):
        """{meeting: id, text} -> {ok, seq}. The speaker must be in the room (joined)."""
        data = _payload(args, {"meeting", "text"})
        meeting_id = _id(data.get("meeting")) if data else None
        text = data.get("text") if data else None
        if meeting_id is None or not isinstance(text, str) or len(text) > MESSAGE_MAX * 2:
            return {"ok": False, "error": f"Send {{meeting: id, text}} with at most {MESSAGE_MAX:,} characters"}
        if meeting_id not in _joined_meetings():
            return {"ok": False, "error": "Join the room first"}
        try:
            said = live.speak(current_user, meeting_id, text, send=_send)
        except (NotFound, NotAllowed, InvalidInput) as error:
            return _refused(error)
        return {"ok": True, "seq": said["seq"]}

    def on_nudge(self, *args):
        """{meeting: id, text} -> {ok, advice: a sentence or null}: asked before sending a question."""
        data = _payload(args, {"meeting", "text"})
        meeting_id = _id(data.get("meeting")) if data else None
        text = data.get("text") if data else None
        if meeting_id is None or not isinstance(text, str) or len(text) > MESSAGE_MAX * 2:
            return {"ok": False, "error": f"Send {{meeting: id, text}} with at most {MESSAGE_MAX:,} characters"}
        try:
            reason = live.advice(current_user, meeting_id, text)
        except (NotFound, NotAllowed, InvalidInput) as error:
            return _refused(error)
        return {"ok": True, "advice": reason}


def _depart_later(app: Flask, member_id: int, meeting_id: int, grace: int) -> None:
    _socketio.sleep(grace)
    with app.app_context():
        try:
            live.depart(member_id, meeting_id, send=_send)
        except Exception:  # a background task has nobody to answer; log, as a failed request would
            app.logger.exception("Room presence: %s could not leave meeting %s", member_id, meeting_id)


def _cut_off(meeting_ids: list[int], member_id: int) -> None:
    for meeting_id in meeting_ids:
        _socketio.close_room(live.member_room(meeting_id, member_id), namespace=live.NAMESPACE)


def on_membership_ended(set_id: int, member_id: int, **_) -> None:
    """`membership_ended` receiver: after the commit, their sockets leave the set's open rooms."""
    on_commit(partial(_cut_off, live.open_meeting_ids(set_id), member_id))


def register(socketio: SocketIO) -> None:
    socketio.on_namespace(RoomsNamespace(live.NAMESPACE))
    membership_ended.connect(on_membership_ended)
