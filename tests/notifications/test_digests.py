"""`flask notifications send-digests`: one email per member, each item at most once."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from community.dates import utcnow
from community.extensions import db
from community.members.models import Member
from community.notifications import services
from community.notifications.models import Notification
from community.outbox import Sender
from community.threads.services import following, posting, reactions
from tests.factories import make_member, make_space, make_thread
from tests.notifications.test_services import subject


@pytest.fixture
def space(ctx):
    return make_space()


def prefer(member, frequency):
    services.set_digest_frequency(member, frequency)


def run(app, frequency="daily") -> str:
    result = app.test_cli_runner().invoke(args=["notifications", "send-digests", "--frequency", frequency])
    assert result.exit_code == 0, result.output
    return result.output


def test_daily_and_weekly_members_get_their_own_runs_each_item_once(app, space, outbox):
    daily, weekly, off = make_member(name="Dee Daily"), make_member(name="Wyn Weekly"), make_member()
    writer = make_member(name="Wes Writer")
    prefer(daily, "daily"), prefer(weekly, "weekly"), prefer(off, "off")
    thread = make_thread(writer, title="Discharge at weekends")
    for member in (daily, weekly, off):
        following.set_follow(member, thread, "following")
    posting.add_comment(writer, thread, body="An update for you all")

    assert run(app, "daily") == "Digests (daily): 1 queued, 1 notification.\n"
    mails = outbox.to(daily.email)
    assert len(mails) == 1 and subject(mails[0]) == "Your daily Community digest: 1 new notification"
    body = outbox.body(mails[0])
    assert "- Wes Writer replied in “Discharge at weekends”" in body
    assert f"http://localhost/threads/{thread.id}?page=1#post-2" in body
    assert outbox.to(weekly.email) == [] and outbox.to(off.email) == []

    assert run(app, "daily") == "Digests (daily): 0 queued, 0 notifications.\n"
    assert len(outbox.to(daily.email)) == 1

    assert run(app, "weekly") == "Digests (weekly): 1 queued, 1 notification.\n"
    assert len(outbox.to(weekly.email)) == 1
    assert run(app, "weekly").startswith("Digests (weekly): 0 queued")
    assert outbox.to(off.email) == []


def test_new_items_go_in_the_next_digest_and_read_ones_never(app, space, outbox):
    member, writer = make_member(), make_member(name="Wes Writer")
    prefer(member, "daily")
    thread = make_thread(member, title="Frailty")
    posting.add_comment(writer, thread, body="One")
    run(app)
    posting.add_comment(writer, thread, body="Two")
    posting.add_comment(writer, thread, body="Three")
    three = db.session.scalars(select(Notification).where(Notification.member_id == member.id)
                               .order_by(Notification.id)).all()
    services.open_notification(member, three[-1].id)  # read on the site: not mailed
    run(app)
    first, second = outbox.to(member.email)
    assert "#post-2" in outbox.body(first)
    assert "#post-3" in outbox.body(second) and "#post-2" not in outbox.body(second)
    assert "#post-4" not in outbox.body(second)
    assert run(app).startswith("Digests (daily): 0 queued")
    digested = db.session.scalars(select(Notification.digested_at).order_by(Notification.id)).all()
    assert [d is not None for d in digested] == [True, True, False]


def test_a_mailed_reaction_batch_is_not_mailed_again_as_it_grows(app, space, outbox):
    author, fans = make_member(), [make_member(name=f"Fan {i}") for i in range(3)]
    prefer(author, "daily")
    thread = make_thread(author, title="Ideas")
    post = posting.add_comment(author, thread, body="An idea")
    reactions.react(fans[0], post, "like")
    reactions.react(fans[1], post, "like")
    run(app)
    assert "Fan 1 and 1 other reacted to your post in “Ideas”" in outbox.body(outbox.to(author.email)[0])
    reactions.react(fans[2], post, "like")
    run(app)
    second = outbox.body(outbox.to(author.email)[1])
    assert "- Fan 2 reacted to your post in “Ideas”" in second and "Fan 1" not in second
    assert db.session.get(Member, author.id).unread_notifications == 2


def test_suspended_unconfirmed_and_hidden_threads_are_left_out(app, space, outbox):
    suspended, unconfirmed, reader = make_member(), make_member(confirmed=False), make_member()
    writer = make_member()
    hidden, visible = make_thread(writer, title="Hidden later"), make_thread(writer, title="Visible")
    for member in (suspended, unconfirmed, reader):
        prefer(member, "daily")
        following.set_follow(member, hidden, "following")
        following.set_follow(member, visible, "following")
    posting.add_comment(writer, hidden, body="News")
    posting.add_comment(writer, visible, body="News")
    suspended.suspended_at = utcnow()
    hidden.hidden_at = utcnow()
    db.session.commit()
    assert run(app) == "Digests (daily): 1 queued, 1 notification.\n"
    assert outbox.to(suspended.email) == [] and outbox.to(unconfirmed.email) == []
    assert "Hidden later" not in outbox.body(outbox.to(reader.email)[0])


def test_a_digest_run_while_the_mail_server_is_down_is_delivered_once_it_is_back(
        app, space, smtp_sink, smtp_config):
    app.config.update(smtp_config)
    member, writer = make_member(name="Dee Daily"), make_member(name="Wes Writer")
    prefer(member, "daily")
    thread = make_thread(member, title="Discharge at weekends")
    posting.add_comment(writer, thread, body="An update")
    smtp_sink.stop()

    assert run(app) == "Digests (daily): 1 queued, 1 notification.\n"
    assert Sender(app).deliver_due().retrying == 1  # refused connection: kept for a retry
    assert run(app) == "Digests (daily): 0 queued, 0 notifications.\n"  # claimed, not lost

    smtp_sink.start()
    assert Sender(app, clock=lambda: utcnow() + timedelta(minutes=2)).deliver_due().sent == 1
    assert Sender(app, clock=lambda: utcnow() + timedelta(days=1)).deliver_due().sent == 0
    [mail] = smtp_sink.messages
    assert (mail["To"], mail["Subject"]) == (member.email, "Your daily Community digest: 1 new notification")
    assert "- Wes Writer replied in “Discharge at weekends”" in mail.get_payload(decode=True).decode()
