"""Live comments: a new comment is drawn once, the way the thread page draws it, and sent after
the commit to everyone who has the thread open (Socket.IO namespace /threads, room per thread).

The broadcast is queued with `on_commit` when the comment is written (the `post_created` signal),
so a write that rolls back sends nothing. It renders in a context of its own: the poster's
identity, session and CSRF token never leak into what others receive.
"""
from __future__ import annotations

from functools import partial

from flask import Flask, current_app, url_for
from sqlalchemy import select

from ...dates import utcnow
from ...db import on_commit
from ...errors import NotAllowed
from ...extensions import db, socketio
from ...members.models import Member
from ...permissions import can, post_actions, post_shown_to_all, posts_shown_to_all, thread_shown_to_all
from ..markup import PostRenderer
from ..models import REACTIONS, Post, Thread
from .reading import OnePost, page_of, post_url

NAMESPACE = "/threads"
EVENT = "comment"
# A reconnecting page is sent what it missed, up to this many; past it, it offers a reload.
REPLAY_LIMIT = 50


def room_for(thread: Thread) -> str:
    """The room a thread's comments are sent to, decided again for every comment. While a thread is
    hidden or held, only its author and moderators may read it, and its comments go to a room of
    its own that only they were let into (`room_to_join`): a member who joined before it was
    hidden, whoever hid it and however, receives nothing more from it."""
    if thread_shown_to_all(thread):
        return f"thread:{thread.id}"
    return f"thread:{thread.id}:restricted"


# The event that asks pages in a room no longer used to join again (their member's right to read
# is checked anew): sent when a thread is hidden, held, or shown to all again.
REJOIN = "rejoin"


def _stand_in_reader() -> Member:
    """Whom a broadcast comment is drawn for: a confirmed member who may read, react and reply,
    but is neither its author nor a moderator. Each browser then takes away what its own reader
    may not do (static/js/thread.js). Never added to a session."""
    now = utcnow()
    return Member(id=0, name="", email="", discipline="other", confirmed_at=now, approved_at=now,
                  roles=[])


def render_comment(post: Post) -> str:
    """The comment's HTML exactly as the thread page draws it for a reader."""
    reader = _stand_in_reader()
    view = OnePost(thread=post.thread, page=page_of(post.position),
                   actions=post_actions(reader, post.thread, [post]))
    return str(PostRenderer(view, reader, REACTIONS).post(post, is_reply=post.parent_id is not None))


def _message(post: Post) -> dict:
    page = page_of(post.position)
    return {"thread": post.thread_id, "id": post.id, "number": post.number,
            "position": post.position, "page": page, "author": post.author.name,
            "url": post_url(post),
            # Where a reader who may do more than the stand-in (its author, the thread's author,
            # a moderator) gets the comment drawn for them.
            "own": url_for("threads.post_block", post_id=post.id),
            "html": render_comment(post)}


def _messages(app: Flask, post_ids: list[int]) -> list[dict]:
    """Messages for these posts, drawn in a fresh app and request context: a new database session
    (the caller's may be mid-commit), no signed-in member, and a throwaway CSRF token."""
    with app.app_context(), app.test_request_context():
        posts = db.session.scalars(select(Post).where(Post.id.in_(post_ids))
                                   .order_by(Post.number)).all()
        return [_message(post) for post in posts if post_shown_to_all(post) and not post.is_opening]


def _broadcast(app: Flask, post_id: int) -> None:
    with app.app_context():
        thread = db.session.scalar(select(Thread).join(Post, Post.thread_id == Thread.id)
                                   .where(Post.id == post_id))
        if thread is None:  # removed since: and no room at all would mean every socket
            return
        room = room_for(thread)
    for message in _messages(app, [post_id]):
        socketio.emit(EVENT, message, namespace=NAMESPACE, to=room)


def _ask_to_rejoin(thread_id: int, room: str) -> None:
    socketio.emit(REJOIN, {"thread": thread_id}, namespace=NAMESPACE, to=room)


def on_visibility_changed(thread: Thread, **_) -> None:
    """`thread_visibility_changed` receiver: after the commit, the pages in the room the thread's
    comments no longer go to join again, and are let into the new one if they may read it."""
    now = room_for(thread)
    public = f"thread:{thread.id}"
    old = f"{public}:restricted" if now == public else public
    on_commit(partial(_ask_to_rejoin, thread.id, old))


def announce_comment(post: Post, **_) -> None:
    """`post_created` receiver: send a visible new comment to its thread's room after the commit."""
    if post.is_opening or not post_shown_to_all(post):
        return
    on_commit(partial(_broadcast, current_app._get_current_object(), post.id))


def room_to_join(member, thread_id: int) -> str:
    """The room of a thread the member may read; NotAllowed for a thread they may not (or none)."""
    thread = db.session.get(Thread, thread_id)
    if thread is None or not can(member, "threads.read", thread):
        raise NotAllowed("You cannot follow this thread live")
    return room_for(thread)


def missed_comments(thread_id: int, after: int) -> tuple[list[dict], bool]:
    """Visible comments numbered after `after`, oldest first, and whether there were more."""
    ids = db.session.scalars(
        select(Post.id).where(Post.thread_id == thread_id, Post.number > after,
                              Post.is_opening.is_(False), posts_shown_to_all())
        .order_by(Post.number).limit(REPLAY_LIMIT + 1)).all()
    if not ids:
        return [], False
    messages = _messages(current_app._get_current_object(), list(ids[:REPLAY_LIMIT]))
    return messages, len(ids) > REPLAY_LIMIT
