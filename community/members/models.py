"""Members, their organisations, profile tags, roles and connections."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
                        func)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..columns import UTCDateTime
from ..dates import utcnow
from ..extensions import db
from ..people import ShownAs

OPEN_TO = {
    "mentoring": "Mentoring",
    "coaching": "Coaching",
    "shadowing": "Shadowing visits",
    "collaboration": "Collaboration",
    "speaking": "Speaking",
}


class Organisation(db.Model):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    __table_args__ = (Index("uq_organisations_name_lower", func.lower(name), unique=True),)


class Member(ShownAs, UserMixin, db.Model):
    __tablename__ = "members"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    discipline: Mapped[str] = mapped_column(String(40), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    job_title: Mapped[str] = mapped_column(String(120), default="")
    place: Mapped[str] = mapped_column(String(80), default="", index=True)
    bio_source: Mapped[str] = mapped_column(Text, default="")
    bio_html: Mapped[str] = mapped_column(Text, default="")
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pending_email: Mapped[str | None] = mapped_column(String(254))
    # Changing it signs the member out everywhere (password change, suspension).
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # Notifications (community/notifications): unread count kept here so the header costs no
    # query, and how often unread notifications are emailed as a digest (off | daily | weekly).
    unread_notifications: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    digest_frequency: Mapped[str] = mapped_column(String(10), default="weekly", server_default="weekly")

    organisation: Mapped[Organisation | None] = relationship(lazy="joined", innerjoin=False)
    # Loaded where needed (the signed-in member, the admin list), not for every author on a page.
    roles: Mapped[list["MemberRole"]] = relationship(
        lazy="select", cascade="all, delete-orphan", back_populates="member")
    tags: Mapped[list["MemberTag"]] = relationship(
        lazy="select", cascade="all, delete-orphan", order_by="MemberTag.tag")
    offers: Mapped[list["MemberOffer"]] = relationship(
        lazy="select", cascade="all, delete-orphan", order_by="MemberOffer.offer")

    __table_args__ = (
        Index("uq_members_email_lower", func.lower(email), unique=True),
        Index("ix_members_name_lower", func.lower(name)),
        CheckConstraint("email = lower(email)", name="email_lower"),
    )

    # The device session this request signed in with (members/sessions.py), not a column: set
    # when the session starts or is loaded, so get_id() names it in the cookies.
    current_session = None  # str | None

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}.{self.current_session or ''}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    @property
    def role_names(self) -> set[str]:
        return {"member", *(r.role for r in self.roles)}

    @property
    def organisation_name(self) -> str:
        return self.organisation.name if self.organisation else ""

    def tags_of(self, kind: str) -> list[str]:
        return [t.tag for t in self.tags if t.kind == kind]

    @property
    def offer_labels(self) -> list[str]:
        return [OPEN_TO[o.offer] for o in self.offers if o.offer in OPEN_TO]


class MemberRole(db.Model):
    __tablename__ = "member_roles"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"),
                                           primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    member: Mapped[Member] = relationship(back_populates="roles")


class MemberTag(db.Model):
    """An interest or an area of expertise, stored lower-cased for matching."""

    __tablename__ = "member_tags"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"),
                                           primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)  # interest | expertise
    tag: Mapped[str] = mapped_column(String(40), primary_key=True)
    __table_args__ = (Index("ix_member_tags_kind_tag", "kind", "tag"),)


class MemberOffer(db.Model):
    """What a member is open to: mentoring, coaching, shadowing visits, ..."""

    __tablename__ = "member_offers"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"),
                                           primary_key=True)
    offer: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


class Connection(db.Model):
    """A request from one member to another; accepted, it links them both ways."""

    __tablename__ = "connections"
    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"),
                                              index=True)
    addressee_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"),
                                              index=True)
    # One row per pair, whichever way it was asked: low id first.
    pair_low: Mapped[int] = mapped_column(Integer)
    pair_high: Mapped[int] = mapped_column(Integer)
    # pending | accepted | declined (kept DECLINE_COOLDOWN, so the same request cannot be re-sent)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requester: Mapped[Member] = relationship(foreign_keys=[requester_id], lazy="joined")
    addressee: Mapped[Member] = relationship(foreign_keys=[addressee_id], lazy="joined")

    __table_args__ = (
        UniqueConstraint("pair_low", "pair_high", name="uq_connections_pair"),
        CheckConstraint("requester_id <> addressee_id", name="not_self"),
        CheckConstraint("status in ('pending', 'accepted', 'declined')", name="status"),
    )

    def other(self, member_id: int) -> Member:
        return self.addressee if self.requester_id == member_id else self.requester


class MemberSession(db.Model):
    """One signed-in device: its random id is in that device's session and remember-me cookies.

    Signing out deletes the row, so a copied cookie stops working at once; other devices keep
    theirs. The member's session_version still signs out every device at once (password change,
    suspension).
    """

    __tablename__ = "member_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuthEvent(db.Model):
    """A failed sign-in or a password-reset request, kept a day for the throttles.

    In the database, not the rate-limit store: every deployment's processes and machines share
    their database, it outlives restarts, and the throttle's clock stays a parameter.
    """

    __tablename__ = "auth_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # sign_in_failure | reset_request
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))  # the client's IP
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    __table_args__ = (
        Index("ix_auth_events_kind_email_at", "kind", "email", "at"),
        Index("ix_auth_events_kind_address_at", "kind", "address", "at"),
    )
