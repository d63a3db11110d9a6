"""Signed-in devices: started at sign-in, ended at sign-out (one device or all of them)."""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete

from ...dates import utcnow
from ...db import atomic, on_commit
from ...extensions import db
from .. import signals
from ..models import Member, MemberSession


def lifetime() -> timedelta:
    """A device session lasts as long as the remember-me cookie could (Flask-Login's setting)."""
    return current_app.config.get("REMEMBER_COOKIE_DURATION") or timedelta(days=365)


def start(member: Member) -> str:
    """A new session for one device; the caller then signs it in with login_user(member)."""
    key = secrets.token_urlsafe(32)
    with atomic():
        # Sessions nobody ended (a browser closed, a device lost) are dropped once they expire.
        db.session.execute(delete(MemberSession).where(
            MemberSession.member_id == member.id, MemberSession.created_at < utcnow() - lifetime()))
        db.session.add(MemberSession(id=key, member_id=member.id, created_at=utcnow()))
    member.current_session = key
    return key


def end(member: Member) -> None:
    """Sign out the device `member` was loaded through; its cookies no longer sign anyone in."""
    key = member.current_session
    if not key:
        return
    with atomic():
        db.session.execute(delete(MemberSession).where(MemberSession.id == key,
                                                       MemberSession.member_id == member.id))
        _announce(member.id, [key])
    member.current_session = None


def end_all(member: Member, *, keep: str | None = None) -> None:
    """Sign out every device of `member` (but `keep`, the one asking). Joins the caller's transaction."""
    with atomic():
        query = delete(MemberSession).where(MemberSession.member_id == member.id)
        if keep:
            query = query.where(MemberSession.id != keep)
        db.session.execute(query)
        _announce(member.id, None)


def _announce(member_id: int, keys: list[str] | None) -> None:
    on_commit(lambda: signals.sessions_ended.send(member_id, keys=keys))
