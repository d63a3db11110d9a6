"""The audit log: every moderator action, written in the same transaction as the action."""
from __future__ import annotations

from sqlalchemy import func, select

from ..dates import utcnow
from ..db import atomic
from ..extensions import db
from ..members.models import Member
from ..pagination import Page
from .models import AUDIT_ACTIONS, AuditEntry

LOG_PAGE_SIZE = 50


def record(actor: Member, action: str, *, target_type: str, target_id: int, summary: str,
           reason: str = "", thread_id: int | None = None) -> AuditEntry:
    """Add an entry to the current transaction; call inside the action's own `atomic()`."""
    if action not in AUDIT_ACTIONS:
        raise LookupError(f"unknown audit action {action!r}")
    with atomic():
        entry = AuditEntry(actor_id=actor.id, action=action, target_type=target_type,
                           target_id=target_id, thread_id=thread_id, summary=summary[:300],
                           reason=(reason or "")[:300], created_at=utcnow())
        db.session.add(entry)
    return entry


def log_page(page: int, per_page: int = LOG_PAGE_SIZE) -> Page:
    """Newest first; two statements whatever the page (the count and the rows, actors joined)."""
    total = db.session.scalar(select(func.count()).select_from(AuditEntry))
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    items = db.session.scalars(select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
                               .limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=list(items), total=total, page=page, per_page=per_page)
