"""A member's own notifications: the list, what each says, opening one, marking all read, and
reading a thread reading what pointed at it."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import and_, or_, select, update

from ...content import excerpt, mention_text
from ...dates import utcnow
from ...db import atomic
from ...errors import NotFound
from ...extensions import db
from ...lookups import get_or_404
from ...members.models import Member
from ...pagination import Page
from ...permissions import may_read_post, visible_threads
from ...threads.models import Post, Thread
from ...threads.services.reading import post_url
from ..models import Notification
from .rows import close, count_unread, with_context

PAGE_SIZE = 25


def page(member: Member, number: int = 1, size: int = PAGE_SIZE) -> Page[Notification]:
    """Newest first; one statement whatever the page holds. Threads the member may no longer read
    (hidden by moderators) drop out."""
    rows = db.session.scalars(with_context(
        select(Notification).where(Notification.member_id == member.id,
                                   # set invitations and consultation news have no thread
                                   or_(Notification.thread_id.is_(None),
                                       Notification.thread.has(visible_threads(member))))
        .order_by(Notification.updated_at.desc(), Notification.id.desc())
        .limit(size + 1).offset((number - 1) * size))).unique().all()
    return Page.peeked(rows, number, size)


def open_notification(member: Member, notification_id: int) -> str:
    """Mark one notification read; where it points."""
    notification = get_or_404(Notification, notification_id)
    if notification.member_id != member.id:
        raise NotFound()
    with atomic():
        changed = db.session.execute(close(update(Notification).where(
            Notification.id == notification.id, Notification.read_at.is_(None)).values(
            read_at=utcnow()))).rowcount
        count_unread([member.id], -changed)
    if notification.set_id is not None:
        return url_for("rooms.show_set", set_id=notification.set_id)
    if notification.thread_id is None:
        return notification.link or url_for("notifications.index")
    if notification.post is not None:
        return post_url(notification.post)
    return url_for("threads.show", thread_id=notification.thread_id)


def mark_all_read(member: Member) -> int:
    with atomic():
        changed = db.session.execute(close(update(Notification).where(
            Notification.member_id == member.id, Notification.read_at.is_(None)).values(
            read_at=utcnow()))).rowcount
        member.unread_notifications = 0
    return changed


def snippet(n: Notification, length: int = 160) -> str:
    """A few words of the post a notification is about, if its member may read them now (not once
    it is removed, hidden or held for review, unless they wrote it or moderate)."""
    post = n.post
    if n.thread_id is None:
        return ""
    # The list's member is the one signed in: already in the session, so no statement.
    if post is None or not may_read_post(db.session.get(Member, n.member_id), post):
        return ""
    return excerpt(mention_text(post.body_source), length)


def describe(n: Notification) -> str:
    """One line saying what happened, for the list and for digests."""
    who = n.actor.name
    if n.kind == "set_invite":  # never the set's name: that stays inside the set
        return f"{who} invited you to join an action learning set"
    if n.thread_id is None:
        return n.subject or ""
    title = f"“{n.thread.title}”"
    if n.kind == "mention":
        return f"{who} mentioned you in {title}"
    if n.kind == "reply":
        return f"{who} replied in {title}"
    if n.kind == "invitation":
        return f"{who} invited you to join {title}"
    others = n.actor_count - 1
    people = f"{who} and {others} other{'s' if others != 1 else ''}" if others > 0 else who
    return f"{people} reacted to your post in {title}"


def on_thread_read(thread: Thread, member: Member, number: int) -> None:
    """Reading a thread's posts reads what pointed at them (runs inside the read mark's commit)."""
    seen = select(Post.id).where(Post.thread_id == thread.id, Post.number <= number)
    about_it = or_(Notification.post_id.in_(seen),  # an invitation points at the thread itself
                   and_(Notification.post_id.is_(None), Notification.thread_id == thread.id))
    changed = db.session.execute(close(update(Notification).where(
        Notification.member_id == member.id, Notification.read_at.is_(None), about_it)
        .values(read_at=utcnow()))).rowcount
    if changed:
        count_unread([member.id], -changed)
