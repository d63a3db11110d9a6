"""Email: SMTP when MAIL_SERVER is set, otherwise an .eml file in instance/outbox/.

Messages are queued with `send_after_commit` so a rolled-back write never mails anyone.
"""
from __future__ import annotations

import logging
import smtplib
import uuid
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

from ..db import on_commit

log = logging.getLogger(__name__)


def build(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4()}@community>"
    message.set_content(body)
    return message


def deliver(message: EmailMessage) -> None:
    config = current_app.config
    if config["MAIL_SERVER"]:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
        return
    outbox = Path(config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    path = outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    log.info("mail to %s (%s) written to %s", message["To"], message["Subject"], path)


def send_after_commit(to: str, subject: str, body: str) -> None:
    message = build(to, subject, body)
    app = current_app._get_current_object()

    def send() -> None:
        with app.app_context():
            deliver(message)

    on_commit(send)
