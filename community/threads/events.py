"""Socket.IO namespace /threads: an open thread page joins its thread's room to see new comments.

Thin handlers: identity is the signed-in member from the session cookie, the payload's shape is
checked first, the room is computed on the server after the permission check, and broadcasts
come from the posting services' signal (services/live.py), never from here.
"""
from __future__ import annotations

from flask_login import current_user
from flask_socketio import Namespace, SocketIO, join_room

from ..errors import NotAllowed
from ..permissions import is_active_member
from .services import live
from .signals import post_created


def _number(value, minimum: int) -> int | None:
    # bool is an int in Python; a client sending true for a thread id is sending nonsense.
    if isinstance(value, int) and not isinstance(value, bool) and minimum <= value < 2**53:
        return value
    return None


class ThreadsNamespace(Namespace):
    def on_connect(self, auth=None):
        if not is_active_member(current_user):
            raise ConnectionRefusedError("Sign in to see new comments as they arrive")

    def on_join(self, *args):
        """{thread: id, after: the newest post number the page has} -> {ok, missed, more}."""
        # One argument, always: python-socketio passes whatever the client sent (none, or two),
        # and a handler with a fixed signature raised TypeError and never answered.
        data = args[0] if len(args) == 1 and isinstance(args[0], dict) else {}
        thread_id = _number(data.get("thread"), 1)
        after = _number(data.get("after", 0), 0)
        if thread_id is None or after is None:
            return {"ok": False, "error": "Send {thread: id, after: number}"}
        try:
            room = live.room_to_join(current_user, thread_id)
        except NotAllowed as error:
            return {"ok": False, "error": str(error)}
        # Join first, then look back: a comment in between arrives twice (pages drop repeats)
        # rather than not at all.
        try:
            join_room(room)
        except (ValueError, KeyError):
            # The page went away (reload, navigation) while this was on its way: depending on how
            # far the disconnect got, python-socketio's room table raises either.
            return {"ok": False, "error": "Disconnected"}
        missed, more = live.missed_comments(thread_id, after)
        return {"ok": True, "missed": missed, "more": more}


def register(socketio: SocketIO) -> None:
    socketio.on_namespace(ThreadsNamespace(live.NAMESPACE))
    post_created.connect(live.announce_comment)
