"""Sign-in and reset throttles that hold whichever address or network an attacker uses.

Per address, across every network: after each FAILURES_PER_LOCK failed sign-ins the address is
locked, for 1, 2, 4, ... minutes (at most MAX_LOCK) counted from the failure that locked it.
Per network (IP), across addresses: FAILED_ADDRESSES_PER_IP different addresses failing within
IP_WINDOW lock that IP out of signing in until they age out. Resets: RESETS_PER_ADDRESS mails an
address in RESET_WINDOW; the page answers the same either way.

Every function takes `now`, so tests move the clock instead of sleeping. Rows are the record
(members.models.AuthEvent); failures are forgotten after MEMORY or when the address signs in.
"""
from __future__ import annotations

import math
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from ...dates import utcnow
from ...db import atomic
from ...extensions import db
from ..models import AuthEvent

FAILURE = "sign_in_failure"
RESET = "reset_request"
FAILURES_PER_LOCK = 5
MAX_LOCK = timedelta(minutes=60)
FAILED_ADDRESSES_PER_IP = 30
IP_WINDOW = timedelta(minutes=10)
RESETS_PER_ADDRESS = 3
RESET_WINDOW = timedelta(hours=1)
MEMORY = timedelta(hours=24)


def _on() -> bool:
    # The guard-rail world turns rate limits off (each kind posts the same forms); these too.
    return current_app.config.get("RATELIMIT_ENABLED", True)


def lock_length(failures: int) -> timedelta:
    """How long the failure that brings the count to `failures` locks the address (0: none)."""
    if failures < FAILURES_PER_LOCK or failures % FAILURES_PER_LOCK:
        return timedelta(0)
    return min(timedelta(minutes=2 ** (failures // FAILURES_PER_LOCK - 1)), MAX_LOCK)


def sign_in_refusal(email: str, address: str, now: datetime | None = None) -> str | None:
    """Why a sign-in may not even be tried now, or None. Checked before the password."""
    if not _on():
        return None
    now = now or utcnow()
    locked_until = address_locked_until(email, now)
    if locked_until is not None:
        minutes = max(1, math.ceil((locked_until - now).total_seconds() / 60))
        return (f"Too many failed sign-ins for this address. Try again in {minutes} minute"
                f"{'s' if minutes != 1 else ''}, or reset your password")
    if network_locked(address, now):
        return ("Too many failed sign-ins from your network. Wait 10 minutes, then try again")
    return None


def address_locked_until(email: str, now: datetime) -> datetime | None:
    recent = select(AuthEvent.at).where(AuthEvent.kind == FAILURE, AuthEvent.email == email,
                                        AuthEvent.at > now - MEMORY)
    failures = db.session.scalar(select(func.count()).select_from(recent.subquery()))
    locks = failures // FAILURES_PER_LOCK
    if not locks:
        return None
    # The lock runs from the failure that completed the last full set of FAILURES_PER_LOCK.
    locking = db.session.scalar(recent.order_by(AuthEvent.at, AuthEvent.id)
                                .offset(locks * FAILURES_PER_LOCK - 1).limit(1))
    until = locking + lock_length(locks * FAILURES_PER_LOCK)
    return until if now < until else None


def network_locked(address: str, now: datetime) -> bool:
    distinct = db.session.scalar(
        select(func.count(func.distinct(AuthEvent.email))).where(
            AuthEvent.kind == FAILURE, AuthEvent.address == address, AuthEvent.at > now - IP_WINDOW))
    return distinct >= FAILED_ADDRESSES_PER_IP


def record_failure(email: str, address: str, now: datetime | None = None) -> None:
    if not _on():
        return
    now = now or utcnow()
    with atomic():
        db.session.execute(delete(AuthEvent).where(AuthEvent.at < now - MEMORY))
        db.session.add(AuthEvent(kind=FAILURE, email=email, address=address[:64], at=now))


def record_success(email: str) -> None:
    """The address's owner proved the password: earlier failures no longer count against it."""
    with atomic():
        db.session.execute(delete(AuthEvent).where(AuthEvent.kind == FAILURE, AuthEvent.email == email))


def take_reset(email: str, address: str, now: datetime | None = None) -> bool:
    """Whether a reset mail may go to `email` now; counts the request either way."""
    if not _on():
        return True
    now = now or utcnow()
    with atomic():
        sent = db.session.scalar(select(func.count()).select_from(AuthEvent).where(
            AuthEvent.kind == RESET, AuthEvent.email == email, AuthEvent.at > now - RESET_WINDOW))
        if sent >= RESETS_PER_ADDRESS:
            return False
        db.session.execute(delete(AuthEvent).where(AuthEvent.at < now - MEMORY))
        db.session.add(AuthEvent(kind=RESET, email=email, address=address[:64], at=now))
    return True
