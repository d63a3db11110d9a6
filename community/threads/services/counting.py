"""The counts threads and spaces keep of what everyone can see: written here, and only here.

A comment counts in `Thread.comment_count` and in its author's discipline's
`ThreadDiscipline.comments` while it is not deleted, hidden or held for review; a thread counts in
`Space.thread_count` while it is not held. Posting, deleting and moderating change those states
and call this module in the same transaction, so the counts never drift from the posts.
"""
from __future__ import annotations

from sqlalchemy import update

from ...dialects import upsert
from ...extensions import db
from ...permissions import post_shown_to_all
from ..models import Post, Space, Thread, ThreadDiscipline


def counts(post: Post) -> bool:
    """Whether `post` counts as a comment everyone can see."""
    return not post.is_opening and post_shown_to_all(post)


def recount_post(post: Post, was_counted: bool) -> None:
    """Move the thread's counts by the change in whether `post` counts (call after changing it)."""
    delta = int(counts(post)) - int(was_counted)
    if not delta:
        return
    db.session.flush()  # the thread is expired below: nothing pending may be lost with it
    db.session.execute(update(Thread).where(Thread.id == post.thread_id)
                       .values(comment_count=Thread.comment_count + delta))
    discipline = post.author.discipline
    if delta > 0:
        upsert(ThreadDiscipline, {"thread_id": post.thread_id, "discipline": discipline,
                                  "wanted": False, "comments": 1},
               index=["thread_id", "discipline"], set_={"comments": ThreadDiscipline.comments + 1})
    else:
        db.session.execute(update(ThreadDiscipline).where(
            ThreadDiscipline.thread_id == post.thread_id, ThreadDiscipline.discipline == discipline,
            ThreadDiscipline.comments > 0).values(comments=ThreadDiscipline.comments - 1))
    db.session.expire(post.thread)


def count_thread(space_id: int, delta: int) -> None:
    """A thread came into view in a space (+1) or left it (-1)."""
    db.session.execute(update(Space).where(Space.id == space_id)
                       .values(thread_count=Space.thread_count + delta))


def mark_activity(thread_id: int, at) -> None:
    """Something new came into view in the thread: it moves up the newest-activity lists."""
    db.session.execute(update(Thread).where(Thread.id == thread_id).values(last_activity_at=at))
