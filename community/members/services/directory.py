"""Finding colleagues: the directory and suggestions across disciplines."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...pagination import Page
from ...sql import like_pattern
from ..models import Connection, Member, MemberOffer, MemberTag, Organisation


@dataclass(frozen=True)
class DirectoryQuery:
    q: str = ""
    discipline: str = ""
    organisation: str = ""
    place: str = ""
    interest: str = ""
    open_to: str = ""

    @property
    def is_filtered(self) -> bool:
        return any((self.q, self.discipline, self.organisation, self.place, self.interest,
                    self.open_to))


def _listed():
    # Unconfirmed accounts are not listed: nobody has proved the address (and name) is theirs.
    return (Member.approved_at.is_not(None)) & (Member.confirmed_at.is_not(None)) \
        & (Member.suspended_at.is_(None))


def search(query: DirectoryQuery, page: int, per_page: int) -> Page:
    """Listed members matching every filter, by name. A fixed number of statements."""
    conditions = [_listed()]
    if query.q:
        conditions.append(func.lower(Member.name).like(like_pattern(query.q), escape="\\"))
    if query.discipline:
        conditions.append(Member.discipline == query.discipline)
    if query.organisation:
        conditions.append(Member.organisation_id.in_(
            select(Organisation.id).where(
                func.lower(Organisation.name).like(like_pattern(query.organisation), escape="\\"))))
    if query.place:
        conditions.append(func.lower(Member.place).like(like_pattern(query.place), escape="\\"))
    if query.interest:
        conditions.append(exists().where(MemberTag.member_id == Member.id,
                                         MemberTag.tag == query.interest.strip().lower()))
    if query.open_to:
        conditions.append(exists().where(MemberOffer.member_id == Member.id,
                                         MemberOffer.offer == query.open_to))
    total = db.session.scalar(select(func.count()).select_from(Member).where(*conditions))
    page = min(max(page, 1), max(1, -(-total // per_page)))
    members = db.session.scalars(
        select(Member).where(*conditions)
        .options(selectinload(Member.tags), selectinload(Member.offers))
        .order_by(func.lower(Member.name), Member.id)
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Page(items=list(members), total=total, page=page, per_page=per_page)


# Suggestions for free-text fields: the most used values, alphabetically. A bound keeps pages light
# however many one-off spellings people type over the years.
SUGGESTIONS_MAX = 300


def known_organisations(limit: int = SUGGESTIONS_MAX) -> list[str]:
    used = (select(Organisation.name).join(Member, Member.organisation_id == Organisation.id)
            .group_by(Organisation.id, Organisation.name)
            .order_by(func.count().desc(), Organisation.name).limit(limit))
    return sorted(db.session.scalars(used), key=str.lower)


def known_places(limit: int = SUGGESTIONS_MAX) -> list[str]:
    used = (select(Member.place).where(Member.place != "").group_by(Member.place)
            .order_by(func.count().desc(), Member.place).limit(limit))
    return sorted(db.session.scalars(used), key=str.lower)


def _connected_ids(member_id: int):
    return select(Connection.pair_low + Connection.pair_high - member_id).where(
        or_(Connection.pair_low == member_id, Connection.pair_high == member_id))


def across_disciplines(member: Member, limit: int = 5) -> list[tuple[Member, list[str]]]:
    """People outside the member's discipline who share their interests, most shared first.

    Excludes people they are connected to or have a pending request with.
    """
    mine = select(MemberTag.tag).where(MemberTag.member_id == member.id, MemberTag.kind == "interest")
    shared = func.count().label("shared")
    rows = db.session.execute(
        select(MemberTag.member_id, shared)
        .join(Member, Member.id == MemberTag.member_id)
        .where(MemberTag.kind == "interest", MemberTag.tag.in_(mine),
               Member.discipline != member.discipline, Member.id != member.id, _listed(),
               Member.id.not_in(_connected_ids(member.id)))
        .group_by(MemberTag.member_id)
        .order_by(shared.desc(), MemberTag.member_id)
        .limit(limit)
    ).all()
    if not rows:
        return []
    by_id = {m.id: m for m in db.session.scalars(
        select(Member).where(Member.id.in_([r[0] for r in rows])).options(selectinload(Member.tags)))}
    my_tags = set(member.tags_of("interest"))
    return [(by_id[r[0]], sorted(my_tags & set(by_id[r[0]].tags_of("interest")))) for r in rows]
