"""In-app notifications: one row per recipient per thing that happened.

Kinds: a member was mentioned in a post, someone replied in a thread they follow, people reacted
to their post (batched: one open row per post that counts as reactions arrive), a thread's
author invited them to join in, or a facilitator invited them to an action learning set
(`set_invite`: the row points at the set, never carries its words, and never goes in a digest).

`dedupe_key` makes "once" a database rule rather than a hope: mentions and replies share
`post:<id>` (a member mentioned in a reply to a thread they follow gets one notification), an
invitation is `invitation:<thread id>`, and an open reaction batch is `reactions:<post id>`. A
reaction batch closes (its key becomes NULL) when it is read or sent in a digest, so the next
reaction starts a new batch and nothing already seen or mailed changes under the reader.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..columns import UTCDateTime
from ..dates import utcnow
from ..extensions import db
from ..members.models import Member
from ..threads.models import Post, Thread

KINDS = ("mention", "reply", "reaction", "invitation", "set_invite", "consultation")
DIGEST_FREQUENCIES = {"off": "Never", "daily": "Daily", "weekly": "Weekly"}


class Notification(db.Model):
    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    # Who did it; for a reaction batch, the latest to react.
    actor_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    # Most kinds are about a thread; set_invite is about a set (rooms.models); consultation news
    # (a consultation opened, an idea's status) may have no thread: `subject` and `link` say it.
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    set_id: Mapped[int | None] = mapped_column(ForeignKey("learning_sets.id", ondelete="CASCADE"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    dedupe_key: Mapped[str | None] = mapped_column(String(40))
    subject: Mapped[str | None] = mapped_column(String(300))
    link: Mapped[str | None] = mapped_column(String(300))  # a path on this site
    # A reaction batch: how many reactions, from how many people, since the batch opened.
    reaction_count: Mapped[int] = mapped_column(Integer, default=0)
    actor_count: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Latest activity (a reaction batch moves up as it grows); the list is newest first by this.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Sent in a digest: never sent again.
    digested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    actor: Mapped[Member] = relationship(foreign_keys=[actor_id], lazy="joined")
    thread: Mapped[Thread | None] = relationship(lazy="select")
    post: Mapped[Post | None] = relationship(lazy="select")

    __table_args__ = (
        UniqueConstraint("member_id", "dedupe_key", name="uq_notifications_member_dedupe_key"),
        # The list, newest first; unread ones for digests.
        Index("ix_notifications_member_updated", "member_id", "updated_at", "id"),
        Index("ix_notifications_member_unread", "member_id", "read_at", "digested_at"),
        CheckConstraint("kind in ('mention', 'reply', 'reaction', 'invitation', 'set_invite', 'consultation')",
                        name="kind"),
        CheckConstraint("kind = 'consultation' or (thread_id is null) = (kind = 'set_invite')", name="about"),
        CheckConstraint("(set_id is null) = (kind != 'set_invite')", name="about_set"),
    )

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
