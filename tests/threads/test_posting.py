"""Starting threads, commenting, replying, editing, deleting, marking helpful."""
import pytest
from sqlalchemy import func, select

from community.errors import InvalidInput, NotAllowed
from community.extensions import db
from community.threads.models import Post, PostRevision, Thread, ThreadState
from community.threads.services import posting
from tests.factories import make_member, make_space, make_thread


@pytest.fixture
def space(ctx):
    return make_space()


def test_start_thread_stores_opening_post_wanted_disciplines_tags_and_follows(space):
    author = make_member(discipline="medicine")
    thread = make_thread(author, title="  Discharge   at weekends ", body="**Why** is it hard?",
                         disciplines=("pharmacy", "social-care"), tags="Discharge, weekends, discharge")
    assert thread.title == "Discharge at weekends"
    assert thread.wanted_disciplines == ["pharmacy", "social-care"]
    assert thread.missing_disciplines == ["pharmacy", "social-care"]
    assert thread.tag_names == ["discharge", "weekends"]
    opening = db.session.scalar(select(Post).where(Post.thread_id == thread.id))
    assert opening.is_opening and opening.number == 1 and opening.position == 0
    assert opening.body_html == "<p><strong>Why</strong> is it hard?</p>\n"
    assert db.session.get(ThreadState, (author.id, thread.id)).follow == "following"
    assert space.thread_count == 1


@pytest.mark.parametrize("fields, field, message", [
    ({"title": ""}, "title", "Enter a title"),
    ({"title": "x" * 201}, "title", "Title must be 200 characters or fewer"),
    ({"body": "   "}, "body", "Enter what you want to say"),
    ({"body": "x" * 50_001}, "body", "Keep it to 50,000 characters or fewer"),
    ({"space": "no-such-space"}, "space", "Choose a space for your thread"),
    ({"disciplines": ["astrology"]}, "disciplines", "Choose disciplines from the list"),
])
def test_bad_thread_input_is_refused_and_nothing_stored(space, fields, field, message):
    author = make_member()
    values = {"title": "A title", "body": "A body", "space": space.slug, "disciplines": [], "tags": "",
              **fields}
    with pytest.raises(InvalidInput) as raised:
        posting.start_thread(author, **values)
    assert raised.value.errors[field] == message
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 0


def test_comments_number_and_position_replies_nest_one_level_and_voices_count(space):
    author, nurse, pharmacist = (make_member(discipline=d) for d in ("medicine", "nursing", "pharmacy"))
    thread = make_thread(author, disciplines=("pharmacy", "nursing"))
    first = posting.add_comment(nurse, thread, body="First")
    reply = posting.add_comment(pharmacist, thread, body="Reply", parent_id=first.id)
    reply_to_reply = posting.add_comment(author, thread, body="Deeper", parent_id=reply.id)
    second = posting.add_comment(pharmacist, thread, body="Second")
    assert [p.number for p in (first, reply, reply_to_reply, second)] == [2, 3, 4, 5]
    assert [p.position for p in (first, reply, reply_to_reply, second)] == [1, 1, 1, 2]
    assert reply_to_reply.parent_id == first.id  # one level of nesting
    db.session.refresh(thread)
    assert thread.comment_count == 4
    assert thread.missing_disciplines == []
    assert set(thread.voice_disciplines) == {"medicine", "nursing", "pharmacy"}


def test_same_client_token_twice_stores_one_comment(space):
    author, other = make_member(), make_member()
    thread = make_thread(author)
    once = posting.add_comment(other, thread, body="Hello", client_token="abc123")
    twice = posting.add_comment(other, thread, body="Hello", client_token="abc123")
    assert once.id == twice.id
    assert db.session.scalar(select(func.count()).select_from(Post).where(Post.thread_id == thread.id)) == 2


def test_locked_thread_refuses_comments_but_not_moderators(space):
    author, member, moderator = make_member(), make_member(), make_member(roles=("moderator",))
    thread = make_thread(author)
    thread.is_locked = True
    db.session.commit()
    with pytest.raises(NotAllowed):
        posting.add_comment(member, thread, body="Let me in")
    assert posting.add_comment(moderator, thread, body="Moderator note").id


def test_replying_to_a_deleted_comment_is_refused(space):
    author, member = make_member(), make_member()
    thread = make_thread(author)
    comment = posting.add_comment(member, thread, body="Oops")
    posting.delete_post(member, comment)
    with pytest.raises(InvalidInput) as raised:
        posting.add_comment(author, thread, body="Reply", parent_id=comment.id)
    assert "removed" in raised.value.errors["body"]


def test_edit_keeps_earlier_version_and_delete_keeps_the_conversation_readable(space):
    author, member = make_member(), make_member(discipline="pharmacy")
    thread = make_thread(author, disciplines=("pharmacy",))
    comment = posting.add_comment(member, thread, body="First draft")
    posting.edit_post(member, comment, body="Second draft")
    assert comment.edited_at is not None and comment.body_html == "<p>Second draft</p>\n"
    assert [r.body_source for r in posting.revisions(comment)] == ["First draft"]
    with pytest.raises(NotAllowed):
        posting.edit_post(author, comment, body="Not yours")
    posting.delete_post(member, comment)
    db.session.refresh(thread)
    assert comment.deleted_at is not None and comment.body_html == ""
    assert thread.comment_count == 0 and thread.missing_disciplines == ["pharmacy"]
    assert db.session.scalar(select(func.count()).select_from(PostRevision)) == 2


def test_only_the_thread_author_marks_helpful(space):
    author, member, other = make_member(), make_member(), make_member()
    thread = make_thread(author)
    comment = posting.add_comment(member, thread, body="Try this")
    with pytest.raises(NotAllowed):
        posting.mark_helpful(other, comment)
    assert posting.mark_helpful(author, comment).is_helpful


def test_unconfirmed_member_cannot_start_a_thread(space):
    with pytest.raises(NotAllowed):
        make_thread(make_member(confirmed=False))


@pytest.mark.parametrize("source, html", [
    ("![Run chart, ward 7](https://example.org/chart.png)",
     '<p><a href="https://example.org/chart.png" rel="nofollow noopener ugc">Image: Run chart, ward 7</a></p>\n'),
    ("[![chart](https://example.org/c.png)](https://example.org/report)",
     '<p><a href="https://example.org/report" rel="nofollow noopener ugc">Image: chart</a></p>\n'),
    ("![](https://example.org/c.png)",
     '<p><a href="https://example.org/c.png" rel="nofollow noopener ugc">Image: picture</a></p>\n'),
    ("![x](javascript:alert(1))", "<p>![x](javascript:alert(1))</p>\n"),
])
def test_an_image_is_never_shown_but_its_alt_text_stays_as_a_link(space, source, html):
    thread = make_thread(make_member(), body=source)
    assert db.session.scalar(select(Post.body_html).where(Post.thread_id == thread.id)) == html
