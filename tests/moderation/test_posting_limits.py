"""Before a post is written: the hold word list (held posts wait for a moderator and do not count)
and posting rate limits, tighter for new members."""
from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from community.db import atomic
from community.errors import RateLimited
from community.extensions import db
from community.dates import utcnow
from community.members.models import Member
from community.moderation.services import reports, review, screening as policy
from community.moderation.models import AuditEntry
from community.threads.models import Post, Space, Thread
from community.threads.services import posting
from tests.conftest import sign_in
from tests.factories import PASSWORD, make_thread
from tests.support import Page

HOLD = {"HOLD_WORDS": ["miracle cure", "crypto*"], "POSTS_PER_HOUR": 0, "NEW_MEMBER_POSTS_PER_HOUR": 0}


@pytest.fixture
def thread(author):
    return make_thread(author, title="Weekend discharge", disciplines=("nursing",))


def as_(client, person):
    assert sign_in(client, person.email, PASSWORD).status_code == 302
    return client


def posts_by(member) -> int:
    return db.session.scalar(select(func.count()).select_from(Post).where(Post.author_id == member.id))


def joined_days_ago(member, days: int) -> None:
    with atomic():
        db.session.execute(update(Member).where(Member.id == member.id)
                           .values(joined_at=utcnow() - timedelta(days=days)))
    db.session.expire(member)


# The word list ---------------------------------------------------------------------------------

@pytest.mark.parametrize("app_config", [HOLD])
@pytest.mark.parametrize("text, held", [
    ("Is there a MIRACLE   cure for delayed discharge?", True),
    ("Buy cryptocurrency now", True),
    ("crypto", True),
    ("A miraculous cure", False),
    ("Nothing to see", False),
    ("encrypted email is fine", False),
])
def test_listed_words_and_phrases_hold_a_post(app_config, member, thread, text, held):
    post = posting.add_comment(member, thread, body=text)
    assert (post.held_at is not None) is held
    assert (post.held_reason or "").startswith("Matched the review list") is held


@pytest.mark.parametrize("app_config", [{"HOLD_WORDS": []}])
def test_the_hold_words_file_is_read_and_reread_when_it_changes(app, app_config, member, thread):
    path = app.config["HOLD_WORDS_FILE"]
    with open(path, "w") as file:
        file.write("# one word or phrase a line\nsnake oil  # a comment after it\n\n")
    assert policy.hold_words() == ("snake oil",)
    assert posting.add_comment(member, thread, body="Pure snake oil").held_at is not None
    with open(path, "w") as file:
        file.write("quackery\n")
    os.utime(path, (1, 1))  # a different modification time, however fast the test runs
    assert policy.hold_words() == ("quackery",)
    assert posting.add_comment(member, thread, body="Pure snake oil").held_at is None


@pytest.mark.parametrize("app_config", [HOLD])
def test_a_held_comment_waits_unseen_and_uncounted_until_a_moderator_approves_it(
        client, another_client, app_config, moderator, author, member, thread):
    as_(client, member)
    sent = client.post_form(f"/threads/{thread.id}/comments", {"body": "Try this miracle cure"})
    assert sent.status_code == 302
    post = db.session.scalar(select(Post).where(Post.author_id == member.id))
    db.session.refresh(thread)
    assert post.held_at is not None and thread.comment_count == 0 and thread.voice_disciplines == []
    assert thread.missing_disciplines == ["nursing"]

    mine = Page(client.get(f"/threads/{thread.id}")).one("article", id=f"post-{post.number}")
    assert "Waiting for a moderator" in mine.text and "miracle cure" in mine.text

    as_(another_client, author)
    page = Page(another_client.get(f"/threads/{thread.id}"))
    assert "miracle cure" not in page.text and not page.all("article", id=f"post-{post.number}")
    # A held post is hidden from others as if it did not exist (the same answer as /block).
    assert another_client.get(f"/posts/{post.id}/flag").status_code == 404
    refused = another_client.post_form(f"/threads/{thread.id}/comments",
                                       {"body": "Replying", "parent": str(post.id)})
    assert refused.status_code == 422

    moderators = client.application.test_client()
    as_(moderators, moderator)
    queue = Page(moderators.get("/moderation"))
    item = queue.one("li", id=f"held-{post.id}")
    assert "Try this miracle cure" in item.text and "Matched the review list: miracle cure" in item.text
    approved = moderators.post_form(f"/moderation/posts/{post.id}/approve", {"next": "/moderation"})
    assert approved.status_code == 303
    assert "No posts are waiting for review." in Page(moderators.get("/moderation")).text

    db.session.refresh(thread)
    db.session.refresh(post)
    assert post.held_at is None and thread.comment_count == 1 and thread.voice_disciplines == ["nursing"]
    assert "miracle cure" in Page(another_client.get(f"/threads/{thread.id}")).text
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "post.approve"))
    assert entry.actor_id == moderator.id and entry.target_id == post.id


@pytest.mark.parametrize("app_config", [HOLD])
def test_a_held_thread_is_out_of_lists_and_counts_until_approved(client, another_client, app_config,
                                                                 moderator, author, member, space):
    as_(client, member)
    sent = client.post_form("/threads/new", {"title": "A miracle cure for winter pressures",
                                             "body": "Read on", "space": space.slug})
    assert sent.status_code == 302
    thread = db.session.scalar(select(Thread))
    assert thread.held_at is not None
    db.session.refresh(space)
    assert space.thread_count == 0
    assert "Waiting for a moderator" in Page(client.get(f"/threads/{thread.id}")).text
    assert "A miracle cure" in client.get("/threads").get_data(as_text=True)  # its author sees it

    as_(another_client, author)
    assert another_client.get(f"/threads/{thread.id}").status_code == 403
    assert "A miracle cure" not in another_client.get("/threads").get_data(as_text=True)
    assert "A miracle cure" not in another_client.get(f"/spaces/{space.slug}").get_data(as_text=True)

    opening = db.session.scalar(select(Post).where(Post.thread_id == thread.id))
    review.approve_post(moderator, opening)
    db.session.expire_all()
    assert db.session.get(Space, space.id).thread_count == 1
    assert another_client.get(f"/threads/{thread.id}").status_code == 200
    assert "A miracle cure" in another_client.get("/threads").get_data(as_text=True)


@pytest.mark.parametrize("app_config", [HOLD])
def test_turning_down_a_held_post_hides_it_and_it_never_counts(app_config, moderator, member, thread):
    post = posting.add_comment(member, thread, body="crypto tips")
    review.hide_post(moderator, post, "Advertising")
    db.session.refresh(thread)
    assert thread.comment_count == 0
    assert reports.queue_counts() == (0, 0)
    review.unhide_post(moderator, post)
    db.session.refresh(thread)
    assert thread.comment_count == 0 and reports.queue_counts() == (0, 1)  # back to waiting


@pytest.mark.parametrize("app_config", [HOLD])
def test_an_edit_that_brings_in_a_listed_word_holds_the_post_again(client, app_config, author, member,
                                                                   moderator, thread):
    post = posting.add_comment(member, thread, body="A fair point")
    as_(client, member)
    assert client.post_form(f"/posts/{post.id}/edit", {"body": "Try crypto instead"}).status_code == 302
    db.session.refresh(post)
    db.session.refresh(thread)
    assert post.held_at is not None and post.held_reason == "Edited to match the review list: crypto*"
    assert thread.comment_count == 0 and thread.voice_disciplines == []
    assert reports.queue_counts() == (0, 1)
    review.approve_post(moderator, post)
    db.session.refresh(thread)
    assert thread.comment_count == 1
    opening = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.is_opening))
    posting.edit_post(author, opening, body="Now about a miracle cure")
    db.session.refresh(thread)
    assert opening.held_at is not None and thread.held_at is None  # the conversation stays in view
    assert thread.comment_count == 1


@pytest.mark.parametrize("app_config", [HOLD])
def test_a_reconnecting_live_page_is_not_sent_held_comments(app_config, author, member, thread):
    from community.threads.services import live
    held = posting.add_comment(member, thread, body="crypto now")
    shown = posting.add_comment(author, thread, body="Welcome")
    ids, more = live.missed_comment_ids(thread.id, after=1)
    assert ids == [shown.id] and held.id not in ids
    assert not more


@pytest.mark.parametrize("app_config", [HOLD])
def test_moderators_are_not_held(app_config, moderator, thread):
    assert posting.add_comment(moderator, thread, body="Beware the miracle cure claims").held_at is None


# Rate limits -----------------------------------------------------------------------------------

NEW_LIMIT = {"NEW_MEMBER_POSTS_PER_HOUR": 2, "POSTS_PER_HOUR": 10, "NEW_MEMBER_APPROVED_POSTS": 3}


@pytest.mark.parametrize("app_config", [NEW_LIMIT])
def test_a_new_member_past_their_limit_gets_a_429_and_keeps_what_they_typed(client, app_config,
                                                                            member, thread):
    as_(client, member)
    for i in range(2):
        assert client.post_form(f"/threads/{thread.id}/comments", {"body": f"Comment {i}"}).status_code == 302
    refused = client.post_form(f"/threads/{thread.id}/comments", {"body": "One more thought"})
    assert refused.status_code == 429
    page = Page(refused)
    assert "While you are new here you can post up to 2 times an hour" in page.error_beside("body")
    assert "You can post again in 60 minutes" in page.error_beside("body")
    assert page.value("body") == "One more thought"
    assert posts_by(member) == 2

    new_thread = client.post_form("/threads/new", {"title": "Kept title", "body": "Kept body",
                                                   "space": "quality-improvement"})
    assert new_thread.status_code == 429
    assert Page(new_thread).value("title") == "Kept title"
    assert posts_by(member) == 2


@pytest.mark.parametrize("app_config", [NEW_LIMIT])
def test_a_double_click_at_the_limit_is_not_refused(client, app_config, member, thread):
    as_(client, member)
    first = client.post_form(f"/threads/{thread.id}/comments", {"body": "One", "client_token": "t1"})
    second = client.post_form(f"/threads/{thread.id}/comments", {"body": "Two", "client_token": "t2"})
    again = client.post_form(f"/threads/{thread.id}/comments", {"body": "Two", "client_token": "t2"})
    assert first.status_code == second.status_code == again.status_code == 302
    assert again.headers["Location"] == second.headers["Location"]
    assert posts_by(member) == 2


@pytest.mark.parametrize("app_config", [NEW_LIMIT])
def test_a_member_stops_being_new_after_a_week(app_config, member, thread):
    joined_days_ago(member, 8)
    for i in range(5):
        posting.add_comment(member, thread, body=f"Comment {i}")
    assert posts_by(member) == 5


@pytest.mark.parametrize("app_config", [{**NEW_LIMIT, "NEW_MEMBER_POSTS_PER_HOUR": 3}])
def test_a_member_stops_being_new_once_enough_of_their_posts_are_up(app_config, member, thread):
    for i in range(3):
        posting.add_comment(member, thread, body=f"Comment {i}")
    assert not policy.is_new_member(member)
    posting.add_comment(member, thread, body="A fourth")
    assert posts_by(member) == 4


@pytest.mark.parametrize("app_config", [{**NEW_LIMIT, **HOLD, "NEW_MEMBER_POSTS_PER_HOUR": 3}])
def test_held_posts_do_not_count_towards_leaving_new(app_config, member, thread):
    for i in range(3):
        posting.add_comment(member, thread, body=f"crypto {i}")
    assert policy.is_new_member(member)
    with pytest.raises(RateLimited):
        posting.add_comment(member, thread, body="A clean fourth")
    assert posts_by(member) == 3


@pytest.mark.parametrize("app_config", [{"POSTS_PER_HOUR": 3, "NEW_MEMBER_POSTS_PER_HOUR": 2}])
def test_everyone_has_a_general_limit_and_posts_older_than_an_hour_do_not_count(app_config, author, space):
    joined_days_ago(author, 30)
    for i in range(3):
        make_thread(author, title=f"T{i}")
    with pytest.raises(RateLimited) as raised:
        make_thread(author, title="T3")
    assert raised.value.status == 429
    assert raised.value.errors["body"].startswith("You can post up to 3 times an hour")
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 3
    db.session.execute(update(Post).values(created_at=utcnow() - timedelta(minutes=61)))
    db.session.commit()
    assert make_thread(author, title="T3").id


@pytest.mark.parametrize("app_config", [{"POSTS_PER_HOUR": 0, "NEW_MEMBER_POSTS_PER_HOUR": 0}])
def test_a_limit_of_nought_turns_it_off(app_config, member, thread):
    for i in range(12):
        posting.add_comment(member, thread, body=f"Comment {i}")
    assert posts_by(member) == 12


def test_the_defaults_are_seven_days_three_posts_five_an_hour_for_new_members(app):
    from community.config import from_environment
    defaults = from_environment(app.instance_path)
    assert (defaults["NEW_MEMBER_DAYS"], defaults["NEW_MEMBER_APPROVED_POSTS"],
            defaults["NEW_MEMBER_POSTS_PER_HOUR"]) == (7, 3, 5)
    assert defaults["POSTS_PER_HOUR"] > defaults["NEW_MEMBER_POSTS_PER_HOUR"]
    assert defaults["HOLD_WORDS_FILE"].endswith("hold-words.txt")
