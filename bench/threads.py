"""Time the discussion pages in-process: `python -m bench.threads` (or `python -m bench.pages`).

    python -m bench.threads --database-url sqlite:////tmp/bench/community.db
    python -m bench.threads --database-url postgresql+psycopg://postgres@127.0.0.1/community_bench

Needs a database seeded with `python -m bench.seed --threads 10000 --comments 300000`. Signs in
as a pharmacist (a discipline authors often ask to hear from) who follows the most threads, and
times the thread list and its views, a thread of exactly 200 comments (page 1 and the last
page, 50 top-level comments a page with their replies) and "needs your discipline".
Target: p95 under 60 ms on SQLite and PostgreSQL (issue 3).
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from urllib.parse import urlencode

from sqlalchemy import exists, func, select

from community.extensions import db
from community.members.models import Member, MemberRole
from community.threads.models import Space, Thread, ThreadState, ThreadTag
from community.threads.services import reading

from .seed_threads import BIG_THREAD_COMMENTS

TARGET_MS = 60.0
_ROW = re.compile(r'class="community-thread-row"')
_POST = re.compile(r'<article class="community-post')


@dataclass
class ThreadPlan:
    viewer_email: str
    viewer_discipline: str
    author_email: str
    thread_id: int
    thread_comments: int
    last_page: int
    context: dict = field(default_factory=dict)
    pages: list[tuple[str, str]] = field(default_factory=list)   # (name, url), as the viewer
    author_pages: list[tuple[str, str]] = field(default_factory=list)  # as the thread's author


def count_rows(html: str) -> int:
    return len(_ROW.findall(html))


def count_posts(html: str) -> int:
    return len(_POST.findall(html))


def _may_post():
    return (Member.approved_at.is_not(None), Member.suspended_at.is_(None), Member.confirmed_at.is_not(None))


def plan(discipline: str = "pharmacy") -> ThreadPlan | None:
    """What to time, read from the database; None when it holds no threads. Needs an app context."""
    if not db.session.scalar(select(func.count()).select_from(Thread)):
        return None
    thread = db.session.scalar(
        select(Thread).where(Thread.hidden_at.is_(None), Thread.is_locked.is_(False))
        .order_by((Thread.comment_count == BIG_THREAD_COMMENTS).desc(), Thread.comment_count.desc(),
                  Thread.id).limit(1))
    follows = (select(ThreadState.member_id, func.count().label("n"))
               .where(ThreadState.follow == "following").group_by(ThreadState.member_id).subquery())
    viewer = db.session.scalar(
        select(Member).outerjoin(follows, follows.c.member_id == Member.id)
        .where(Member.discipline == discipline, *_may_post(), Member.id != thread.author_id,
               ~exists().where(MemberRole.member_id == Member.id))
        .order_by(func.coalesce(follows.c.n, 0).desc(), Member.id).limit(1))
    if viewer is None:
        raise ValueError(f"no member of {discipline} who may post: seed members first")
    space = db.session.scalar(select(Space).order_by(Space.thread_count.desc(), Space.id).limit(1))
    tag = db.session.scalar(select(ThreadTag.tag).group_by(ThreadTag.tag)
                            .order_by(func.count().desc(), ThreadTag.tag).limit(1))
    older = reading.list_threads(viewer, reading.ListFilter()).next_cursor
    last_page = reading.page_of(thread.last_position)
    result = ThreadPlan(viewer_email=viewer.email, viewer_discipline=viewer.discipline,
                        author_email=thread.author.email, thread_id=thread.id,
                        thread_comments=thread.comment_count, last_page=last_page)

    def q(**params) -> str:
        return "?" + urlencode(params)

    show = f"/threads/{thread.id}"
    result.pages = [
        ("thread list", "/threads"),
        ("older threads", "/threads" + q(after=older)),
        ("space", f"/spaces/{space.slug}"),
        ("topic", "/threads" + q(tag=tag)),
        ("taking part", "/threads" + q(discipline="social-care")),
        ("unanswered", "/threads" + q(view="unanswered")),
        ("needs yours", "/threads" + q(view="needs")),
        ("following", "/threads" + q(view="following")),
        (f"thread p1/{last_page}", show),
        (f"thread p{last_page}/{last_page}", show + q(page=last_page)),
    ]
    # The author also sees "who's missing" suggestions: one more query, timed separately.
    result.author_pages = [("thread, author", show)]
    result.context = {
        "threads": db.session.scalar(select(func.count()).select_from(Thread)),
        "comments": db.session.scalar(select(func.sum(Thread.comment_count))),
        "timed_thread": thread.id, "timed_thread_comments": thread.comment_count,
        "timed_thread_pages": last_page, "viewer": viewer.email, "viewer_discipline": discipline,
        "viewer_follows": db.session.scalar(select(func.count()).select_from(ThreadState).where(
            ThreadState.member_id == viewer.id, ThreadState.follow == "following")),
    }
    return result


def main(argv: list[str] | None = None) -> int:
    from .pages import main as pages_main
    return pages_main(["--suite", "threads", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
