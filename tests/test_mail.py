"""community.mail: a message is a row written in the transaction that causes it; locally it
becomes an .eml file in instance/outbox/ as soon as that transaction commits."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from community.db import atomic
from community.extensions import db
from community.mail import OutboxMessage, queue_mail
from community.dates import utcnow
from community.outbox import Sender
from tests.conftest import Outbox
from tests.support import in_app, join


def outbox_rows(app) -> list[OutboxMessage]:
    with in_app(app):
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        return list(rows)


def test_a_join_is_mailed_through_the_outbox_and_the_file_exists_when_the_page_returns(app, client, outbox):
    response = join(client, email="ada@example.nhs.uk")

    assert response.status_code in (200, 302)
    [row] = outbox_rows(app)
    assert (row.to_address, row.subject) == ("ada@example.nhs.uk", "Confirm your email address for Community")
    assert row.sent_at is not None and row.attempts == 1 and row.failed_at is None
    [message] = outbox.messages
    assert message["To"] == "ada@example.nhs.uk"
    assert message["Message-ID"] == row.message_id
    assert "/confirm/" in outbox.body(message)


def test_mail_waits_for_the_commit_of_the_change_it_belongs_to(app, ctx, outbox):
    with atomic():
        queue_mail("ben@example.nhs.uk", "Hello", "Body")
        assert outbox.messages == []  # nothing leaves before the commit
        db.session.flush()
        assert db.session.scalar(select(OutboxMessage.to_address)) == "ben@example.nhs.uk"
    assert [m["To"] for m in outbox.messages] == ["ben@example.nhs.uk"]


def test_a_rolled_back_transaction_queues_nothing(app, ctx, outbox):
    with pytest.raises(ZeroDivisionError):
        with atomic():
            queue_mail("cat@example.nhs.uk", "Hello", "Body")
            db.session.flush()  # the row was written, and goes with the rollback
            1 / 0
    assert outbox_rows(app) == []
    assert outbox.messages == []
    # The next commit does not carry anything over from the rolled-back one.
    with atomic():
        queue_mail("dan@example.nhs.uk", "Hello", "Body")
    assert [m["To"] for m in outbox.messages] == ["dan@example.nhs.uk"]
    assert [r.to_address for r in outbox_rows(app)] == ["dan@example.nhs.uk"]


def test_queueing_mail_outside_a_transaction_is_a_mistake_it_says_so(app, ctx):
    with pytest.raises(RuntimeError, match="atomic"):
        queue_mail("eve@example.nhs.uk", "Hello", "Body")


def test_html_goes_with_the_text_as_an_alternative(app, ctx, outbox):
    with atomic():
        queue_mail("fay@example.nhs.uk", "Hello", "Plain words", html="<p>Plain <b>words</b></p>")
    [message] = outbox.messages
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.get_payload()] == ["text/plain", "text/html"]


def test_a_file_that_cannot_be_written_is_retried_later_not_lost(app, client, tmp_path):
    # The outbox folder's place is taken by a file: nothing can be written until it is moved.
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder")
    app.config["MAIL_OUTBOX"] = str(blocked)
    join(client, email="gus@example.nhs.uk")
    [row] = outbox_rows(app)
    assert row.sent_at is None and row.failed_at is None and row.attempts == 1
    assert "FileExistsError" in row.last_error
    assert row.next_attempt_at - utcnow() > timedelta(seconds=50)  # a minute's back-off

    blocked.unlink()
    assert Sender(app).deliver_due().sent == 0  # not due yet
    run = Sender(app, clock=lambda: utcnow() + timedelta(minutes=2)).deliver_due()
    assert run.sent == 1
    assert [m["To"] for m in Outbox(app).messages] == ["gus@example.nhs.uk"]
