"""Editing and reading profiles."""
from __future__ import annotations


from flask import has_app_context
from sqlalchemy import delete, select

from ... import activity
from ...activity import Activity
from ...content import clean_block, clean_line, parse_tags, render_markdown
from ...db import atomic
from ...disciplines import DISCIPLINES
from ...errors import InvalidInput
from ...extensions import db
from ..models import OPEN_TO, Connection, Member, MemberOffer, MemberTag
from .accounts import organisation_named

MAX_TAGS = 15
MAX_TAG_LENGTH = 40
_LIMITS = (("name", 120, "Name"), ("job_title", 120, "Job title"), ("organisation", 160, "Organisation"),
           ("place", 80, "Place"))


def _check_tags(field: str, tags: list[str]) -> dict[str, str]:
    if len(tags) > MAX_TAGS:
        return {field: f"Enter {MAX_TAGS} or fewer, separated by commas"}
    long = [t for t in tags if len(t) > MAX_TAG_LENGTH]
    if long:
        return {field: f"Each one must be {MAX_TAG_LENGTH} characters or fewer (“{long[0][:20]}…” is too long)"}
    return {}


def update_profile(member: Member, *, name: str, discipline: str, job_title: str,
                   organisation: str, place: str, bio: str, interests: str, expertise: str,
                   open_to: list[str]) -> Member:
    interest_tags, expertise_tags = parse_tags(interests), parse_tags(expertise)
    # Judged after cleaning: a name of invisible characters is no name, and normalising can
    # lengthen text past what the form counted (and the column holds).
    texts = {key: clean_line(value) for key, value in
             (("name", name), ("job_title", job_title), ("organisation", organisation), ("place", place))}
    problems = {key: f"{label} must be {most} characters or fewer"
                for key, most, label in _LIMITS if len(texts[key]) > most}
    if not texts["name"]:
        problems["name"] = "Enter your full name"
    problems.update({**_check_tags("interests", interest_tags), **_check_tags("expertise", expertise_tags)})
    if discipline not in DISCIPLINES:
        problems["discipline"] = "Select your discipline"
    unknown = [o for o in open_to if o not in OPEN_TO]
    if unknown:
        problems["open_to"] = "Choose from the options shown"
    if problems:
        raise InvalidInput(problems)
    with atomic():
        member.name = texts["name"]
        member.discipline = discipline
        member.job_title = texts["job_title"]
        member.place = texts["place"]
        member.organisation = organisation_named(organisation)
        member.bio_source = clean_block(bio)
        member.bio_html = render_markdown(member.bio_source) if member.bio_source else ""
        db.session.execute(delete(MemberTag).where(MemberTag.member_id == member.id))
        db.session.execute(delete(MemberOffer).where(MemberOffer.member_id == member.id))
        db.session.add_all([MemberTag(member_id=member.id, kind="interest", tag=t) for t in interest_tags])
        db.session.add_all([MemberTag(member_id=member.id, kind="expertise", tag=t) for t in expertise_tags])
        db.session.add_all([MemberOffer(member_id=member.id, offer=o) for o in dict.fromkeys(open_to)])
    db.session.expire(member, ["tags", "offers"])
    return member


def mentionable_names(ids: list[int]) -> dict[int, str]:
    """{id: name} of the members among `ids` who can be mentioned: approved, not suspended."""
    if not has_app_context():
        return {}
    return dict(db.session.execute(select(Member.id, Member.name).where(
        Member.id.in_(ids), Member.approved_at.is_not(None), Member.confirmed_at.is_not(None),
        Member.suspended_at.is_(None))).all())


def recent_activity(member: Member, viewer: Member, limit: int = 10) -> list[Activity]:
    """What a member has done lately, newest first: joining, connections, and what every domain's
    activity source (`community.activity`) says they did that `viewer` may see."""
    connections = db.session.scalars(
        select(Connection)
        .where(Connection.status == "accepted",
               (Connection.requester_id == member.id) | (Connection.addressee_id == member.id))
        .order_by(Connection.accepted_at.desc()).limit(limit)
    ).all()
    events = [Activity(c.accepted_at, "Connected with", member=c.other(member.id)) for c in connections]
    events.append(Activity(member.joined_at, "Joined the community"))
    return activity.recent(member, viewer, limit, events)
