"""Reports from members (flags) and the moderators' review queues."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ...content import clean_line
from ...dates import utcnow
from ...db import atomic
from ...errors import InvalidInput
from ...extensions import db
from ...members.models import Member
from ...pagination import Page
from ...permissions import require, standing
from ...threads.models import Post, Thread
from ..models import FLAG_REASONS, NOTE_MAX, Flag
from . import audit

QUEUE_PAGE_SIZE = 20


class AlreadyReported(InvalidInput):
    status = 409


def flag_post(member: Member, post: Post, *, reason: str, note: str = "") -> Flag:
    """Report a post to the moderators; once per member per post."""
    require(member, "threads.read", post.thread)
    require(member, "posts.flag", post,
            "You cannot report your own post" if post.author_id == member.id
            else standing(member) or "This post cannot be reported")
    note = clean_line(note)
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


def resolve_flags(moderator: Member, post: Post, resolution: str) -> int:
    return db.session.execute(update(Flag).where(Flag.post_id == post.id, Flag.resolved_at.is_(None))
                              .values(resolved_at=utcnow(), resolved_by_id=moderator.id,
                                      resolution=resolution)).rowcount


def dismiss_flags(moderator: Member, post: Post, reason: str = "") -> int:
    """The reports were not warranted: close them, leaving the post as it is."""
    require(moderator, "posts.moderate", post)
    reason = audit.checked_reason(reason, required=False)
    with atomic():
        closed = resolve_flags(moderator, post, "dismissed")
        if not closed:
            raise InvalidInput(post="There are no open reports on this post")
        audit.record_post(moderator, "post.dismiss_flags", post, reason)
    return closed
