"""Notifications: who hears about what happens in threads, and the operations on one's own list.

The rules (docs/decisions.md, "Notifications"):

- A mention (see `community.content`) notifies the mentioned member, by email too.
- A new comment notifies the thread's followers (`ThreadState.follow == "following"`).
- Reactions to a post notify its author, batched: one open notification per post that counts
  the reactions and people as they arrive.
- The thread's author may invite a member to the thread; the invitee is notified and emailed.
- Never the actor; nobody who muted the thread; nobody who may not read the thread; only approved,
  unsuspended members; and one notification per member per post, whatever the reasons (mentioned
  and following is one notification, of kind "mention").

Receivers run inside the posting transaction (the signals are sent after the post is flushed):
they write rows and never commit; mail joins the same transaction (`queue_mail`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload, lazyload

from ..content import excerpt, linked_mentions, mention_text
from ..dates import utcnow
from ..db import atomic
from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..lookups import get_or_404
from ..mail import queue_mail
from ..members.models import Member
from ..pagination import Page
from ..permissions import can, is_active_member, require
from ..sql import like_escape
from ..threads.models import Post, Reaction, Thread, ThreadState
from ..threads.services.reading import post_url
from .models import DIGEST_FREQUENCIES, Notification

PAGE_SIZE = 25
SUGGESTIONS = 8


# Writing notifications -------------------------------------------------------------------------

def _insert(rows: list[dict]) -> list[int]:
    """Insert notifications, skipping any whose (member, dedupe key) exists; the members notified."""
    if not rows:
        return []
    dialect = db.session().get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Notification)
    statement = (insert.values(rows).on_conflict_do_nothing(index_elements=["member_id", "dedupe_key"])
                 .returning(Notification.member_id))
    notified = list(db.session.scalars(statement))
    _count_unread(notified, 1)
    return notified


def _count_unread(member_ids: list[int], change: int) -> None:
    """The unread count on the member row: what the header shows without a query."""
    if not member_ids:
        return
    counter = Member.unread_notifications + change
    db.session.execute(update(Member).where(Member.id.in_(member_ids)).values(
        unread_notifications=case((counter > 0, counter), else_=0)))


def notify_members(member_ids, actor: Member, kind: str, subject: str, link: str, key: str) -> list[int]:
    """News from outside threads (a consultation opened): one notification per member, once per
    `key`. Call inside the writing transaction; `link` is a path on this site."""
    now = utcnow()
    return _insert([{"member_id": member_id, "kind": kind, "actor_id": actor.id, "thread_id": None,
                     "post_id": None, "dedupe_key": key, "subject": subject[:300], "link": link,
                     "reaction_count": 0, "actor_count": 1, "created_at": now, "updated_at": now}
                    for member_id in member_ids])


def _row(member_id: int, kind: str, actor: Member, thread_id: int, post_id: int | None, key: str,
         now: datetime, **extra) -> dict:
    return {"member_id": member_id, "kind": kind, "actor_id": actor.id, "thread_id": thread_id,
            "post_id": post_id, "dedupe_key": key, "reaction_count": 0, "actor_count": 1,
            "created_at": now, "updated_at": now, **extra}


def _readers(ids, thread: Thread) -> list[Member]:
    """Among `ids`, the members who may be notified about `thread`, in one query."""
    ids = list(ids)
    if not ids:
        return []
    members = db.session.scalars(select(Member).where(
        Member.id.in_(ids), Member.approved_at.is_not(None), Member.suspended_at.is_(None))
        .order_by(Member.id)).all()
    return [m for m in members if can(m, "threads.read", thread)]


def _mail_mentioned(members: list[Member], author: Member, thread: Thread, post: Post) -> None:
    link = post_url(post, external=True)
    quote = excerpt(mention_text(post.body_source), 400)
    for member in members:
        if not member.is_confirmed:
            continue
        queue_mail(
            member.email, f"{author.name} mentioned you in “{thread.title}”",
            f"Hello {member.name},\n\n{author.name} ({author.discipline_label}) mentioned you in "
            f"“{thread.title}”:\n\n    {quote}\n\nRead it and reply: {link}\n\n"
            f"{_mail_footer()}")


def _mail_footer() -> str:
    return ("You get an email when someone mentions you or invites you to a thread. "
            f"Choose how often you get a digest of other notifications: "
            f"{url_for('notifications.settings', _external=True)}\n")


def notify_post(post: Post, author: Member, thread: Thread, *, replies: bool = True) -> None:
    """Mentions in `post`, and (for a comment) its followers. Call inside the writing transaction."""
    mentioned = [i for i in linked_mentions(post.body_html) if i != author.id]
    if post.is_opening or not replies:
        if not mentioned:
            return
        wanted = ThreadState.member_id.in_(mentioned)
    else:
        wanted = or_(ThreadState.follow == "following", ThreadState.member_id.in_(mentioned))
    states = db.session.execute(select(ThreadState.member_id, ThreadState.follow).where(
        ThreadState.thread_id == thread.id, ThreadState.member_id != author.id, wanted)).all()
    muted = {member_id for member_id, follow in states if follow == "muted"}
    following = {member_id for member_id, follow in states if follow == "following"}
    mention_ids = [i for i in mentioned if i not in muted]
    reply_ids = set() if post.is_opening or not replies else following - set(mention_ids)
    recipients = _readers([*mention_ids, *reply_ids], thread)
    if not recipients:
        return
    now = utcnow()
    key = f"post:{post.id}"
    notified = set(_insert([_row(m.id, "mention" if m.id in mention_ids else "reply", author, thread.id,
                                 post.id, key, now) for m in recipients]))
    _mail_mentioned([m for m in recipients if m.id in notified and m.id in mention_ids], author, thread, post)


def on_post_created(post: Post, author: Member, thread: Thread, **extra) -> None:
    notify_post(post, author, thread)


def on_post_edited(post: Post, member: Member, **extra) -> None:
    # Someone newly mentioned in an edit hears about it; nobody hears about the same post twice.
    if linked_mentions(post.body_html):
        notify_post(post, post.author, post.thread, replies=False)


def on_reaction_added(post: Post, member: Member, kind: str, **extra) -> None:
    if post.author_id == member.id:
        return
    thread = post.thread
    state = db.session.get(ThreadState, (post.author_id, thread.id))
    if (state is not None and state.follow == "muted") or not _readers([post.author_id], thread):
        return
    reaction = db.session.get(Reaction, (post.id, member.id, kind))
    since = reaction.created_at if reaction is not None else utcnow()
    key = f"reactions:{post.id}"
    if _insert([_row(post.author_id, "reaction", member, thread.id, post.id, key, since,
                     reaction_count=1, updated_at=utcnow())]):
        return
    # The batch is open: count what has arrived since it opened (unreacting counts down too).
    arrived = (Reaction.post_id == post.id, Reaction.created_at >= Notification.created_at)
    db.session.execute(update(Notification).where(
        Notification.member_id == post.author_id, Notification.dedupe_key == key).values(
        actor_id=member.id, updated_at=utcnow(),
        reaction_count=select(func.count()).where(*arrived).scalar_subquery(),
        actor_count=select(func.count(Reaction.member_id.distinct())).where(*arrived).scalar_subquery())
        .execution_options(synchronize_session=False))


def snippet(n: Notification, length: int = 160) -> str:
    """A few words of the post a notification is about (nothing for a removed or hidden one)."""
    post = n.post
    if n.thread_id is None:
        return ""
    if post is None or post.deleted_at is not None or post.hidden_at is not None:
        return ""
    return excerpt(mention_text(post.body_source), length)


# Invitations ----------------------------------------------------------------------------------

def invite(inviter: Member, thread: Thread, invitee_id: int) -> Member:
    """The thread's author asks a member to join in: a notification and an email, once."""
    require(inviter, "threads.invite", thread,
            "This thread is locked" if thread.author_id == inviter.id
            else "Only the person who started this thread can invite people to it")
    invitee = db.session.get(Member, invitee_id)
    if invitee is None or not is_active_member(invitee):
        raise NotFound()
    if invitee.id == inviter.id:
        raise InvalidInput(member="You started this thread, so you are already in it")
    if not can(invitee, "threads.read", thread):
        raise InvalidInput(member=f"{invitee.name} cannot see this thread")
    state = db.session.get(ThreadState, (invitee.id, thread.id))
    if state is not None and state.follow == "muted":
        raise InvalidInput(member=f"{invitee.name} has turned off notifications from this thread")
    with atomic():
        now = utcnow()
        if not _insert([_row(invitee.id, "invitation", inviter, thread.id, None,
                             f"invitation:{thread.id}", now)]):
            raise InvalidInput(member=f"You have already invited {invitee.name} to this thread")
        if invitee.is_confirmed:
            link = url_for("threads.show", thread_id=thread.id, _external=True)
            queue_mail(
                invitee.email, f"{inviter.name} invites you to “{thread.title}”",
                f"Hello {invitee.name},\n\n{inviter.name} ({inviter.discipline_label}) would like "
                f"to hear your perspective ({invitee.discipline_label}) in “{thread.title}”.\n\n"
                f"Join the conversation: {link}\n\n{_mail_footer()}")
    return invitee


# Reading and marking ----------------------------------------------------------------------------

def _with_context(statement):
    return statement.options(
        joinedload(Notification.thread).options(lazyload(Thread.disciplines), lazyload(Thread.tags)),
        joinedload(Notification.post))


def page(member: Member, number: int = 1, size: int = PAGE_SIZE) -> Page[Notification]:
    """Newest first; one statement whatever the page holds. Threads hidden by moderators drop out."""
    rows = db.session.scalars(_with_context(
        select(Notification).where(Notification.member_id == member.id,
                                   _thread_shown())
        .order_by(Notification.updated_at.desc(), Notification.id.desc())
        .limit(size + 1).offset((number - 1) * size))).unique().all()
    return Page.peeked(rows, number, size)


def _thread_shown():
    """Threads hidden by moderators drop out; news from outside threads stays."""
    return or_(Notification.thread_id.is_(None), Notification.thread.has(Thread.hidden_at.is_(None)))


def _close(statement):
    """Reading or mailing a reaction batch closes it: later reactions start a new one."""
    return statement.values(dedupe_key=case((Notification.kind == "reaction", None),
                                            else_=Notification.dedupe_key))


def open_notification(member: Member, notification_id: int) -> str:
    """Mark one notification read; where it points."""
    notification = get_or_404(Notification, notification_id)
    if notification.member_id != member.id:
        raise NotFound()
    with atomic():
        changed = db.session.execute(_close(update(Notification).where(
            Notification.id == notification.id, Notification.read_at.is_(None)).values(
            read_at=utcnow()))).rowcount
        _count_unread([member.id], -changed)
    if notification.thread_id is None:
        return notification.link or url_for("notifications.index")
    if notification.post is not None:
        return post_url(notification.post)
    return url_for("threads.show", thread_id=notification.thread_id)


def mark_all_read(member: Member) -> int:
    with atomic():
        changed = db.session.execute(_close(update(Notification).where(
            Notification.member_id == member.id, Notification.read_at.is_(None)).values(
            read_at=utcnow()))).rowcount
        member.unread_notifications = 0
    return changed


def set_digest_frequency(member: Member, frequency: str) -> None:
    if frequency not in DIGEST_FREQUENCIES:
        raise InvalidInput(frequency="Choose never, daily or weekly")
    with atomic():
        member.digest_frequency = frequency


# Mention suggestions --------------------------------------------------------------------------

def suggest_members(viewer: Member, query: str, limit: int = SUGGESTIONS) -> list[Member]:
    """Members whose name, or a word of it, starts with `query`; for @mention suggestions."""
    query = " ".join(query.split()).lower()[:60]
    if len(query) < 2:
        return []
    prefix = like_escape(query)
    name = func.lower(Member.name)
    return list(db.session.scalars(
        select(Member).where(or_(name.like(f"{prefix}%", escape="\\"), name.like(f"% {prefix}%", escape="\\")),
                             Member.id != viewer.id, Member.approved_at.is_not(None),
                             Member.suspended_at.is_(None))
        .order_by(name.like(f"{prefix}%", escape="\\").desc(), name, Member.id).limit(limit)))


# Digests ----------------------------------------------------------------------------------------

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


def describe(n: Notification) -> str:
    """One line saying what happened, for the list and for digests."""
    who = n.actor.name
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
            claimed = db.session.scalars(_close(update(Notification).where(
                Notification.member_id == member_id, _digestible()).values(digested_at=utcnow()))
                .returning(Notification.id).execution_options(synchronize_session=False)).all()
            if not claimed:
                continue
            items = db.session.scalars(_with_context(select(Notification).where(
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
                else url_for("threads.show", thread_id=n.thread_id, _external=True) if n.thread_id
                else url_for("home.index", _external=True).rstrip("/") + (n.link or "/"))
        lines += [f"- {describe(n)}", f"  {link}"]
    lines += ["", f"See all your notifications: {url_for('notifications.index', _external=True)}",
              f"Change how often you get this email: {url_for('notifications.settings', _external=True)}", ""]
    return "\n".join(lines)


def on_thread_read(thread: Thread, member: Member, number: int) -> None:
    """Reading a thread's posts reads what pointed at them (runs inside the read mark's commit)."""
    seen = select(Post.id).where(Post.thread_id == thread.id, Post.number <= number)
    about_it = or_(Notification.post_id.in_(seen),  # an invitation points at the thread itself
                   and_(Notification.post_id.is_(None), Notification.thread_id == thread.id))
    changed = db.session.execute(_close(update(Notification).where(
        Notification.member_id == member.id, Notification.read_at.is_(None), about_it)
        .values(read_at=utcnow()))).rowcount
    if changed:
        _count_unread([member.id], -changed)
