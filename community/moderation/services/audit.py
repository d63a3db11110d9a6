"""The audit log: every moderator action, written in the same transaction as the action."""
from __future__ import annotations

from sqlalchemy import func, select

from ...content import clean_text, has_control_characters
from ...dates import utcnow
from ...db import atomic
from ...errors import InvalidInput
from ...extensions import db
from ...members.models import Member
from ...pagination import Page
from ...threads.models import Post
from ..models import AUDIT_ACTIONS, REASON_MAX, AuditEntry

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


def checked_reason(reason: str, *, required: bool, field: str = "reason") -> str:
    """A moderator's reason, as it will be logged (and shown to the author where it is)."""
    if has_control_characters(reason or ""):
        raise InvalidInput({field: "Remove the unusual characters from the reason"})
    reason = " ".join(clean_text(reason or "").split())
    if required and not reason:
        raise InvalidInput({field: "Enter a reason. The author will see it"})
    if len(reason) > REASON_MAX:
        raise InvalidInput({field: f"Keep the reason to {REASON_MAX} characters or fewer"})
    return reason


def record_post(moderator: Member, action: str, post: Post, reason: str = "") -> None:
    what = "Opening post" if post.is_opening else f"Comment #{post.number}"
    record(moderator, action, target_type="post", target_id=post.id, thread_id=post.thread_id,
           summary=f"{what} by {post.author.name} in “{post.thread.title}”", reason=reason)
