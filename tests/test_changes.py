"""The change collector: what a committed transaction changed reaches subscribers once, after the
commit; a rolled-back one hands over nothing."""
from __future__ import annotations

import pytest

from community import changes
from community.changes import CHANGED, CREATED, DELETED, Change
from community.db import atomic
from community.extensions import db
from community.moderation.services import review, thread_actions
from community.threads.models import Post, Space, Thread
from community.threads.services import posting
from tests.factories import make_member, make_space, make_thread


@pytest.fixture
def heard(ctx):
    batches: list[list[Change]] = []
    changes.subscribe(batches.append)
    yield batches
    changes.unsubscribe(batches.append)


def _of(batch, kind):
    return {(c.id, c.what) for c in batch if c.kind == kind}


def test_a_new_thread_hands_over_the_thread_and_its_opening_post(heard):
    make_space()
    author = make_member()
    heard.clear()
    thread = make_thread(author, title="Frailty pathways")
    assert len(heard) == 1
    opening = db.session.query(Post).filter_by(thread_id=thread.id).one()
    assert _of(heard[0], "thread") == {(thread.id, CREATED)}
    assert _of(heard[0], "post") == {(opening.id, CREATED)}


def test_edits_hiding_moving_and_deleting_are_each_handed_over_once(heard):
    make_space()
    make_space("digital", "Digital")
    author, reader = make_member(), make_member()
    moderator = make_member(roles=("moderator",))
    thread = make_thread(author)
    comment = posting.add_comment(reader, thread, body="First thoughts")
    heard.clear()

    posting.edit_post(reader, comment, body="Second thoughts")
    review.hide_post(moderator, comment, "Off topic")
    review.unhide_post(moderator, comment)
    thread_actions.move_thread(moderator, thread, "digital")
    posting.delete_post(reader, comment)

    assert [_of(batch, "post") for batch in heard] == [
        {(comment.id, CHANGED)}, {(comment.id, CHANGED)}, {(comment.id, CHANGED)}, set(),
        {(comment.id, CHANGED)}]
    assert _of(heard[3], "thread") == {(thread.id, CHANGED)}


def test_a_rolled_back_write_hands_over_nothing(heard):
    make_space()
    author = make_member()
    heard.clear()
    with pytest.raises(RuntimeError):
        with atomic():
            db.session.add(Space(slug="gone", name="Gone", description=""))
            thread = Thread(space_id=1, author_id=author.id, title="Never was", last_number=0,
                            last_position=0)
            db.session.add(thread)
            db.session.flush()
            raise RuntimeError("the service failed after flushing")
    with atomic():
        pass
    assert heard == []
    assert db.session.query(Thread).count() == 0


def test_a_row_made_and_removed_in_one_transaction_is_not_handed_over(heard):
    make_space()
    author = make_member()
    heard.clear()
    with atomic():
        thread = Thread(space_id=1, author_id=author.id, title="Draft", last_number=0, last_position=0)
        db.session.add(thread)
        db.session.flush()
        db.session.delete(thread)
        db.session.flush()
        db.session.add(Space(slug="kept", name="Kept", description=""))
    assert heard == []


def test_a_deleted_row_and_a_change_the_orm_cannot_see_are_handed_over(heard):
    make_space()
    author = make_member()
    thread = make_thread(author)
    heard.clear()
    with atomic():
        changes.record(db.session(), "thread", thread.id)
    with atomic():
        db.session.delete(db.session.get(Thread, thread.id))
    assert [_of(batch, "thread") for batch in heard] == [{(thread.id, CHANGED)}, {(thread.id, DELETED)}]


def test_a_failing_subscriber_never_undoes_the_write_or_starves_the_others(heard, caplog):
    def broken(batch):
        raise RuntimeError("index unavailable")

    changes.subscribe(broken)
    try:
        make_space()
        make_member()
        author = make_member()
        make_thread(author, title="Still saved")
    finally:
        changes.unsubscribe(broken)
    assert db.session.query(Thread).filter_by(title="Still saved").count() == 1
    assert any(_of(batch, "thread") for batch in heard)
    assert "change subscriber" in caplog.text


@pytest.mark.parametrize("app_config", [{"HOLD_WORDS": ["miracle cure"]}])
def test_each_visibility_change_sends_its_signal_and_hands_over_its_rows(heard, app_config):
    """Hide, unhide, approve, move, lock, unlock and delete are announced in their transaction
    (threads.signals, as posting announces), and the collector hands over what each changed."""
    from community.threads import signals

    make_space()
    make_space("digital", "Digital")
    author, reader = make_member(), make_member()
    moderator = make_member(roles=("moderator",))
    thread = make_thread(author)
    comment = posting.add_comment(reader, thread, body="First thoughts")
    held = posting.add_comment(reader, thread, body="A miracle cure")
    assert held.held_at is not None
    sent: list[tuple[str, int, int]] = []

    def listener(name):
        def receive(sender, **kwargs):
            # Inside the transaction, after the flush: the collector has not handed it over yet.
            assert sender not in db.session.dirty
            sent.append((name, sender.id, kwargs["member"].id, len(heard)))
        return receive

    names = ("post_hidden", "post_unhidden", "post_approved", "thread_moved", "thread_locked",
             "thread_unlocked", "post_deleted")
    receivers = {name: listener(name) for name in names}
    for name, receiver in receivers.items():
        getattr(signals, name).connect(receiver)
    try:
        heard.clear()
        review.hide_post(moderator, comment, "Off topic")
        review.unhide_post(moderator, comment)
        review.approve_post(moderator, held)
        thread_actions.move_thread(moderator, thread, "digital")
        thread_actions.switch_thread(moderator, thread, "lock")
        thread_actions.switch_thread(moderator, thread, "unlock")
        thread_actions.switch_thread(moderator, thread, "pin")  # changes nobody's view: no signal
        posting.delete_post(moderator, comment)
    finally:
        for name, receiver in receivers.items():
            getattr(signals, name).disconnect(receiver)

    m = moderator.id
    assert sent == [("post_hidden", comment.id, m, 0), ("post_unhidden", comment.id, m, 1),
                    ("post_approved", held.id, m, 2), ("thread_moved", thread.id, m, 3),
                    ("thread_locked", thread.id, m, 4), ("thread_unlocked", thread.id, m, 5),
                    ("post_deleted", comment.id, m, 7)]
    assert [_of(batch, "post") for batch in heard] == [
        {(comment.id, CHANGED)}, {(comment.id, CHANGED)}, {(held.id, CHANGED)}, set(), set(), set(), set(),
        {(comment.id, CHANGED)}]
    assert [_of(batch, "thread") for batch in heard[3:7]] == [{(thread.id, CHANGED)}] * 4
