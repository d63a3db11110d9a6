"""The outbox's sender: delivers queued mail, retries with back-off, at most once a message.

A row of `mail_outbox` moves through these states (columns in brackets):

- queued: due when `next_attempt_at` has come and nobody holds a live claim;
- claimed (`claimed_by`, `claimed_until`): one sender's lease; every other sender skips the row;
- handed over (`handover_at`): committed just before the message goes to the server;
- sent (`sent_at`): committed right after the server accepted it;
- failed (`failed_at`, `last_error`): refused for good, out of attempts, or its hand-over was
  interrupted so nobody knows whether the server has it.

At most once: a row is claimed by one conditional UPDATE (on PostgreSQL of rows picked with FOR
UPDATE SKIP LOCKED; SQLite runs writes one at a time), so two senders never hold the same row;
and the hand-over is recorded by a second conditional UPDATE that succeeds only while the claim
is still this sender's. A sender that stops before that point leaves a claim that lapses, and the
message is tried again; one that stops after it leaves a row that the next run marks failed
("outcome unknown") and never resends by itself: `flask mail retry` does, on a person's word.
docs/decisions.md says why.

The database is the queue: any number of senders (the app's background thread in each process,
`flask mail send` from cron) share it with no other coordination.
"""
from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import and_, delete, func, or_, select, update

from .dates import utcnow
from .extensions import db
from .mail import DeliveryFailed, OutboxMessage, ServerUnavailable, build, transport_for

log = logging.getLogger(__name__)

# Wait after the 1st, 2nd, 3rd and 4th failure; every later one waits as long as the last.
RETRY_DELAYS = (60, 300, 1800, 7200)
# Far longer than an SMTP conversation can take (each step times out after 20 seconds), so a
# claim lapses only when its sender has stopped.
LEASE = timedelta(minutes=10)
BATCH = 20
UNKNOWN = ("Outcome unknown: the sender stopped while handing this message to the server, which "
           "may have it. Not resent automatically; `flask mail retry` resends it.")

T = OutboxMessage.__table__


@dataclass
class Run:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.retrying + self.failed


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed try."""
    return timedelta(seconds=RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1])


def _due(now: datetime):
    return and_(T.c.sent_at.is_(None), T.c.failed_at.is_(None), T.c.handover_at.is_(None),
                T.c.next_attempt_at <= now,
                or_(T.c.claimed_until.is_(None), T.c.claimed_until < now))


class Sender:
    """Delivers due messages through the app's transport. Each step is its own short
    transaction on its own connection, never the caller's session. `clock` is for tests."""

    def __init__(self, app: Flask, *, clock=utcnow):
        self.config = app.config
        self.clock = clock
        with app.app_context():
            self.engine = db.engine

    def deliver_due(self) -> Run:
        """Everything due now, a batch at a time; stops early if the server cannot be reached."""
        run = Run()
        self._settle_interrupted()
        self._forget_old()
        transport = transport_for(self.config)
        try:
            while True:
                rows = self._claim(BATCH)
                if not rows or not self._deliver(rows, transport, run):
                    break
        finally:
            transport.close()
        return run

    def deliver(self, ids: list[int]) -> Run:
        """Just these messages, if they are still due (a commit that queued them asks for this)."""
        run = Run()
        transport = transport_for(self.config)
        try:
            rows = self._claim(len(ids), ids)
            if rows:
                self._deliver(rows, transport, run)
        finally:
            transport.close()
        return run

    # Delivering ---------------------------------------------------------------------------

    def _deliver(self, rows, transport, run: Run) -> bool:
        """False when the server cannot be reached: the rest of the batch waits its turn."""
        for index, row in enumerate(rows):
            try:
                self._deliver_one(row, transport, run)
            except ServerUnavailable as error:
                for waiting in rows[index:]:
                    self._failed(waiting, error, run)
                return False
        return True

    def _deliver_one(self, row, transport, run: Run) -> None:
        try:
            message = build(row, self.config)
        except Exception as error:  # a header no message may carry: no retry will mend it
            self._failed(row, DeliveryFailed(f"Cannot be sent: {error}", permanent=True), run)
            return
        try:
            transport.prepare(message)
        except ServerUnavailable:
            raise
        except DeliveryFailed as error:
            self._failed(row, error, run)
            return
        if not self._begin_hand_over(row):
            log.warning("mail %s: claim lapsed before the hand-over; left for the next run", row.id)
            transport.close()  # ends the half-made SMTP transaction
            return
        try:
            transport.hand_over(message, str(row.id))
        except DeliveryFailed as error:
            self._failed(row, error, run)
        except Exception as error:
            self._unknown(row, error, run)
        else:
            self._sent(row, run)

    # Recording: one short transaction each --------------------------------------------------

    def _claim(self, limit: int, ids: list[int] | None = None) -> list:
        now = self.clock()
        chosen = (select(T.c.id).where(_due(now)).order_by(T.c.next_attempt_at, T.c.id)
                  .limit(limit).with_for_update(skip_locked=True))
        if ids is not None:
            chosen = chosen.where(T.c.id.in_(ids))
        # A materialised CTE runs once: as a plain IN (subquery), PostgreSQL may run the subquery
        # again for each row it updates, and each run skips the rows just claimed, so a claim of
        # 20 took every due row. The outer WHERE repeats the test: on SQLite, which runs one
        # writer at a time and ignores FOR UPDATE, that is what makes the claim atomic.
        picked = chosen.cte("picked").prefix_with("MATERIALIZED")
        with self.engine.begin() as conn:
            rows = conn.execute(update(T).where(T.c.id.in_(select(picked.c.id)), _due(now))
                                .values(claimed_by=secrets.token_hex(8), claimed_until=now + LEASE)
                                .returning(*T.c)).all()
        return sorted(rows, key=lambda row: (row.next_attempt_at, row.id))

    def _begin_hand_over(self, row) -> bool:
        now = self.clock()
        with self.engine.begin() as conn:
            return conn.execute(update(T).where(
                T.c.id == row.id, T.c.claimed_by == row.claimed_by, T.c.claimed_until > now,
                T.c.sent_at.is_(None), T.c.failed_at.is_(None)).values(handover_at=now)).rowcount == 1

    def _sent(self, row, run: Run) -> None:
        # Whatever else happened to the row meanwhile, the server has the message.
        with self.engine.begin() as conn:
            conn.execute(update(T).where(T.c.id == row.id).values(
                sent_at=self.clock(), attempts=T.c.attempts + 1, failed_at=None,
                claimed_by=None, claimed_until=None))
        run.sent += 1

    def _failed(self, row, error: DeliveryFailed, run: Run) -> None:
        now = self.clock()
        attempts = row.attempts + 1
        give_up = error.permanent or attempts >= self.config["MAIL_MAX_ATTEMPTS"]
        values = {"attempts": attempts, "last_error": str(error)[:2000], "claimed_by": None,
                  "claimed_until": None, "handover_at": None}
        if give_up:
            values["failed_at"] = now
        else:
            values["next_attempt_at"] = now + retry_delay(attempts)
        with self.engine.begin() as conn:
            conn.execute(update(T).where(T.c.id == row.id, T.c.claimed_by == row.claimed_by)
                         .values(**values))
        if give_up:
            run.failed += 1
            log.error("mail %s to %s given up after %s attempt(s): %s", row.id, row.to_address,
                      attempts, error)
        else:
            run.retrying += 1
            log.warning("mail %s to %s not sent (attempt %s), trying again at %s: %s", row.id,
                        row.to_address, attempts, values["next_attempt_at"], error)

    def _unknown(self, row, error: Exception, run: Run) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(T).where(T.c.id == row.id, T.c.claimed_by == row.claimed_by).values(
                failed_at=self.clock(), attempts=T.c.attempts + 1, claimed_by=None,
                claimed_until=None, last_error=f"{UNKNOWN} ({type(error).__name__}: {error})"[:2000]))
        run.failed += 1
        log.error("mail %s to %s: hand-over interrupted (%r); not resent", row.id, row.to_address, error)

    def _settle_interrupted(self) -> None:
        """Hand-overs whose sender stopped midway (its claim lapsed): failed, outcome unknown."""
        now = self.clock()
        with self.engine.begin() as conn:
            count = conn.execute(update(T).where(
                T.c.sent_at.is_(None), T.c.failed_at.is_(None), T.c.handover_at.is_not(None),
                T.c.claimed_until < now).values(
                failed_at=now, last_error=UNKNOWN, claimed_by=None, claimed_until=None)).rowcount
        if count:
            log.error("%s interrupted mail hand-over(s) marked failed, outcome unknown", count)

    def _forget_old(self) -> None:
        days = self.config["MAIL_KEEP_SENT_DAYS"]
        if days:
            with self.engine.begin() as conn:
                conn.execute(delete(T).where(T.c.sent_at < self.clock() - timedelta(days=days)))


def outbox_counts(engine, now: datetime) -> dict[str, int]:
    """How many messages are due now, waiting to be retried, and failed."""
    waiting = and_(T.c.sent_at.is_(None), T.c.failed_at.is_(None))
    with engine.connect() as conn:
        count = lambda *where: conn.scalar(select(func.count()).select_from(T).where(*where))  # noqa: E731
        return {"due": count(_due(now)), "waiting": count(waiting, T.c.next_attempt_at > now),
                "failed": count(T.c.failed_at.is_not(None))}


def retry_failed(engine, now: datetime, ids: tuple[int, ...] = ()) -> int:
    """Queue failed messages again, as new (all of them, or those with these ids)."""
    where = [T.c.failed_at.is_not(None), T.c.sent_at.is_(None)]
    if ids:
        where.append(T.c.id.in_(ids))
    with engine.begin() as conn:
        return conn.execute(update(T).where(*where).values(
            failed_at=None, handover_at=None, attempts=0, next_attempt_at=now,
            claimed_by=None, claimed_until=None)).rowcount


# Running it -----------------------------------------------------------------------------------

class BackgroundSender:
    """A daemon thread in a serving process: delivers what is due every MAIL_SEND_INTERVAL
    seconds, and at once when woken. Started by the first request, so `flask` commands and the
    parent of forked workers run none; a forked worker starts its own."""

    def __init__(self, app: Flask):
        self.app = app
        self.interval = app.config["MAIL_SEND_INTERVAL"]
        self._pid: int | None = None
        self._lock = threading.Lock()
        self._wake = threading.Event()

    @property
    def running(self) -> bool:
        return self._pid == os.getpid()

    def ensure_started(self) -> None:
        if self.running:
            return
        with self._lock:
            if not self.running:
                self._pid = os.getpid()
                threading.Thread(target=self._loop, name="mail-sender", daemon=True).start()

    def wake(self) -> None:
        self._wake.set()

    def _loop(self) -> None:
        sender = Sender(self.app)
        while True:
            self._wake.clear()
            try:
                sender.deliver_due()
            except Exception:  # the database may be away for a moment; the next round retries
                log.exception("mail sender: run failed")
            self._wake.wait(self.interval)


class Outbox:
    """The app's handle on its outbox: `app.extensions["community.outbox"]`."""

    def __init__(self, app: Flask):
        self.app = app
        self.background = (BackgroundSender(app)
                           if app.config["MAIL_SENDER_THREAD"] and not app.testing else None)

    def queued(self, ids: list[int]) -> None:
        """After a commit that queued mail. Files are written at once (no network to wait for);
        SMTP is left to the background sender, so no request waits for a mail server."""
        if not self.app.config["MAIL_SERVER"]:
            Sender(self.app).deliver(ids)
        elif self.background is not None and self.background.running:
            self.background.wake()


mail_cli = AppGroup("mail", help="The outbox: queued mail and its delivery.")


@mail_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep sending every MAIL_SEND_INTERVAL seconds until stopped.")
def send_command(loop: bool) -> None:
    """Deliver the mail that is due; for cron (every minute) when the app's own sender is off."""
    app = current_app._get_current_object()
    sender = Sender(app)
    while True:
        run = sender.deliver_due()
        left = outbox_counts(sender.engine, utcnow())
        click.echo(f"Mail: {run.sent} sent, {run.retrying} to retry, {run.failed} given up. "
                   f"Outbox: {left['due']} due, {left['waiting']} waiting to retry, "
                   f"{left['failed']} failed.")
        if not loop:
            return
        time.sleep(app.config["MAIL_SEND_INTERVAL"])


@mail_cli.command("retry")
@click.argument("ids", nargs=-1, type=int)
def retry_command(ids: tuple[int, ...]) -> None:
    """Queue failed messages again: all of them, or those with the ids given."""
    count = retry_failed(db.engine, utcnow(), ids)
    click.echo(f"Mail: {count} failed message{'' if count == 1 else 's'} queued again.")


def init_app(app: Flask) -> None:
    outbox = Outbox(app)
    app.extensions["community.outbox"] = outbox
    app.cli.add_command(mail_cli)
    if outbox.background is not None:
        app.before_request(outbox.background.ensure_started)
