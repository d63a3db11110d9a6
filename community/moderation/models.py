"""Flags members raise on posts, and the audit log of what moderators did.

A post's own moderation state (hidden, held for review) lives on the `Post` row, where the
thread page already reads it; this module holds what has no other home.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..columns import UTCDateTime
from ..dates import utcnow
from ..extensions import db
from ..members.models import Member

# How long a reporter's note and a moderator's reason may be (the columns below hold them).
NOTE_MAX = 500
REASON_MAX = 300

FLAG_REASONS = {
    "abusive": "Abusive, disrespectful or harassing",
    "confidential": "Shares confidential or patient-identifiable information",
    "unsafe": "Clinically unsafe or misleading",
    "spam": "Spam or advertising",
    "off-topic": "Off topic for this space",
    "other": "Something else",
}


class Flag(db.Model):
    """One member's report of one post; open until a moderator hides the post or dismisses it."""

    __tablename__ = "flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    resolution: Mapped[str | None] = mapped_column(String(12))  # dismissed | hidden

    member: Mapped[Member] = relationship(foreign_keys=[member_id], lazy="joined")

    __table_args__ = (
        # Flagging twice is refused by the database too, not only by the service's check.
        UniqueConstraint("post_id", "member_id", name="uq_flags_post_member"),
        # The queue: open flags, grouped by post.
        Index("ix_flags_open", "resolved_at", "post_id"),
        CheckConstraint("reason in ('abusive', 'confidential', 'unsafe', 'spam', 'off-topic', 'other')",
                        name="reason"),
        CheckConstraint("resolution in ('dismissed', 'hidden')", name="resolution"),
    )

    @property
    def reason_label(self) -> str:
        return FLAG_REASONS.get(self.reason, self.reason)


AUDIT_ACTIONS = {
    "post.hide": "Hid a post",
    "post.unhide": "Unhid a post",
    "post.approve": "Approved a held post",
    "post.dismiss_flags": "Dismissed reports",
    "thread.lock": "Locked a thread",
    "thread.unlock": "Unlocked a thread",
    "thread.pin": "Pinned a thread",
    "thread.unpin": "Unpinned a thread",
    "thread.move": "Moved a thread",
    "member.approve": "Approved a member",
    "member.decline": "Declined a member",
    "member.roles": "Changed roles",
    "member.suspend": "Suspended a member",
    "member.reinstate": "Reinstated a member",
}


class AuditEntry(db.Model):
    """One moderator action: who, what, on what, why and when.

    The target is kept as plain ids and a summary written at the time (no foreign keys), so the
    log still reads after a member is declined or a post's text changes.
    """

    __tablename__ = "audit_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    action: Mapped[str] = mapped_column(String(30))
    target_type: Mapped[str] = mapped_column(String(10))  # post | thread | member
    target_id: Mapped[int] = mapped_column(Integer)
    thread_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[Member] = relationship(lazy="joined")

    __table_args__ = (Index("ix_audit_entries_target", "target_type", "target_id"),)

    @property
    def action_label(self) -> str:
        return AUDIT_ACTIONS.get(self.action, self.action)
