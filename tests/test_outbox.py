"""community.outbox: the sender against a real SMTP server process on 127.0.0.1
(tests/mail_sink.py), on the real database. Nothing is lost, nothing is sent twice."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from community.db import atomic
from community.extensions import db
from community.mail import OutboxMessage, queue_mail
from community.dates import utcnow
from community.outbox import LEASE, Sender
from tests.mail_sink import SmtpSink, free_port
from tests.support import add_member, in_app

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.fixture
def app_config(smtp_config):
    return smtp_config


def queue(app, *addresses: str) -> None:
    with in_app(app):
        with atomic():
            for address in addresses:
                queue_mail(address, f"For {address}", f"Hello {address}")


def rows(app) -> list[OutboxMessage]:
    with in_app(app):
        found = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        return list(found)


def later(minutes: float):
    return lambda: utcnow() + timedelta(minutes=minutes)


def received(sink: SmtpSink) -> Counter:
    return Counter(m["Message-ID"] for m in sink.messages)


def test_a_queued_message_is_delivered_once_over_smtp(app, smtp_sink):
    queue(app, "ann@example.nhs.uk")
    assert smtp_sink.messages == []  # in tests no background sender runs; the test is the sender

    run = Sender(app).deliver_due()

    assert (run.sent, run.retrying, run.failed) == (1, 0, 0)
    [message] = smtp_sink.messages
    [row] = rows(app)
    assert (message["To"], message["Subject"], message["Message-ID"]) == (
        "ann@example.nhs.uk", "For ann@example.nhs.uk", row.message_id)
    assert message["From"] == app.config["MAIL_FROM"]
    assert message.get_payload(decode=True).decode().strip() == "Hello ann@example.nhs.uk"
    assert row.sent_at is not None and row.attempts == 1 and row.claimed_by is None
    assert Sender(app, clock=later(600)).deliver_due().sent == 0
    assert len(smtp_sink.messages) == 1


def test_the_server_down_then_back_loses_nothing_and_sends_nothing_twice(app, smtp_sink):
    smtp_sink.stop()
    queue(app, "a@example.nhs.uk", "b@example.nhs.uk", "c@example.nhs.uk")

    run = Sender(app).deliver_due()
    assert (run.sent, run.retrying, run.failed) == (0, 3, 0)
    assert all(r.attempts == 1 and "ConnectionRefusedError" in r.last_error for r in rows(app))
    assert Sender(app).deliver_due().total == 0  # backing off: nothing is due for a minute

    smtp_sink.start()
    assert Sender(app, clock=later(2)).deliver_due().sent == 3
    assert Sender(app, clock=later(300)).deliver_due().total == 0
    assert sorted(received(smtp_sink).values()) == [1, 1, 1]
    assert sorted(m["To"] for m in smtp_sink.messages) == [
        "a@example.nhs.uk", "b@example.nhs.uk", "c@example.nhs.uk"]
    assert all(r.sent_at and r.attempts == 2 for r in rows(app))


def test_back_off_grows_and_a_message_is_given_up_after_the_last_attempt_until_retried(app, smtp_sink):
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    smtp_sink.stop()
    queue(app, "dee@example.nhs.uk")
    start = utcnow()
    waits = []
    for minutes in (0, 1.5, 7):  # past the 1-minute, then the 5-minute back-off
        Sender(app, clock=lambda m=minutes: start + timedelta(minutes=m)).deliver_due()
        [row] = rows(app)
        waits.append(round((row.next_attempt_at - start).total_seconds() / 60 - minutes, 1))
    assert waits[:2] == [1.0, 5.0]
    assert row.failed_at is not None and row.attempts == 3 and "ConnectionRefusedError" in row.last_error

    smtp_sink.start()
    assert Sender(app, clock=later(1000)).deliver_due().total == 0  # given up stays given up
    result = app.test_cli_runner().invoke(args=["mail", "retry"])
    assert result.output == "Mail: 1 failed message queued again.\n"
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.output == ("Mail: 1 sent, 0 to retry, 0 given up. "
                             "Outbox: 0 due, 0 waiting to retry, 0 failed.\n")
    assert [m["To"] for m in smtp_sink.messages] == ["dee@example.nhs.uk"]


def test_a_refusal_for_good_is_not_retried_and_a_refusal_for_now_is(app, smtp_sink):
    queue(app, "refuse-eli@example.nhs.uk", "later-fay@example.nhs.uk", "gil@example.nhs.uk")

    run = Sender(app).deliver_due()

    assert (run.sent, run.retrying, run.failed) == (1, 1, 1)
    refused, postponed, sent = rows(app)
    assert refused.failed_at is not None and refused.last_error.startswith("550")
    assert postponed.failed_at is None and postponed.last_error.startswith("451")
    assert Sender(app, clock=later(2)).deliver_due().sent == 1
    assert sorted(m["To"] for m in smtp_sink.messages) == ["gil@example.nhs.uk", "later-fay@example.nhs.uk"]


def test_a_hand_over_whose_outcome_is_unknown_is_never_resent_automatically(app, smtp_sink):
    # The server stores the message, then drops the connection before saying it has it.
    queue(app, "vanish-hal@example.nhs.uk")

    run = Sender(app).deliver_due()

    assert (run.sent, run.retrying, run.failed) == (0, 0, 1)
    [row] = rows(app)
    assert row.failed_at is not None and row.last_error.startswith("Outcome unknown")
    assert Sender(app, clock=later(24 * 60)).deliver_due().total == 0
    assert len(smtp_sink.messages) == 1  # it did arrive; resending would have been a duplicate


@pytest.fixture
def slow_sink(tmp_path):
    """A server that takes a moment over each message, so senders running together overlap."""
    sink = SmtpSink(tmp_path / "slow-sink", delay=0.05).start()
    yield sink
    sink.stop()


def test_two_senders_at_once_deliver_each_message_exactly_once(app, slow_sink):
    app.config["MAIL_PORT"] = slow_sink.port
    queue(app, *(f"member{n}@example.nhs.uk" for n in range(40)))
    runs, errors = [], []

    def send():
        try:
            runs.append(Sender(app).deliver_due())
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(run.sent for run in runs)[0] > 0, "the two senders did not overlap"
    assert sum(run.sent for run in runs) == 40
    counts = received(slow_sink)
    assert len(counts) == 40 and set(counts.values()) == {1}
    assert all(r.sent_at is not None for r in rows(app))


# Separate processes: `flask mail send`, as cron runs it --------------------------------------

def flask_env(app, **settings) -> dict:
    """The environment for a `flask` process using the test's database and instance folder."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    options = app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}).get("connect_args", {}).get("options")
    if options:  # the PostgreSQL test schema
        url = url.update_query_dict({"options": options})
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAIL_", "FLASK_"))}
    env.update({"DATABASE_URL": url.render_as_string(hide_password=False),
                "INSTANCE_PATH": app.instance_path, "SECRET_KEY": app.config["SECRET_KEY"],
                "COMMUNITY_ENV": "development", "FLASK_APP": "wsgi.py",
                "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(app.config["MAIL_PORT"]),
                "MAIL_USE_TLS": "0", **settings})
    return env


def flask_process(app, *args: str) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "flask"), *args], cwd=ROOT, env=flask_env(app),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_two_flask_mail_send_processes_deliver_each_message_exactly_once(app, tmp_path):
    # Four seconds of work for one sender: far longer than the two processes' start-up differs.
    sink = SmtpSink(tmp_path / "slower-sink", delay=0.1).start()
    app.config["MAIL_PORT"] = sink.port
    queue(app, *(f"member{n}@example.nhs.uk" for n in range(40)))

    processes = [flask_process(app, "mail", "send") for _ in range(2)]
    outputs = [p.communicate(timeout=60)[0] for p in processes]

    sink.stop()
    assert [p.returncode for p in processes] == [0, 0], outputs
    counts = received(sink)
    assert len(counts) == 40 and set(counts.values()) == {1}
    assert all(r.sent_at is not None for r in rows(app))
    sent = [int(output.split("Mail: ")[1].split(" sent")[0]) for output in outputs]
    assert sum(sent) == 40 and min(sent) > 0, outputs


def _kill_while(app, sink: SmtpSink, address: str, wait) -> None:
    """Start `flask mail send`, wait until the server is in the middle of `address`, kill -9."""
    queue(app, address)
    process = flask_process(app, "mail", "send")
    try:
        wait()
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=10)


def test_a_sender_killed_before_the_hand_over_leaves_the_message_to_be_sent_once_later(app, smtp_sink):
    # The server holds the sender at RCPT: it has claimed the message, not yet handed it over.
    _kill_while(app, smtp_sink, "stall-ida@example.nhs.uk", lambda: smtp_sink.wait_for_file("stalled"))
    [row] = rows(app)
    assert row.claimed_until is not None and row.handover_at is None and row.sent_at is None

    assert Sender(app).deliver_due().total == 0  # the claim still holds
    run = Sender(app, clock=lambda: utcnow() + LEASE + timedelta(seconds=1)).deliver_due()
    assert run.sent == 1
    assert [m["To"] for m in smtp_sink.messages] == ["stall-ida@example.nhs.uk"]


def test_a_sender_killed_during_the_hand_over_leaves_a_failed_message_not_a_duplicate(app, smtp_sink):
    # The server has the message and holds back its reply when the sender dies.
    _kill_while(app, smtp_sink, "hang-jo@example.nhs.uk", lambda: smtp_sink.wait_for_messages(1))
    [row] = rows(app)
    assert row.handover_at is not None and row.sent_at is None

    run = Sender(app, clock=lambda: utcnow() + LEASE + timedelta(seconds=1)).deliver_due()
    assert run.total == 0
    [row] = rows(app)
    assert row.failed_at is not None and row.last_error.startswith("Outcome unknown")
    assert len(smtp_sink.messages) == 1


# The background sender, in a real server process -------------------------------------------

def test_a_running_server_delivers_mail_itself_with_no_cron(app, smtp_sink, tmp_path):
    person = add_member(app, email="kim@example.nhs.uk")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (tmp_path / "server.log").open("wb") as log:
        server = subprocess.Popen([sys.executable, "wsgi.py", "--host", "127.0.0.1", "--port", str(port)],
                                  cwd=ROOT, env=flask_env(app), stdout=log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL)
    try:
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        smtp_sink.wait_until(lambda: _answers(browser, f"{url}/healthz"), "the app server start")
        page = browser.open(f"{url}/reset", timeout=10).read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"email": person.email, "csrf_token": token}).encode()
        assert browser.open(f"{url}/reset", data=form, timeout=10).status == 200

        smtp_sink.wait_for_messages(1)
        # Stopping the server between the server's reply and the commit after it would leave
        # the row "outcome unknown": wait for that commit.
        smtp_sink.wait_until(lambda: rows(app)[0].sent_at is not None, "the message marked sent")
    finally:
        server.terminate()
        server.wait(timeout=10)
    [mail] = smtp_sink.messages
    assert (mail["To"], mail["Subject"]) == ("kim@example.nhs.uk", "Reset your Community password")


def _answers(browser, url: str) -> bool:
    try:
        return browser.open(url, timeout=1).status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False
