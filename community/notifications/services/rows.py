"""Notification rows as every part of the domain writes them: inserted once per member and key
(the unique dedupe key does the checking), the unread count on the member row changed in the same
transaction, and reaction batches closed when they are read or mailed."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload, lazyload

from ...links import site_url
from ...extensions import db
from ...members.models import Member
from ...permissions import can
from ...threads.models import Thread
from ..models import Notification


def insert(rows: list[dict]) -> list[int]:
    """Insert notifications, skipping any whose (member, dedupe key) exists; the members notified."""
    if not rows:
        return []
    dialect = db.session().get_bind().dialect.name
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Notification)
    statement = (statement.values(rows).on_conflict_do_nothing(index_elements=["member_id", "dedupe_key"])
                 .returning(Notification.member_id))
    notified = list(db.session.scalars(statement))
    count_unread(notified, 1)
    return notified


def count_unread(member_ids: list[int], change: int) -> None:
    """The unread count on the member row: what the header shows without a query."""
    if not member_ids:
        return
    counter = Member.unread_notifications + change
    db.session.execute(update(Member).where(Member.id.in_(member_ids)).values(
        unread_notifications=case((counter > 0, counter), else_=0)))


def row(member_id: int, kind: str, actor: Member, thread_id: int, post_id: int | None, key: str,
        now: datetime, **extra) -> dict:
    return {"member_id": member_id, "kind": kind, "actor_id": actor.id, "thread_id": thread_id,
            "post_id": post_id, "dedupe_key": key, "reaction_count": 0, "actor_count": 1,
            "created_at": now, "updated_at": now, **extra}


def readers(ids, thread: Thread) -> list[Member]:
    """Among `ids`, the members who may be notified about `thread`, in one query."""
    ids = list(ids)
    if not ids:
        return []
    members = db.session.scalars(select(Member).where(
        Member.id.in_(ids), Member.approved_at.is_not(None), Member.suspended_at.is_(None))
        .order_by(Member.id)).all()
    return [m for m in members if can(m, "threads.read", thread)]


def close(statement):
    """Reading or mailing a reaction batch closes it: later reactions start a new one."""
    return statement.values(dedupe_key=case((Notification.kind == "reaction", None),
                                            else_=Notification.dedupe_key))


def with_context(statement):
    """A notification with its thread and post, in the same statement."""
    return statement.options(
        joinedload(Notification.thread).options(lazyload(Thread.disciplines), lazyload(Thread.tags)),
        joinedload(Notification.post))


def mail_footer() -> str:
    return ("You get an email when someone mentions you or invites you to a thread. "
            f"Choose how often you get a digest of other notifications: "
            f"{site_url('notifications.settings')}\n")
