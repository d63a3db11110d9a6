"""Connections between members: request, accept, decline, withdraw, remove."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from ...dates import date_only, utcnow
from ...db import atomic
from ...errors import InvalidInput, NotFound
from ...extensions import db
from ...lookups import get_or_404
from ...permissions import require
from ..models import Connection, Member


# A declined request cannot be sent again by the same person for this long: asking is not
# meant to wear someone down. The one who declined may ask at any time.
DECLINE_COOLDOWN = timedelta(days=30)


def between(a_id: int, b_id: int) -> Connection | None:
    low, high = sorted((a_id, b_id))
    return db.session.scalar(select(Connection).where(Connection.pair_low == low,
                                                      Connection.pair_high == high))


def status_with(viewer: Member, other: Member) -> str:
    """'none', 'sent' (viewer asked), 'received' (other asked) or 'connected'."""
    connection = between(viewer.id, other.id)
    if connection is None or connection.status == "declined":
        return "none"
    if connection.status == "accepted":
        return "connected"
    return "sent" if connection.requester_id == viewer.id else "received"


def request(requester: Member, addressee: Member, now: datetime | None = None) -> Connection:
    if requester.id == addressee.id:
        raise InvalidInput(connection="You cannot connect with yourself")
    require(requester, "connections.request", addressee,
            "Confirm your email address before connecting with colleagues")
    if addressee.is_suspended or not addressee.is_approved or not addressee.is_confirmed:
        raise NotFound()
    now = now or utcnow()
    existing = between(requester.id, addressee.id)
    if existing is not None and existing.status == "declined":
        return _ask_again(requester, addressee, existing, now)
    if existing is not None:
        return _answer_existing(requester, addressee, existing)
    low, high = sorted((requester.id, addressee.id))
    try:
        with atomic():
            connection = Connection(requester_id=requester.id, addressee_id=addressee.id,
                                    pair_low=low, pair_high=high, requested_at=utcnow())
            db.session.add(connection)
    except IntegrityError:
        # A request for the same pair was stored a moment ago (a double click, or both asking at
        # once): answer as if it had been there first.
        existing = between(requester.id, addressee.id)
        if existing is None:
            raise
        return _answer_existing(requester, addressee, existing)
    return connection


def _ask_again(requester: Member, addressee: Member, declined: Connection, now: datetime) -> Connection:
    """A new request over a declined one: at once by the one who declined, else after the cooldown."""
    again = declined.declined_at + DECLINE_COOLDOWN
    if declined.requester_id == requester.id and now < again:
        raise InvalidInput(connection=f"{addressee.name} did not accept your last request. You can "
                                      f"ask again from {date_only(again)}")
    with atomic():
        declined.requester_id, declined.addressee_id = requester.id, addressee.id
        declined.status, declined.requested_at, declined.declined_at = "pending", now, None
    return declined


def _answer_existing(requester: Member, addressee: Member, existing: Connection) -> Connection:
    if existing.status == "accepted":
        raise InvalidInput(connection=f"You are already connected with {addressee.name}")
    if existing.requester_id == requester.id:
        raise InvalidInput(connection=f"You have already asked to connect with {addressee.name}")
    # They had already asked us: asking back is saying yes.
    return accept(requester, existing)


def get(connection_id: int) -> Connection:
    return get_or_404(Connection, connection_id)


def accept(member: Member, connection: Connection) -> Connection:
    require(member, "connections.respond", connection)
    if connection.status != "pending":
        raise InvalidInput(connection="This request has already been answered")
    with atomic():
        connection.status = "accepted"
        connection.accepted_at = utcnow()
    return connection


def _delete(connection: Connection) -> None:
    with atomic():
        db.session.execute(delete(Connection).where(Connection.id == connection.id))


def decline(member: Member, connection: Connection, now: datetime | None = None) -> None:
    """Turn a request down; kept as declined, so its sender cannot ask again for a while."""
    require(member, "connections.respond", connection)
    if connection.status != "pending":
        raise InvalidInput(connection="This request has already been answered")
    with atomic():
        connection.status = "declined"
        connection.declined_at = now or utcnow()


def withdraw(member: Member, connection: Connection) -> None:
    require(member, "connections.withdraw", connection)
    if connection.status == "declined":
        raise InvalidInput(connection="This request has already been answered")
    if connection.status != "pending":
        raise InvalidInput(connection="You are already connected; remove the connection instead")
    _delete(connection)


def remove(member: Member, connection: Connection) -> None:
    require(member, "connections.remove", connection)
    if connection.status != "accepted":
        raise InvalidInput(connection="You are not connected")
    _delete(connection)


@dataclass
class Network:
    connections: list[Connection]
    received: list[Connection]
    sent: list[Connection]
    disciplines: dict[str, int]
    organisations: int


def _involving(member_id: int):
    return or_(Connection.requester_id == member_id, Connection.addressee_id == member_id)


def network(member: Member) -> Network:
    rows = db.session.scalars(
        select(Connection).where(_involving(member.id))
        .order_by(Connection.accepted_at.desc(), Connection.requested_at.desc())
    ).all()
    accepted = [c for c in rows if c.status == "accepted"]
    others = [c.other(member.id) for c in accepted]
    disciplines: dict[str, int] = {}
    for other in others:
        disciplines[other.discipline_label] = disciplines.get(other.discipline_label, 0) + 1
    return Network(
        connections=accepted,
        received=[c for c in rows if c.status == "pending" and c.addressee_id == member.id],
        sent=[c for c in rows if c.status == "pending" and c.requester_id == member.id],
        disciplines=dict(sorted(disciplines.items(), key=lambda kv: (-kv[1], kv[0]))),
        organisations=len({o.organisation_id for o in others if o.organisation_id}),
    )


def pending_count(member: Member) -> int:
    return db.session.scalar(select(func.count()).select_from(Connection).where(
        Connection.addressee_id == member.id, Connection.status == "pending")) or 0
