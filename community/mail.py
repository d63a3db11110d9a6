"""Mail: every message is a row in the outbox, written in the transaction that causes it.

`queue_mail()` adds the row to the caller's `atomic()` block, so a write that rolls back mails
nobody and a write that commits always has its message waiting. `community.outbox` delivers the
rows, retries and records what happened; this module says what a message is and how one goes
out: over SMTP when MAIL_SERVER is set, otherwise as an .eml file in instance/outbox/.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from contextlib import suppress
from datetime import datetime
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.utils import parseaddr
from io import BytesIO
from pathlib import Path

from flask import current_app
from sqlalchemy import Index, Integer, String, Text, inspect
from sqlalchemy.orm import Mapped, mapped_column

from .columns import UTCDateTime
from .dates import utcnow
from .db import in_atomic, on_commit
from .extensions import db

log = logging.getLogger(__name__)

# Seconds for each step of an SMTP conversation (connect, each command, the message itself).
SMTP_TIMEOUT = 20


class OutboxMessage(db.Model):
    """One message to one address, from queued to sent (or given up)."""

    __tablename__ = "mail_outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    # Made once, so a retry carries the same Message-ID and a receiving server may spot a repeat.
    message_id: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Tries that reached a result (refused, or the server could not be reached); not claims.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A sender's claim: nobody else takes the row until claimed_until passes.
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Committed just before the message itself is handed to the server: from here on, the
    # server may have it, so an interrupted hand-over is never repeated automatically.
    handover_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_mail_outbox_due", "sent_at", "failed_at", "next_attempt_at"),)


def queue_mail(to: str, subject: str, body: str, *, html: str | None = None) -> OutboxMessage:
    """Add a message to the outbox in the caller's transaction; it goes out after the commit.

    Must be called inside `atomic()`: the message belongs to the change that causes it, and is
    rolled back with it.
    """
    if not in_atomic():
        raise RuntimeError("queue_mail() belongs inside the atomic() block of the change it reports")
    now = utcnow()
    domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "community"
    message = OutboxMessage(to_address=to, subject=subject, body_text=body, body_html=html,
                            message_id=f"<{uuid.uuid4()}@{domain}>", created_at=now, attempts=0,
                            next_attempt_at=now)
    db.session.add(message)
    app = current_app._get_current_object()
    on_commit(lambda: _committed(app, message))
    return message


def _committed(app, message: OutboxMessage) -> None:
    # The identity survives the commit's expiry: no query to learn the id.
    identity = inspect(message).identity
    sender = app.extensions.get("community.outbox")
    if identity is not None and sender is not None:
        sender.queued([identity[0]])


def build(row, config) -> EmailMessage:
    """The message a row describes (a row or any object with the same attributes)."""
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Message-ID"] = row.message_id
    message.set_content(row.body_text)
    if row.body_html:
        message.add_alternative(row.body_html, subtype="html")
    return message


# Transports ---------------------------------------------------------------------------------
#
# A transport delivers in two steps, so the sender can record the point of no return between
# them: `prepare` does everything the server may still refuse without having the message
# (connecting, the envelope), `hand_over` gives it the message. Errors say what is known:
# DeliveryFailed means the message was certainly not delivered; any other exception from
# `hand_over` means nobody knows.

class DeliveryFailed(Exception):
    """Certainly not delivered. `permanent`: trying again will not help (a 5xx refusal)."""

    def __init__(self, reason: str, *, permanent: bool = False):
        super().__init__(reason)
        self.permanent = permanent


class ServerUnavailable(DeliveryFailed):
    """The server could not be reached or talked to: nothing else will go through it now."""


class FileTransport:
    """Local use and tests: each message becomes instance/outbox/<time>-<id>.eml."""

    local = True

    def __init__(self, config):
        self.path = Path(config["MAIL_OUTBOX"])

    def prepare(self, message: EmailMessage) -> None:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ServerUnavailable(_describe(error)) from error

    def hand_over(self, message: EmailMessage, name: str) -> None:
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        path = self.path / f"{stamp}-{name}.eml"
        # Written aside and renamed, so a reader never sees half a message (nor a failed one).
        draft = path.with_suffix(".part")
        try:
            draft.write_bytes(bytes(message))
            draft.replace(path)
        except OSError as error:
            with suppress(OSError):
                draft.unlink(missing_ok=True)
            raise DeliveryFailed(_describe(error)) from error
        log.info("mail to %s (%s) written to %s", message["To"], message["Subject"], path)

    def close(self) -> None:
        pass


class SmtpTransport:
    """One connection for a run of messages, opened when the first one needs it."""

    local = False

    def __init__(self, config):
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def _connection(self) -> smtplib.SMTP:
        if self.smtp is not None:
            return self.smtp
        config = self.config
        try:
            smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT)
            try:
                if config["MAIL_USE_TLS"]:
                    smtp.starttls(context=ssl.create_default_context())
                if config["MAIL_USERNAME"]:
                    smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
                smtp.ehlo_or_helo_if_needed()
            except BaseException:
                smtp.close()
                raise
        except (OSError, smtplib.SMTPException) as error:
            raise ServerUnavailable(_describe(error)) from error
        self.smtp = smtp
        return smtp

    def prepare(self, message: EmailMessage) -> None:
        smtp = self._connection()
        sender, to = parseaddr(message["From"])[1], message["To"]
        international = not (sender + to).isascii()
        try:
            if international and not smtp.has_extn("smtputf8"):
                raise DeliveryFailed("the server cannot take a non-ASCII address", permanent=True)
            options = ("SMTPUTF8", "BODY=8BITMIME") if international else ()
            for command in (lambda: smtp.mail(sender, options), lambda: smtp.rcpt(to)):
                code, reply = command()
                if code not in (250, 251):
                    smtp.rset()
                    raise DeliveryFailed(f"{code} {reply.decode(errors='replace')}",
                                         permanent=code >= 500)
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise ServerUnavailable(_describe(error)) from error

    def hand_over(self, message: EmailMessage, name: str) -> None:
        smtp = self.smtp
        try:
            smtp.data(_wire_bytes(message))
        except smtplib.SMTPResponseException as error:  # the server answered: it said no
            try:
                smtp.rset()
            except (OSError, smtplib.SMTPException):
                self.close()
            raise DeliveryFailed(_describe(error), permanent=error.smtp_code >= 500) from error
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        smtp, self.smtp = self.smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def _wire_bytes(message: EmailMessage) -> bytes:
    """As smtplib's send_message would send it (UTF-8 headers only for non-ASCII addresses)."""
    addresses = parseaddr(message["From"])[1] + message["To"]
    policy = message.policy if addresses.isascii() else message.policy.clone(utf8=True)
    buffer = BytesIO()
    BytesGenerator(buffer, policy=policy).flatten(message, linesep="\r\n")
    return buffer.getvalue()


def _describe(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) \
            else str(error.smtp_error)
        return f"{error.smtp_code} {text}"
    return f"{type(error).__name__}: {error}"


def transport_for(config):
    return SmtpTransport(config) if config["MAIL_SERVER"] else FileTransport(config)
