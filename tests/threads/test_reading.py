"""One page of a thread as `reading.thread_page` builds it: the "first unread comment" link."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from community.extensions import db
from community.threads.models import Post

from community.threads.services import following, posting, reading
from tests.factories import make_member, make_space, make_thread

HOLD = {"HOLD_WORDS": ["miracle cure"], "POSTS_PER_HOUR": 0, "NEW_MEMBER_POSTS_PER_HOUR": 0}


@pytest.fixture
def people(ctx):
    make_space()
    return (make_member(name="Ada Author"), make_member(name="Rae Reader"),
            make_member(name="Cal Commenter"), make_member(name="Mo Moderator", roles=("moderator",)))


def first_unread(viewer, thread, page=1):
    db.session.refresh(thread)   # the services move its counters with UPDATE statements
    view = reading.thread_page(viewer, thread, page)
    return (view.first_unread.number, view.first_unread_page) if view.first_unread else None


def test_no_link_on_a_first_visit_or_once_everything_is_read(people):
    author, reader, commenter, _ = people
    thread = make_thread(author)
    posting.add_comment(commenter, thread, body="One")
    assert first_unread(reader, thread) is None          # never opened: everything is new
    following.mark_read(reader, thread, thread.last_number)
    assert first_unread(reader, thread) is None


def test_the_first_unread_is_the_same_whichever_page_is_open(people, monkeypatch):
    """Replies sit under their comment, so by number the first unread can be a reply on an
    earlier page than newer top-level comments, or a comment on a later page."""
    monkeypatch.setattr(reading, "PAGE_SIZE", 2)
    author, reader, commenter, _ = people
    thread = make_thread(author)                           # post 1
    first = posting.add_comment(commenter, thread, body="Two")
    for n in range(3, 6):
        posting.add_comment(commenter, thread, body=f"Comment {n}")
    following.mark_read(reader, thread, 4)
    db.session.refresh(thread)
    fifth = thread.last_number                            # unread: 5, then a reply to 2
    reply = posting.add_comment(commenter, thread, body="A late reply", parent_id=first.id)
    assert reply.number == fifth + 1
    db.session.refresh(thread)
    pages = reading.thread_page(reader, thread, 1).pages
    assert pages == 2   # a reply shares its comment's position: pages count top-level comments
    fifth_position = db.session.scalar(select(Post.position).where(Post.thread_id == thread.id,
                                                                   Post.number == fifth))
    expected = (fifth, reading.page_of(fifth_position))
    assert [first_unread(reader, thread, page) for page in range(1, pages + 1)] == [expected] * pages
    # Read up to 5: the reply, on page 1, is next.
    following.mark_read(reader, thread, fifth)
    assert first_unread(reader, thread, pages) == (reply.number, reading.page_of(reply.position)) \
        and reading.page_of(reply.position) == 1


@pytest.mark.parametrize("app_config", [HOLD])
def test_a_held_comment_is_skipped_for_those_who_cannot_see_it(app_config, people):
    author, reader, commenter, moderator = people
    thread = make_thread(author)
    held = posting.add_comment(commenter, thread, body="A miracle cure for delays")
    assert held.held_at is not None
    posting.add_comment(author, thread, body="Seen by all")
    after = posting.add_comment(author, thread, body="Also seen by all")
    for person in (reader, commenter, moderator):
        following.mark_read(person, thread, 1)
    assert first_unread(reader, thread)[0] == held.number + 1
    assert first_unread(moderator, thread)[0] == held.number
    assert after.number == held.number + 2

