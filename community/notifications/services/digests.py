"""Digests: each member's unread notifications not yet mailed, one email daily or weekly, each
item mailed at most once."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select, update

from ...links import site_url
from ...dates import utcnow
from ...db import atomic
from ...errors import InvalidInput
from ...extensions import db
from ...mail import queue_mail
from ...members.models import Member
from ...threads.models import Thread
from ...threads.services.reading import post_url
from ..models import DIGEST_FREQUENCIES, Notification
from .inbox import describe
from .rows import close, with_context


def set_digest_frequency(member: Member, frequency: str) -> None:
    if frequency not in DIGEST_FREQUENCIES:
        raise InvalidInput(frequency="Choose never, daily or weekly")
    with atomic():
        member.digest_frequency = frequency


@dataclass
class DigestRun:
    members: int = 0
    items: int = 0


def _digestible():
    """What a digest may contain: notifications about threads, which live in spaces open to every
    member. Confidential content (action learning sets and their live rooms) never produces a
    notification row, so it can never be mailed; a restricted space, if one is ever added, must
    be excluded here."""
    return and_(Notification.read_at.is_(None), Notification.digested_at.is_(None),
                Notification.thread.has(Thread.hidden_at.is_(None)))


def send_digests(frequency: str) -> DigestRun:
    """One email per member who chose `frequency`, listing unread notifications not yet mailed.

    Each notification is claimed (digested_at set) by one UPDATE in the member's transaction, so
    two runs, even at once, never mail the same item twice; the email is queued in the outbox in
    that same transaction, so a mail server that is down delays a digest but cannot lose it.
    """
    if frequency not in ("daily", "weekly"):
        raise InvalidInput(frequency="Choose daily or weekly")
    run = DigestRun()
    member_ids = db.session.scalars(
        select(Member.id).where(Member.digest_frequency == frequency, Member.approved_at.is_not(None),
                                Member.suspended_at.is_(None), Member.confirmed_at.is_not(None),
                                select(Notification.id).where(Notification.member_id == Member.id,
                                                              _digestible()).exists())
        .order_by(Member.id)).all()
    for member_id in member_ids:
        with atomic():
            member = db.session.get(Member, member_id)
            claimed = db.session.scalars(close(update(Notification).where(
                Notification.member_id == member_id, _digestible()).values(digested_at=utcnow()))
                .returning(Notification.id).execution_options(synchronize_session=False)).all()
            if not claimed:
                continue
            items = db.session.scalars(with_context(select(Notification).where(
                Notification.id.in_(claimed)).order_by(Notification.updated_at.desc()))).unique().all()
            queue_mail(member.email, _digest_subject(frequency, len(items)),
                       _digest_body(member, items))
        run.members += 1
        run.items += len(items)
    return run


def _digest_subject(frequency: str, count: int) -> str:
    return f"Your {frequency} Community digest: {count} new notification{'s' if count != 1 else ''}"


def _digest_body(member: Member, items: list[Notification]) -> str:
    lines = [f"Hello {member.name},", "", "Here is what happened since your last digest:", ""]
    for n in items:
        link = (post_url(n.post, external=True) if n.post is not None
                else site_url("threads.show", thread_id=n.thread_id))
        lines += [f"- {describe(n)}", f"  {link}"]
    lines += ["", f"See all your notifications: {site_url('notifications.index')}",
              f"Change how often you get this email: {site_url('notifications.settings')}", ""]
    return "\n".join(lines)
