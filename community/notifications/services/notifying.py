"""Who hears about what happens in threads: the receivers of the thread signals.

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

from sqlalchemy import func, or_, select, update

from ...content import excerpt, linked_mentions, mention_text
from ...dates import utcnow
from ...extensions import db
from ...mail import queue_mail
from ...members.models import Member
from ...threads.models import Post, Reaction, Thread, ThreadState
from ...threads.services.reading import post_url
from ..models import Notification
from .rows import insert, mail_footer, readers, row


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
            f"{mail_footer()}")


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
    recipients = readers([*mention_ids, *reply_ids], thread)
    if not recipients:
        return
    now = utcnow()
    key = f"post:{post.id}"
    notified = set(insert([row(m.id, "mention" if m.id in mention_ids else "reply", author, thread.id,
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
    if (state is not None and state.follow == "muted") or not readers([post.author_id], thread):
        return
    reaction = db.session.get(Reaction, (post.id, member.id, kind))
    since = reaction.created_at if reaction is not None else utcnow()
    key = f"reactions:{post.id}"
    if insert([row(post.author_id, "reaction", member, thread.id, post.id, key, since,
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
