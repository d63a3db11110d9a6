"""Live comments: which thread room a page may join, which comments a broadcast or a rejoining
page may be sent, and when (after the commit). Drawing them is the events layer's
(`threads/events.py`); this module builds no HTML.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

from flask import current_app
from sqlalchemy import select

from ...db import on_commit
from ...errors import NotAllowed
from ...extensions import db
from ...permissions import can
from ..models import Post, Thread

NAMESPACE = "/threads"
EVENT = "comment"
# A reconnecting page is sent what it missed, up to this many; past it, it offers a reload.
REPLAY_LIMIT = 50


def room_for(thread_id: int) -> str:
    return f"thread:{thread_id}"


def is_visible(post: Post) -> bool:
    """Shown to every reader: not removed, hidden or held for review."""
    return (post.deleted_at is None and post.hidden_at is None
            and getattr(post, "held_at", None) is None)


def visible_comments(post_ids: list[int]) -> list[Post]:
    """These posts, oldest first, leaving out opening posts and what not every reader may see."""
    posts = db.session.scalars(select(Post).where(Post.id.in_(post_ids)).order_by(Post.number)).all()
    return [post for post in posts if is_visible(post) and not post.is_opening]


def announce_after_commit(post: Post, send: Callable) -> None:
    """Queue `send(app, post_id)` for after the commit, if every reader may see the new comment:
    a write that rolls back sends nothing."""
    if post.is_opening or not is_visible(post):
        return
    on_commit(partial(send, current_app._get_current_object(), post.id))


def room_to_join(member, thread_id: int) -> str:
    """The room of a thread the member may read; NotAllowed for a thread they may not (or none)."""
    thread = db.session.get(Thread, thread_id)
    if thread is None or not can(member, "threads.read", thread):
        raise NotAllowed("You cannot follow this thread live")
    return room_for(thread.id)


def missed_comment_ids(thread_id: int, after: int) -> tuple[list[int], bool]:
    """Visible comments numbered after `after`, oldest first, and whether there were more."""
    ids = db.session.scalars(
        select(Post.id).where(Post.thread_id == thread_id, Post.number > after,
                              Post.is_opening.is_(False), Post.deleted_at.is_(None),
                              Post.hidden_at.is_(None), Post.held_at.is_(None))
        .order_by(Post.number).limit(REPLAY_LIMIT + 1)).all()
    return list(ids[:REPLAY_LIMIT]), len(ids) > REPLAY_LIMIT
