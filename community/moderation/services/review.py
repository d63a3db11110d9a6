"""Holding, hiding, unhiding and approving posts. Each checks the permission, changes the post,
keeps the thread's counts right (through the threads domain's counting) and writes its audit
entry, all in one transaction."""
from __future__ import annotations

from ...dates import utcnow
from ...db import atomic
from ...errors import InvalidInput
from ...extensions import db
from ...members.models import Member
from ...permissions import require
from ...threads.models import Post
from ...threads.services.counting import count_thread, counts, mark_activity, recount_post
from ...threads.signals import post_approved, post_created, post_hidden, post_unhidden, thread_visibility_changed
from . import audit
from .reports import resolve_flags


def hide_post(moderator: Member, post: Post, reason: str) -> Post:
    """Hide a post from everyone but its author (who sees the reason) and moderators.

    Its open reports are closed as handled. Hiding a post held for review turns it down: it stays
    out of sight and out of the review queue.
    """
    require(moderator, "posts.moderate", post)
    reason = audit.checked_reason(reason, required=True)
    if post.deleted_at is not None:
        raise InvalidInput(reason="This post has been removed already")
    if post.hidden_at is not None:
        raise InvalidInput(reason="This post is already hidden")
    with atomic():
        was_counted = counts(post)
        post.hidden_at, post.hidden_reason = utcnow(), reason
        recount_post(post, was_counted)
        resolve_flags(moderator, post, "hidden")
        audit.record_post(moderator, "post.hide", post, reason)
        db.session.flush()
        post_hidden.send(post, member=moderator, reason=reason)
    return post


def unhide_post(moderator: Member, post: Post, reason: str = "") -> Post:
    require(moderator, "posts.moderate", post)
    reason = audit.checked_reason(reason, required=False)
    if post.hidden_at is None:
        raise InvalidInput(reason="This post is not hidden")
    with atomic():
        was_counted = counts(post)
        post.hidden_at, post.hidden_reason = None, None
        recount_post(post, was_counted)
        audit.record_post(moderator, "post.unhide", post, reason)
        db.session.flush()
        post_unhidden.send(post, member=moderator, reason=reason)
    return post


def approve_post(moderator: Member, post: Post, reason: str = "") -> Post:
    """Release a post held for review: it is shown, counted and announced as if just posted."""
    require(moderator, "posts.moderate", post)
    reason = audit.checked_reason(reason, required=False)
    if post.held_at is None:
        raise InvalidInput(post="This post is not waiting for review")
    if post.deleted_at is not None or post.hidden_at is not None:
        raise InvalidInput(post="This post has been removed or hidden; unhide it first")
    thread = post.thread
    now = utcnow()
    with atomic():
        was_counted = counts(post)
        post.held_at, post.held_reason = None, None
        thread_released = post.is_opening and thread.held_at is not None
        if thread_released:
            thread.held_at = None
            thread.last_activity_at = now
            count_thread(thread.space_id, +1)
        elif not post.is_opening:
            mark_activity(thread.id, now)
        recount_post(post, was_counted)
        audit.record_post(moderator, "post.approve", post, reason)
        db.session.flush()
        post_approved.send(post, member=moderator, reason=reason)
        if thread_released:
            thread_visibility_changed.send(thread, member=moderator)
        post_created.send(post, author=post.author, thread=thread)
    return post
