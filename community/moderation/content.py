"""Moderating what members write: flags, hiding, approving held posts, and thread actions.

One function per moderator intention; each checks the permission, changes state, keeps the counts
on threads and spaces right, and writes its audit entry, all in one transaction.

Counts: a comment counts in `Thread.comment_count` and its discipline's `ThreadDiscipline.comments`
while it is not deleted, hidden or held; a thread counts in `Space.thread_count` while it is not
held. Every change of those states here moves the counts in the same transaction.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..content import clean_text
from ..dates import utcnow
from ..db import atomic
from ..dialects import upsert
from ..errors import InvalidInput
from ..extensions import db
from ..members.models import Member
from ..pagination import Page
from ..permissions import require
from ..threads.models import Post, Space, Thread, ThreadDiscipline
from ..threads.signals import post_created
from . import audit
from .models import FLAG_REASONS, Flag

NOTE_MAX = 500
REASON_MAX = 300
QUEUE_PAGE_SIZE = 20


class AlreadyReported(InvalidInput):
    status = 409


# Flags ----------------------------------------------------------------------------------------

def flag_post(member: Member, post: Post, *, reason: str, note: str = "") -> Flag:
    """Report a post to the moderators; once per member per post."""
    require(member, "threads.read", post.thread)
    require(member, "posts.flag", post,
            "You cannot report your own post" if post.author_id == member.id
            else "This post cannot be reported")
    note = " ".join(clean_text(note or "").split())
    problems = {}
    if reason not in FLAG_REASONS:
        problems["reason"] = "Choose why you are reporting this post"
    elif reason == "other" and not note:
        problems["note"] = "Tell the moderators what is wrong with this post"
    if len(note) > NOTE_MAX:
        problems["note"] = f"Keep your note to {NOTE_MAX} characters or fewer"
    if problems:
        raise InvalidInput(problems)
    already = AlreadyReported(reason="You have already reported this post. A moderator will look at it")
    if db.session.scalar(select(Flag.id).where(Flag.post_id == post.id, Flag.member_id == member.id)):
        raise already
    try:
        with atomic():
            flag = Flag(post_id=post.id, member_id=member.id, reason=reason, note=note,
                        created_at=utcnow())
            db.session.add(flag)
    except IntegrityError:  # the same report sent twice at once
        raise already from None
    return flag


@dataclass
class FlaggedPost:
    post: Post
    flags: list[Flag]

    @property
    def reasons(self) -> list[str]:
        return list(dict.fromkeys(f.reason_label for f in self.flags))


def queue_counts() -> tuple[int, int]:
    """(posts with open reports, posts held for review), in one statement."""
    flagged = select(func.count(distinct(Flag.post_id))).where(Flag.resolved_at.is_(None))
    held = select(func.count()).select_from(Post).where(*_waiting())
    return tuple(db.session.execute(select(flagged.scalar_subquery(), held.scalar_subquery())).one())


def _with_thread():
    # The thread's space and author come joined; its disciplines and tags are not needed here.
    thread = joinedload(Post.thread)
    return thread.lazyload(Thread.disciplines), thread.lazyload(Thread.tags)


def flagged_posts(page: int, total: int, per_page: int = QUEUE_PAGE_SIZE) -> Page:
    """Posts with open reports, the longest-waiting first, each with its open reports.

    Two statements whatever the page holds: the posts (author, thread and space joined) and
    their open flags (reporters joined).
    """
    page = max(page, 1)
    first_report = (select(Flag.post_id, func.min(Flag.created_at).label("first"))
                    .where(Flag.resolved_at.is_(None)).group_by(Flag.post_id).subquery())
    posts = db.session.scalars(
        select(Post).join(first_report, first_report.c.post_id == Post.id).options(*_with_thread())
        .order_by(first_report.c.first, Post.id).limit(per_page).offset((page - 1) * per_page)
    ).unique().all()
    flags: dict[int, list[Flag]] = {p.id: [] for p in posts}
    if posts:
        for flag in db.session.scalars(select(Flag).where(
                Flag.post_id.in_(list(flags)), Flag.resolved_at.is_(None)).order_by(Flag.created_at, Flag.id)):
            flags[flag.post_id].append(flag)
    return Page([FlaggedPost(p, flags[p.id]) for p in posts], page, per_page, total=total)


def _waiting():
    return Post.held_at.is_not(None), Post.hidden_at.is_(None), Post.deleted_at.is_(None)


def held_posts(page: int, total: int, per_page: int = QUEUE_PAGE_SIZE) -> Page:
    """Posts held by the word list and not yet decided, oldest first: one statement."""
    page = max(page, 1)
    posts = db.session.scalars(
        select(Post).where(*_waiting()).options(*_with_thread())
        .order_by(Post.held_at, Post.id).limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(list(posts), page, per_page, total=total)


def _resolve_flags(moderator: Member, post: Post, resolution: str) -> int:
    return db.session.execute(update(Flag).where(Flag.post_id == post.id, Flag.resolved_at.is_(None))
                              .values(resolved_at=utcnow(), resolved_by_id=moderator.id,
                                      resolution=resolution)).rowcount


def dismiss_flags(moderator: Member, post: Post, reason: str = "") -> int:
    """The reports were not warranted: close them, leaving the post as it is."""
    require(moderator, "posts.moderate", post)
    reason = _reason(reason, required=False)
    with atomic():
        closed = _resolve_flags(moderator, post, "dismissed")
        if not closed:
            raise InvalidInput(post="There are no open reports on this post")
        _record(moderator, "post.dismiss_flags", post, reason)
    return closed


# Hiding and holding posts ---------------------------------------------------------------------

def _counted(post: Post) -> bool:
    return (not post.is_opening and post.deleted_at is None and post.hidden_at is None
            and post.held_at is None)


def _recount(post: Post, was_counted: bool) -> None:
    """Move the thread's counts by the change in whether `post` counts."""
    delta = int(_counted(post)) - int(was_counted)
    if not delta:
        return
    db.session.flush()  # the thread is expired below: nothing pending may be lost with it
    db.session.execute(update(Thread).where(Thread.id == post.thread_id)
                       .values(comment_count=Thread.comment_count + delta))
    if delta > 0:
        upsert(ThreadDiscipline, {"thread_id": post.thread_id, "discipline": post.author.discipline,
                                  "wanted": False, "comments": 1},
               index=["thread_id", "discipline"], set_={"comments": ThreadDiscipline.comments + 1})
    else:
        db.session.execute(update(ThreadDiscipline).where(
            ThreadDiscipline.thread_id == post.thread_id,
            ThreadDiscipline.discipline == post.author.discipline,
            ThreadDiscipline.comments > 0).values(comments=ThreadDiscipline.comments - 1))
    db.session.expire(post.thread)


def _reason(reason: str, *, required: bool, field: str = "reason") -> str:
    reason = " ".join(clean_text(reason or "").split())
    if required and not reason:
        raise InvalidInput({field: "Enter a reason. The author will see it"})
    if len(reason) > REASON_MAX:
        raise InvalidInput({field: f"Keep the reason to {REASON_MAX} characters or fewer"})
    return reason


def _post_summary(post: Post) -> str:
    what = "Opening post" if post.is_opening else f"Comment #{post.number}"
    return f"{what} by {post.author.name} in “{post.thread.title}”"


def _record(moderator: Member, action: str, post: Post, reason: str = "") -> None:
    audit.record(moderator, action, target_type="post", target_id=post.id, thread_id=post.thread_id,
                 summary=_post_summary(post), reason=reason)


def hold_post(post: Post, reason: str) -> None:
    """Hold a visible post for review (an edit brought in a listed word), in the caller's transaction.

    Only the post waits: an opening post held this way leaves its thread and comments in view.
    """
    with atomic():
        was_counted = _counted(post)
        post.held_at, post.held_reason = utcnow(), reason
        _recount(post, was_counted)


def hide_post(moderator: Member, post: Post, reason: str) -> Post:
    """Hide a post from everyone but its author (who sees the reason) and moderators.

    Its open reports are closed as handled. Hiding a post held for review turns it down: it stays
    out of sight and out of the review queue.
    """
    require(moderator, "posts.moderate", post)
    reason = _reason(reason, required=True)
    if post.deleted_at is not None:
        raise InvalidInput(reason="This post has been removed already")
    if post.hidden_at is not None:
        raise InvalidInput(reason="This post is already hidden")
    with atomic():
        was_counted = _counted(post)
        post.hidden_at, post.hidden_reason = utcnow(), reason
        _recount(post, was_counted)
        _resolve_flags(moderator, post, "hidden")
        _record(moderator, "post.hide", post, reason)
    return post


def unhide_post(moderator: Member, post: Post, reason: str = "") -> Post:
    require(moderator, "posts.moderate", post)
    reason = _reason(reason, required=False)
    if post.hidden_at is None:
        raise InvalidInput(reason="This post is not hidden")
    with atomic():
        was_counted = _counted(post)
        post.hidden_at, post.hidden_reason = None, None
        _recount(post, was_counted)
        _record(moderator, "post.unhide", post, reason)
    return post


def approve_post(moderator: Member, post: Post, reason: str = "") -> Post:
    """Release a post held for review: it is shown, counted and announced as if just posted."""
    require(moderator, "posts.moderate", post)
    reason = _reason(reason, required=False)
    if post.held_at is None:
        raise InvalidInput(post="This post is not waiting for review")
    if post.deleted_at is not None or post.hidden_at is not None:
        raise InvalidInput(post="This post has been removed or hidden; unhide it first")
    thread = post.thread
    now = utcnow()
    with atomic():
        was_counted = _counted(post)
        post.held_at, post.held_reason = None, None
        if post.is_opening and thread.held_at is not None:
            thread.held_at = None
            thread.last_activity_at = now
            db.session.execute(update(Space).where(Space.id == thread.space_id)
                               .values(thread_count=Space.thread_count + 1))
        elif not post.is_opening:
            db.session.execute(update(Thread).where(Thread.id == thread.id).values(last_activity_at=now))
        _recount(post, was_counted)
        _record(moderator, "post.approve", post, reason)
        db.session.flush()
        post_created.send(post, author=post.author, thread=thread)
    return post


# Threads --------------------------------------------------------------------------------------

THREAD_SWITCHES = {
    # action: (attribute, new value, refusal when it is already so)
    "lock": ("is_locked", True, "This thread is already locked"),
    "unlock": ("is_locked", False, "This thread is not locked"),
    "pin": ("is_pinned", True, "This thread is already pinned"),
    "unpin": ("is_pinned", False, "This thread is not pinned"),
}


def _thread_summary(thread: Thread) -> str:
    return f"“{thread.title}” in {thread.space.name}"


def switch_thread(moderator: Member, thread: Thread, action: str, reason: str = "") -> Thread:
    """Lock, unlock, pin or unpin a thread."""
    require(moderator, "threads.moderate", thread)
    attribute, value, refusal = THREAD_SWITCHES[action]
    reason = _reason(reason, required=False)
    if getattr(thread, attribute) == value:
        raise InvalidInput(thread=refusal)
    with atomic():
        setattr(thread, attribute, value)
        audit.record(moderator, f"thread.{action}", target_type="thread", target_id=thread.id,
                     thread_id=thread.id, summary=_thread_summary(thread), reason=reason)
    return thread


def move_thread(moderator: Member, thread: Thread, space: str, reason: str = "") -> Thread:
    """Move a thread to another space; both spaces' thread counts follow."""
    require(moderator, "threads.moderate", thread)
    reason = _reason(reason, required=False)
    target = db.session.scalar(select(Space).where(Space.slug == space))
    if target is None:
        raise InvalidInput(space="Choose a space to move the thread to")
    if target.id == thread.space_id:
        raise InvalidInput(space=f"The thread is already in {target.name}")
    source = thread.space
    with atomic():
        if thread.held_at is None:
            db.session.execute(update(Space).where(Space.id == source.id)
                               .values(thread_count=Space.thread_count - 1))
            db.session.execute(update(Space).where(Space.id == target.id)
                               .values(thread_count=Space.thread_count + 1))
        thread.space_id = target.id
        audit.record(moderator, "thread.move", target_type="thread", target_id=thread.id,
                     thread_id=thread.id, reason=reason,
                     summary=f"“{thread.title}” from {source.name} to {target.name}")
    db.session.expire(thread)
    db.session.expire(source)
    db.session.expire(target)
    return thread
