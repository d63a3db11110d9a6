"""Reading threads: one page of a thread, and the lists of threads. Fixed statement counts."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from flask import url_for
from sqlalchemy import and_, exists, func, or_, select

from ...activity import Activity
from ...extensions import db
from ...links import site_url
from ...members.models import Member, MemberTag, Organisation
from ...people import ShownAs
from ...permissions import is_moderator, post_actions
from ..models import Post, Space, Thread, ThreadDiscipline, ThreadState, ThreadTag
from . import reactions

PAGE_SIZE = 50
LIST_SIZE = 25


@dataclass(slots=True)
class PostAuthor(ShownAs):
    """What a post shows of its author."""

    id: int
    name: str
    discipline: str
    organisation_name: str


@dataclass(slots=True)
class PagePost:
    """A post as a thread page reads it: plain values, not a `Post` entity. A page can hold
    hundreds of posts, and building and tracking an ORM object (and its author's) for each cost
    more than the query; the page only reads them. Same attribute names as `Post`, so the
    permission rules and the renderer take either."""

    id: int
    thread_id: int
    author_id: int
    parent_id: int | None
    number: int
    position: int
    is_opening: bool
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None
    hidden_at: datetime | None
    hidden_reason: str | None
    held_at: datetime | None
    held_reason: str | None
    is_helpful: bool
    like_count: int
    insightful_count: int
    thanks_count: int
    author: PostAuthor
    thread: Thread

    def reaction_count(self, kind: str) -> int:
        return getattr(self, f"{kind}_count")


_PAGE_POST_COLUMNS = (Post.id, Post.thread_id, Post.author_id, Post.parent_id, Post.number, Post.position,
                      Post.is_opening, Post.body_html, Post.created_at, Post.edited_at, Post.deleted_at,
                      Post.hidden_at, Post.hidden_reason, Post.held_at, Post.held_reason, Post.is_helpful,
                      Post.like_count, Post.insightful_count, Post.thanks_count)


def _page_posts(on_page, thread: Thread) -> list[PagePost]:
    """The posts that match `on_page` (a thread and a range of positions), in order, with their
    authors: one query."""
    rows = db.session.execute(
        select(*_PAGE_POST_COLUMNS, Member.name, Member.discipline, Organisation.name)
        .join(Member, Member.id == Post.author_id)
        .outerjoin(Organisation, Organisation.id == Member.organisation_id)
        .where(*on_page).order_by(Post.position, Post.number)).all()
    authors: dict[int, PostAuthor] = {}
    posts = []
    for row in rows:
        author = authors.get(row.author_id)
        if author is None:
            author = authors[row.author_id] = PostAuthor(row.author_id, row[-3], row[-2], row[-1] or "")
        posts.append(PagePost(*row[:-3], author=author, thread=thread))
    return posts


@dataclass
class ThreadPage:
    thread: Thread
    opening: PagePost | None
    comments: list[PagePost]             # top-level comments on this page, in order
    replies: dict[int, list[PagePost]]   # parent id -> replies, in order
    page: int
    pages: int
    my_reactions: set[tuple[int, str]]
    state: ThreadState | None
    first_unread: UnreadMark | None = None   # the first post after the read mark the viewer can see
    first_unread_page: int | None = None
    # What the viewer may do with each post on the page (permissions.post_actions), by post id.
    actions: dict[int, frozenset[str]] = field(default_factory=dict)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass(frozen=True)
class OnePost:
    """What the post renderer reads from a thread page, for one post drawn on its own (a live
    comment, or a live comment redrawn for its reader)."""

    thread: Thread
    page: int
    my_reactions: frozenset = field(default_factory=frozenset)
    actions: dict = field(default_factory=dict)


def one_post(viewer: Member, post: Post) -> OnePost:
    """A post as `viewer`'s thread page would show it: their abilities and their reactions."""
    return OnePost(thread=post.thread, page=page_of(post.position),
                   my_reactions=frozenset(reactions.mine(viewer, Post.id == post.id)),
                   actions=post_actions(viewer, post.thread, [post]))


def page_of(position: int) -> int:
    return max(1, (position - 1) // PAGE_SIZE + 1)


def post_url(post: Post, external: bool = False) -> str:
    """Where a post is read: its page of the thread, scrolled to it."""
    build = site_url if external else url_for  # external: for mail, so from BASE_URL
    return build("threads.show", thread_id=post.thread_id, page=page_of(post.position),
                 _anchor=f"post-{post.number}")


@dataclass(frozen=True)
class UnreadMark:
    number: int
    position: int


def _state_and_first_unread(viewer: Member, thread: Thread):
    """The viewer's ThreadState (or None) and, in the same statement, the number and position of
    the first post after their read mark that they can see (a post held for review shows only to
    its author and moderators). Asked of the database even when the page holds unread posts: the
    first may be a reply on an earlier page."""
    def first(column):
        query = (select(column).where(Post.thread_id == thread.id, Post.number > ThreadState.last_read_number)
                 .order_by(Post.number).limit(1))
        if not is_moderator(viewer):
            query = query.where(or_(Post.held_at.is_(None), Post.author_id == viewer.id))
        return query.scalar_subquery()

    row = db.session.execute(select(ThreadState, first(Post.number), first(Post.position)).where(
        ThreadState.member_id == viewer.id, ThreadState.thread_id == thread.id)).first()
    if row is None:
        return None, None
    state, number, position = row
    # Nothing is "first unread" in a thread never read: every post is new.
    if not state.last_read_number or number is None:
        return state, None
    return state, UnreadMark(number, position)


def thread_page(viewer: Member, thread: Thread, page: int) -> ThreadPage:
    pages = page_of(thread.last_position) if thread.last_position else 1
    page = min(max(page, 1), pages)
    low = 0 if page == 1 else (page - 1) * PAGE_SIZE + 1
    on_page = (Post.thread_id == thread.id, Post.position.between(low, page * PAGE_SIZE))
    posts = _page_posts(on_page, thread)
    opening = next((p for p in posts if p.is_opening), None)
    comments = [p for p in posts if not p.is_opening and p.parent_id is None]
    replies: dict[int, list[PagePost]] = {}
    for post in posts:
        if post.parent_id is not None:
            replies.setdefault(post.parent_id, []).append(post)
    state, first = _state_and_first_unread(viewer, thread)
    view = ThreadPage(thread=thread, opening=opening, comments=comments, replies=replies, page=page,
                      pages=pages, my_reactions=reactions.mine(viewer, *on_page), state=state,
                      actions=post_actions(viewer, thread, posts))
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


def activity_of(member: Member, viewer: Member, limit: int) -> list[Activity]:
    """A member's threads and comments for their profile (`community.activity` source), newest
    first: only what every member may see, so no removed, hidden or held posts."""
    rows = db.session.execute(
        select(Post.created_at, Post.is_opening, Thread.id, Thread.title)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Post.author_id == member.id, Post.deleted_at.is_(None), Post.hidden_at.is_(None),
               Post.held_at.is_(None), Thread.hidden_at.is_(None), Thread.held_at.is_(None))
        .order_by(Post.created_at.desc(), Post.id.desc()).limit(limit)).all()
    return [Activity(at, "Started a thread" if opening else "Commented on",
                     url=url_for("threads.show", thread_id=thread_id), label=title)
            for at, opening, thread_id, title in rows]
