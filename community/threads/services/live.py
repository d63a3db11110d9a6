"""Live comments: which thread room a page may join, which room a thread's comments go to now,
which comments a broadcast or a rejoining page may be sent, and when (after the commit). Drawing
and sending them is the events layer's (`threads/events.py`); this module builds no HTML.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

from flask import current_app
from sqlalchemy import select

from ...db import on_commit
from ...errors import NotAllowed
from ...extensions import db
from ...permissions import can, post_shown_to_all, posts_shown_to_all, thread_shown_to_all
from ..models import Post, Thread

NAMESPACE = "/threads"
EVENT = "comment"
# The event that asks pages in a room no longer used to join again (their member's right to read
# is checked anew): sent when a thread is hidden, held, or shown to all again.
REJOIN = "rejoin"
# A reconnecting page is sent what it missed, up to this many; past it, it offers a reload.
REPLAY_LIMIT = 50


def _public_room(thread_id: int) -> str:
    return f"thread:{thread_id}"


def _restricted_room(thread_id: int) -> str:
    return f"thread:{thread_id}:restricted"


def room_for(thread: Thread) -> str:
    """The room a thread's comments are sent to, decided again for every comment. While a thread is
    hidden or held, only its author and moderators may read it, and its comments go to a room of
    its own that only they were let into (`room_to_join`): a member who joined before it was
    hidden, whoever hid it and however, receives nothing more from it."""
    if thread_shown_to_all(thread):
        return _public_room(thread.id)
    return _restricted_room(thread.id)


def room_of_post(post_id: int) -> str | None:
    """The room the comments of this post's thread go to now; None once the post is gone (and no
    room at all would mean every socket)."""
    thread = db.session.scalar(select(Thread).join(Post, Post.thread_id == Thread.id)
                               .where(Post.id == post_id))
    return None if thread is None else room_for(thread)


def visible_comments(post_ids: list[int]) -> list[Post]:
    """These posts, oldest first, leaving out opening posts and what not every reader may see."""
    posts = db.session.scalars(select(Post).where(Post.id.in_(post_ids)).order_by(Post.number)).all()
    return [post for post in posts if post_shown_to_all(post) and not post.is_opening]


def announce_after_commit(post: Post, send: Callable) -> None:
    """Queue `send(app, post_id)` for after the commit, if every reader may see the new comment:
    a write that rolls back sends nothing."""
    if post.is_opening or not post_shown_to_all(post):
        return
    on_commit(partial(send, current_app._get_current_object(), post.id))


def rejoin_after_commit(thread: Thread, send: Callable) -> None:
    """Queue `send(thread_id, room)` for after the commit, naming the room the thread's comments
    no longer go to: the pages in it are to join again, and are let into the new one if they may
    read it."""
    old = _restricted_room(thread.id) if thread_shown_to_all(thread) else _public_room(thread.id)
    on_commit(partial(send, thread.id, old))


def room_to_join(member, thread_id: int) -> str:
    """The room of a thread the member may read; NotAllowed for a thread they may not (or none)."""
    thread = db.session.get(Thread, thread_id)
    if thread is None or not can(member, "threads.read", thread):
        raise NotAllowed("You cannot follow this thread live")
    return room_for(thread)


def missed_comment_ids(thread_id: int, after: int) -> tuple[list[int], bool]:
    """Visible comments numbered after `after`, oldest first, and whether there were more."""
    ids = db.session.scalars(
        select(Post.id).where(Post.thread_id == thread_id, Post.number > after,
                              Post.is_opening.is_(False), posts_shown_to_all())
        .order_by(Post.number).limit(REPLAY_LIMIT + 1)).all()
    return list(ids[:REPLAY_LIMIT]), len(ids) > REPLAY_LIMIT
