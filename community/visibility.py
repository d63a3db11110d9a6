"""Who may see a thread or a post: the one rule, as Python predicates and the matching SQL.

A thread that is hidden or held for review is seen by its author and moderators only. A post's
words are read by everyone who may read its thread while the post is not removed, hidden or held;
a hidden or held post by its author too, and any post (a removed one included) by moderators.
A post held for review has no place on anyone else's page; a removed or hidden one keeps its
place with a note ("Comment removed"), which is `may_see_post`.

Every read path asks these (pages, lists, profiles, notifications, digests, live delivery, and
search once it exists); `community.permissions` builds `threads.read` and `posts.read` on them.
tests/test_visibility.py checks each predicate against its SQL twin on a real database.

Core imports no domain, so the threads domain hands over its two models once (`describe`,
from its `register()`); the SQL conditions read their columns from them.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import and_, exists, false, or_, true
from sqlalchemy.sql import ColumnElement

_models: dict[str, Any] = {}


def describe(*, post: type, thread: type) -> None:
    """The mapped classes of posts and threads (called by the threads domain's register)."""
    _models.update(post=post, thread=thread)


def _post():
    return _models["post"]


def _thread():
    return _models["thread"]


# The people ------------------------------------------------------------------------------------

def _signed_in(member) -> bool:
    return bool(getattr(member, "is_authenticated", False))


def is_active_member(member) -> bool:
    """Signed in, approved and not suspended: may read the members' areas."""
    return _signed_in(member) and member.is_approved and not member.is_suspended


STAFF_ROLES = ("moderator", "admin")


def is_moderator(member) -> bool:
    return is_active_member(member) and not member.role_names.isdisjoint(STAFF_ROLES)


# Python ----------------------------------------------------------------------------------------

def thread_shown_to_all(thread) -> bool:
    return thread.hidden_at is None and thread.held_at is None


def post_shown_to_all(post) -> bool:
    """Its words are there for every reader of its thread: not removed, hidden or held."""
    return post.deleted_at is None and post.hidden_at is None and post.held_at is None


def may_read_thread(viewer, thread) -> bool:
    if not is_active_member(viewer):
        return False
    return thread_shown_to_all(thread) or thread.author_id == viewer.id or is_moderator(viewer)


def may_read_post(viewer, post) -> bool:
    """The post's words (and who wrote it and who reacted), as its thread page shows it in full."""
    return may_read_thread(viewer, post.thread) and reads_in_thread(viewer, post)


def may_see_post(viewer, post) -> bool:
    """The post has its place on the viewer's page, in full or as a note that it was removed or
    hidden: everything but a post held for review, which only its author and moderators see."""
    return may_read_thread(viewer, post.thread) and sees_in_thread(viewer, post)


def reads_in_thread(viewer, post) -> bool:
    """`may_read_post` for a viewer already known to read the post's thread (a page drawing it)."""
    if post_shown_to_all(post):
        return True
    return (post.deleted_at is None and post.author_id == viewer.id) or is_moderator(viewer)


def sees_in_thread(viewer, post) -> bool:
    """`may_see_post` for a viewer already known to read the post's thread."""
    return post.held_at is None or post.author_id == viewer.id or is_moderator(viewer)


# SQL -------------------------------------------------------------------------------------------

def threads_shown_to_all() -> ColumnElement[bool]:
    thread = _thread()
    return and_(thread.hidden_at.is_(None), thread.held_at.is_(None))


def posts_shown_to_all() -> ColumnElement[bool]:
    post = _post()
    return and_(post.deleted_at.is_(None), post.hidden_at.is_(None), post.held_at.is_(None))


def visible_threads(viewer) -> ColumnElement[bool]:
    """`may_read_thread` as a condition on threads."""
    if not is_active_member(viewer):
        return false()
    if is_moderator(viewer):
        return true()
    return or_(threads_shown_to_all(), _thread().author_id == viewer.id)


def _in_visible_thread(viewer) -> ColumnElement[bool]:
    thread = _thread()
    return exists().where(thread.id == _post().thread_id, visible_threads(viewer))


def visible_posts(viewer) -> ColumnElement[bool]:
    """`may_read_post` as a condition on posts (their thread is checked in a subquery)."""
    if not is_active_member(viewer):
        return false()
    if is_moderator(viewer):
        return true()
    post = _post()
    return and_(_in_visible_thread(viewer),
                or_(posts_shown_to_all(), and_(post.deleted_at.is_(None), post.author_id == viewer.id)))


def listed_posts(viewer) -> ColumnElement[bool]:
    """`may_see_post` as a condition on posts."""
    if not is_active_member(viewer):
        return false()
    if is_moderator(viewer):
        return true()
    post = _post()
    return and_(_in_visible_thread(viewer), or_(post.held_at.is_(None), post.author_id == viewer.id))
