"""Spaces, threads and their posts.

A thread's opening post and its comments are all `Post` rows, so editing, deleting, reacting,
flagging and hiding work one way for both. Counts live on the rows they describe and change in
the same transaction as what they count.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..columns import UTCDateTime
from ..dates import utcnow
from ..extensions import db
from ..members.models import Member

# What a thread and a post may hold: forms check it for shape, services after cleaning.
TITLE_MAX = 200
BODY_MAX = 50_000
MAX_TAGS = 10

REACTIONS = {"like": "Like", "insightful": "Insightful", "thanks": "Thank you"}


class Space(db.Model):
    __tablename__ = "spaces"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    thread_count: Mapped[int] = mapped_column(Integer, default=0)


class Thread(db.Model):
    __tablename__ = "threads"
    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    # Posts are numbered in order of writing (1 is the opening post): "unread" is number > mark.
    last_number: Mapped[int] = mapped_column(Integer, default=0)
    # Top-level comments are positioned 1, 2, 3...; a reply shares its parent's position, and the
    # opening post is 0. A page is one range of positions, replies included, without a count.
    last_position: Mapped[int] = mapped_column(Integer, default=0)
    is_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    is_pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Its opening post is held for review (moderation): only its author and moderators see it.
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    space: Mapped[Space] = relationship(lazy="joined")
    author: Mapped[Member] = relationship(lazy="joined")
    disciplines: Mapped[list["ThreadDiscipline"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ThreadDiscipline.discipline")
    tags: Mapped[list["ThreadTag"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ThreadTag.tag")

    __table_args__ = (
        # Keyset pagination of "latest activity", overall and per space.
        Index("ix_threads_activity", "last_activity_at", "id"),
        Index("ix_threads_space_activity", "space_id", "last_activity_at", "id"),
        # A space's listing: pinned threads first, then latest activity.
        Index("ix_threads_space_pinned_activity", "space_id", "is_pinned", "last_activity_at", "id"),
    )

    @property
    def wanted_disciplines(self) -> list[str]:
        return [d.discipline for d in self.disciplines if d.wanted]

    @property
    def voice_disciplines(self) -> list[str]:
        """Disciplines that have replied (the opening post does not count)."""
        return [d.discipline for d in self.disciplines if d.comments > 0]

    @property
    def missing_disciplines(self) -> list[str]:
        """Wanted perspectives that have not replied yet."""
        return [d.discipline for d in self.disciplines if d.wanted and d.comments == 0]

    @property
    def tag_names(self) -> list[str]:
        return [t.tag for t in self.tags]


class ThreadDiscipline(db.Model):
    """A discipline in a thread: wanted by the author, and/or replying (`comments` > 0)."""

    __tablename__ = "thread_disciplines"
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True)
    discipline: Mapped[str] = mapped_column(String(40), primary_key=True)
    wanted: Mapped[bool] = mapped_column(Boolean, default=False)
    comments: Mapped[int] = mapped_column(Integer, default=0)
    # "Needs your discipline": threads wanting D where D has not replied.
    __table_args__ = (Index("ix_thread_disciplines_need", "discipline", "wanted", "comments"),)


class ThreadTag(db.Model):
    __tablename__ = "thread_tags"
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(40), primary_key=True)
    __table_args__ = (Index("ix_thread_tags_tag", "tag", "thread_id"),)


class Post(db.Model):
    """The opening post (is_opening) or a comment; a reply has a parent comment (one level)."""

    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    number: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    is_opening: Mapped[bool] = mapped_column(Boolean, default=False)
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_reason: Mapped[str | None] = mapped_column(String(300))
    # Held for review by the word list (moderation): stored, seen only by its author and
    # moderators, and not counted in the thread until a moderator approves it.
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    held_reason: Mapped[str | None] = mapped_column(String(300))
    is_helpful: Mapped[bool] = mapped_column(Boolean, default=False)
    like_count: Mapped[int] = mapped_column(Integer, default=0)
    insightful_count: Mapped[int] = mapped_column(Integer, default=0)
    thanks_count: Mapped[int] = mapped_column(Integer, default=0)
    # The double-click guard: the same member sending the same text twice is one comment.
    client_token: Mapped[str | None] = mapped_column(String(64))

    author: Mapped[Member] = relationship(lazy="joined")
    thread: Mapped[Thread] = relationship(lazy="select")

    __table_args__ = (
        UniqueConstraint("thread_id", "number", name="uq_posts_thread_number"),
        Index("ix_posts_thread_position", "thread_id", "position", "number"),
        UniqueConstraint("author_id", "client_token", name="uq_posts_author_client_token"),
    )

    def reaction_count(self, kind: str) -> int:
        return getattr(self, f"{kind}_count")


class PostRevision(db.Model):
    """An earlier version of an edited post, kept for moderators."""

    __tablename__ = "post_revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    body_source: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Reaction(db.Model):
    __tablename__ = "reactions"
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (CheckConstraint("kind in ('like', 'insightful', 'thanks')", name="kind"),)


class ThreadState(db.Model):
    """One member's relation to one thread: following or muted, and the newest post they saw."""

    __tablename__ = "thread_states"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    follow: Mapped[str | None] = mapped_column(String(10))  # following | muted | None
    last_read_number: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (CheckConstraint("follow in ('following', 'muted')", name="follow"),)
