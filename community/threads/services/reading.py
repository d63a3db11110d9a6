"""Reading threads: one page of a thread, and the lists of threads. Fixed statement counts."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from flask import url_for
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm.attributes import set_committed_value

from ...extensions import db
from ...members.models import Member, MemberTag
from ...permissions import is_moderator, post_actions
from ..models import Post, Space, Thread, ThreadDiscipline, ThreadState, ThreadTag
from . import reactions

PAGE_SIZE = 50
LIST_SIZE = 25


class PostUrls:
    """A post's action URLs, made from a prefix and suffix asked of `url_for` once per page and
    kind of link instead of once per post: `urls("threads.react", post.id, "react")`."""

    _SAMPLE = 918273645

    def __init__(self) -> None:
        self._parts: dict[tuple[str, str | None], tuple[str, str] | None] = {}

    def __call__(self, endpoint: str, post_id: int, action: str | None = None) -> str:
        key = (endpoint, action)
        try:
            parts = self._parts[key]
        except KeyError:
            sample = self._url(endpoint, self._SAMPLE, action)
            split = sample.split(str(self._SAMPLE))
            parts = self._parts[key] = (split[0], split[1]) if len(split) == 2 else None
        if parts is None:  # the sample number also appears elsewhere in the URL: ask each time
            return self._url(endpoint, post_id, action)
        return f"{parts[0]}{post_id}{parts[1]}"

    @staticmethod
    def _url(endpoint: str, post_id: int, action: str | None) -> str:
        if action is None:
            return url_for(endpoint, post_id=post_id)
        return url_for(endpoint, post_id=post_id, action=action)


@dataclass
class ThreadPage:
    thread: Thread
    opening: Post | None
    comments: list[Post]                 # top-level comments on this page, in order
    replies: dict[int, list[Post]]       # parent id -> replies, in order
    page: int
    pages: int
    my_reactions: set[tuple[int, str]]
    state: ThreadState | None
    first_unread: Post | None = None
    first_unread_page: int | None = None
    # What the viewer may do with each post on the page (permissions.post_actions), by post id.
    actions: dict[int, frozenset[str]] = field(default_factory=dict)
    urls: PostUrls = field(default_factory=PostUrls)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def page_of(position: int) -> int:
    return max(1, (position - 1) // PAGE_SIZE + 1)


def post_url(post: Post, external: bool = False) -> str:
    """Where a post is read: its page of the thread, scrolled to it."""
    return url_for("threads.show", thread_id=post.thread_id, page=page_of(post.position),
                   _anchor=f"post-{post.number}", _external=external)


def thread_page(viewer: Member, thread: Thread, page: int) -> ThreadPage:
    pages = page_of(thread.last_position) if thread.last_position else 1
    page = min(max(page, 1), pages)
    low = 0 if page == 1 else (page - 1) * PAGE_SIZE + 1
    posts = db.session.scalars(
        select(Post).where(Post.thread_id == thread.id, Post.position.between(low, page * PAGE_SIZE))
        .order_by(Post.position, Post.number)).all()
    for post in posts:  # the permission rules ask post.thread per post: hand it over, no lazy load
        set_committed_value(post, "thread", thread)
    opening = next((p for p in posts if p.is_opening), None)
    comments = [p for p in posts if not p.is_opening and p.parent_id is None]
    replies: dict[int, list[Post]] = {}
    for post in posts:
        if post.parent_id is not None:
            replies.setdefault(post.parent_id, []).append(post)
    state = db.session.get(ThreadState, (viewer.id, thread.id))
    view = ThreadPage(thread=thread, opening=opening, comments=comments, replies=replies, page=page,
                      pages=pages, my_reactions=reactions.mine(viewer, [p.id for p in posts]), state=state,
                      actions=post_actions(viewer, thread, posts))
    last_read = state.last_read_number if state else 0
    if last_read < thread.last_number:
        on_page = [p for p in posts if p.number > last_read]
        first = min(on_page, key=lambda p: p.number) if on_page and last_read else None
        if first is None and last_read:
            first = db.session.scalar(select(Post).where(Post.thread_id == thread.id,
                                                         Post.number == last_read + 1))
        if first is not None:
            view.first_unread, view.first_unread_page = first, page_of(first.position)
    return view


@dataclass(frozen=True)
class ListFilter:
    space: str = ""
    tag: str = ""
    discipline: str = ""       # a discipline taking part
    view: str = ""             # "" (latest), unanswered, needs, following


@dataclass
class ThreadList:
    threads: list[Thread]
    next_cursor: str | None
    filters: ListFilter = field(default_factory=ListFilter)


def _cursor(thread: Thread) -> str:
    return f"{thread.last_activity_at.timestamp():.6f}_{thread.id}"


def parse_cursor(value: str | None) -> tuple[datetime, int] | None:
    try:
        stamp, thread_id = (value or "").split("_")
        return datetime.fromtimestamp(float(stamp), timezone.utc), int(thread_id)
    except ValueError:
        return None


def list_threads(viewer: Member, filters: ListFilter, after: str | None = None,
                 size: int = LIST_SIZE) -> ThreadList:
    """Newest activity first, keyset-paginated by (last_activity_at, id)."""
    conditions = []
    if not is_moderator(viewer):
        conditions.append(Thread.hidden_at.is_(None))
        conditions.append(or_(Thread.held_at.is_(None), Thread.author_id == viewer.id))
    if filters.space:
        conditions.append(Thread.space.has(Space.slug == filters.space))
    if filters.tag:
        conditions.append(exists().where(ThreadTag.thread_id == Thread.id, ThreadTag.tag == filters.tag))
    if filters.discipline:
        conditions.append(exists().where(ThreadDiscipline.thread_id == Thread.id,
                                         ThreadDiscipline.discipline == filters.discipline,
                                         ThreadDiscipline.comments > 0))
    if filters.view == "unanswered":
        conditions.append(Thread.comment_count == 0)
    elif filters.view == "needs":
        conditions.append(exists().where(ThreadDiscipline.thread_id == Thread.id,
                                         ThreadDiscipline.discipline == viewer.discipline,
                                         ThreadDiscipline.wanted.is_(True),
                                         ThreadDiscipline.comments == 0))
    elif filters.view == "following":
        conditions.append(exists().where(ThreadState.thread_id == Thread.id,
                                         ThreadState.member_id == viewer.id,
                                         ThreadState.follow == "following"))
    # In a space, pinned threads come first; a cursor from a pinned thread starts with "p".
    pinned_first = bool(filters.space)
    cursor = parse_cursor((after or "").removeprefix("p"))
    if cursor:
        stamp, thread_id = cursor
        older = or_(Thread.last_activity_at < stamp,
                    and_(Thread.last_activity_at == stamp, Thread.id < thread_id))
        if pinned_first:
            older = (or_(and_(Thread.is_pinned.is_(True), older), Thread.is_pinned.is_(False))
                     if after.startswith("p") else and_(Thread.is_pinned.is_(False), older))
        conditions.append(older)
    order = (Thread.last_activity_at.desc(), Thread.id.desc())
    threads = db.session.scalars(
        select(Thread).where(*conditions)
        .order_by(*((Thread.is_pinned.desc(), *order) if pinned_first else order)).limit(size + 1)).all()
    more = len(threads) > size
    threads = list(threads[:size])
    next_cursor = None
    if more:
        next_cursor = ("p" if pinned_first and threads[-1].is_pinned else "") + _cursor(threads[-1])
    return ThreadList(threads=threads, next_cursor=next_cursor, filters=filters)


def spaces() -> list[Space]:
    return list(db.session.scalars(select(Space).order_by(Space.position, Space.name)))


def suggested_voices(thread: Thread, limit: int = 5) -> list[Member]:
    """Members of the missing disciplines, most interests shared with the thread's author first."""
    missing = thread.missing_disciplines
    if not missing:
        return []
    author_interests = select(MemberTag.tag).where(MemberTag.member_id == thread.author_id,
                                                   MemberTag.kind == "interest")
    shared = (select(func.count()).where(MemberTag.member_id == Member.id, MemberTag.kind == "interest",
                                         MemberTag.tag.in_(author_interests))
              .correlate(Member).scalar_subquery())
    return list(db.session.scalars(
        select(Member).where(Member.discipline.in_(missing), Member.id != thread.author_id,
                             Member.approved_at.is_not(None), Member.suspended_at.is_(None))
        .order_by(shared.desc(), Member.id).limit(limit)))
