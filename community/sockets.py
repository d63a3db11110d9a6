"""Open sockets end with the sessions that opened them, in every server process.

Every live namespace puts each connection, as it connects, into two rooms of its own: the
member's login (`login:<id>.<session version>`) and the device
(`device:<key>`, a random key the session gets at sign-in). Ending sessions closes those rooms:

- signing out (Flask-Login's `user_logged_out`, whichever view or service calls `logout_user`)
  closes the device's room: that browser's sockets go, the member's other devices stay;
- a new session version (suspension, a new password, signing out everywhere: whatever bumps it)
  closes the old login's room once that change commits (`follow_session_versions`).

Socket.IO can close a room in every process (through the message queue) but not disconnect one,
so the client manager here disconnects the sockets of a closed `login:` or `device:` room as it
closes it; each process does that for its own sockets.
"""
from __future__ import annotations

import secrets
from functools import partial

import socketio as socketio_server
from flask import session
from flask_login import current_user, user_logged_in, user_logged_out
from flask_socketio import join_room
from sqlalchemy import event
from sqlalchemy.orm.base import NO_VALUE

from .db import on_commit
from .extensions import socketio

DEVICE_KEY = "live_device"
_CUT = ("login:", "device:")


class _DisconnectsClosedRooms:
    """A client manager whose closed `login:` and `device:` rooms take their sockets with them."""

    def basic_close_room(self, room, namespace):
        sids = ([sid for sid, _ in self.get_participants(namespace, room)]
                if room.startswith(_CUT) else [])
        super().basic_close_room(room, namespace)
        for sid in sids:
            # ignore_queue: this process disconnects its own sockets; the room's closing reached
            # the other processes through the queue already.
            self.server.disconnect(sid, namespace=namespace, ignore_queue=True)


class _Manager(_DisconnectsClosedRooms, socketio_server.Manager):
    pass


class _RedisManager(_DisconnectsClosedRooms, socketio_server.RedisManager):
    pass


class _KombuManager(_DisconnectsClosedRooms, socketio_server.KombuManager):
    pass


def client_manager(url: str | None, channel: str):
    """In-process rooms, or rooms shared over the message queue at `url` (as Flask-SocketIO would
    choose from `message_queue`)."""
    if not url:
        return _Manager()
    kind = _RedisManager if url.startswith(("redis://", "rediss://")) else _KombuManager
    return kind(url, channel=channel)


def login_room(member, version: int | None = None) -> str:
    """The room of every socket a member opened under `version` of their sessions (by default
    the current one)."""
    return f"login:{member.id}.{member.session_version if version is None else version}"


def device_room(key: str) -> str:
    return f"device:{key}"


def enter_session_rooms() -> None:
    """Call from a namespace's connect handler, once it has accepted the signed-in member."""
    # The login is the member and their session version, not Flask-Login's id (which also names
    # the device's server-side session): a new version must close every device's sockets.
    join_room(login_room(current_user))
    key = session.get(DEVICE_KEY)
    if key:
        join_room(device_room(key))


def close(room: str) -> None:
    """Disconnect the sockets of a login or device room, in every namespace and process."""
    server = socketio.server
    for namespace in {*server.handlers, *server.namespace_handlers}:
        socketio.close_room(room, namespace=namespace)


def _signed_in(sender, user, **extra) -> None:
    session[DEVICE_KEY] = secrets.token_urlsafe(16)


def _signed_out(sender, user, **extra) -> None:
    key = session.pop(DEVICE_KEY, None)
    if key:
        close(device_room(key))


def _version_changed(member, value, old, initiator) -> None:
    if old is NO_VALUE or old is None or old == value or member.id is None:
        return
    on_commit(partial(close, login_room(member, old)))


def follow_session_versions(model) -> None:
    """`model.session_version` is the member's sessions' version: when it changes, the sockets
    opened under the old one are disconnected after the commit."""
    if not event.contains(model.session_version, "set", _version_changed):
        event.listen(model.session_version, "set", _version_changed, active_history=True)


def init_app(app) -> None:
    user_logged_in.connect(_signed_in, app)
    user_logged_out.connect(_signed_out, app)
