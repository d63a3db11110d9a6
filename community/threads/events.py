"""Socket.IO namespace /threads: an open thread page joins its thread's room to see new comments,
and a new visible comment is drawn once and sent to that room after the commit.

Thin handlers: identity is the signed-in member from the session cookie, the payload's shape is
checked first, the room is computed on the server after the permission check. Which comments go
out, and when, is the live service's (services/live.py); drawing them is done here, with the same
template as the thread page (markup.py), in a context of its own: the poster's identity, session
and CSRF token never leak into what others receive.
"""
from __future__ import annotations

from flask import Flask, current_app, url_for
from flask_login import current_user
from flask_socketio import Namespace, SocketIO, join_room

from ..errors import NotAllowed
from ..extensions import socketio as _socketio
from ..permissions import is_active_member, readers_actions
from . import markup
from .services import live
from .services.reading import OnePost, page_of, post_url
from .signals import post_created


def _number(value, minimum: int) -> int | None:
    # bool is an int in Python; a client sending true for a thread id is sending nonsense.
    if isinstance(value, int) and not isinstance(value, bool) and minimum <= value < 2**53:
        return value
    return None


def render_comment(post) -> str:
    """The comment's HTML as the thread page draws it for a reader who is neither its author, the
    thread's author nor a moderator."""
    view = OnePost(thread=post.thread, page=page_of(post.position),
                   actions=readers_actions(post.thread, [post]))
    return str(markup.for_broadcast(view).post(post))


def _message(post) -> dict:
    return {"thread": post.thread_id, "id": post.id, "number": post.number,
            "position": post.position, "page": page_of(post.position), "author": post.author.name,
            "url": post_url(post),
            # Where a reader who may do more than any reader (its author, the thread's author,
            # a moderator) gets the comment drawn for them.
            "own": url_for("threads.post_block", post_id=post.id),
            "html": render_comment(post)}


def _messages(app: Flask, post_ids: list[int]) -> list[dict]:
    """Messages for these posts, drawn in a fresh app and request context: a new database session
    (the caller's may be mid-commit) and no signed-in member."""
    with app.app_context(), app.test_request_context():
        return [_message(post) for post in live.visible_comments(post_ids)]


def _broadcast(app: Flask, post_id: int) -> None:
    for message in _messages(app, [post_id]):
        _socketio.emit(live.EVENT, message, namespace=live.NAMESPACE, to=live.room_for(message["thread"]))


def announce_comment(post, **_) -> None:
    """`post_created` receiver: send a visible new comment to its thread's room after the commit."""
    live.announce_after_commit(post, _broadcast)


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
        ids, more = live.missed_comment_ids(thread_id, after)
        missed = _messages(current_app._get_current_object(), ids) if ids else []
        return {"ok": True, "missed": missed, "more": more}


def register(socketio: SocketIO) -> None:
    socketio.on_namespace(ThreadsNamespace(live.NAMESPACE))
    post_created.connect(announce_comment)
