"""Sets: creating and editing one, inviting members, answering an invitation, and what a person
may know of a set (SetAccess, the target of the "sets.*" abilities in permissions.POLICY)."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from ...content import clean_block, clean_line, render_markdown
from ...dates import utcnow
from ...db import atomic
from ...errors import InvalidInput, NotFound
from ...extensions import db
from ...links import site_url
from ...lookups import MAX_ID, get_or_404
from ...mail import queue_mail
from ...members.models import Member
from ...members.services.directory import DirectoryQuery, search
from ...notifications import services as notifications
from ...pagination import Page
from ...permissions import can, is_active_member, require
from ..models import (DEFAULT_GROUND_RULES, GROUND_RULES_MAX, NAME_MAX, PURPOSE_MAX, SIZE_MAX, SIZE_MIN,
                      VIDEO_LINK_MAX, LearningSet, SetMembership)
from ..signals import membership_ended

CANDIDATES_PER_PAGE = 20


@dataclass(frozen=True)
class SetAccess:
    """A set as one person stands towards it: what the "sets.*" abilities are asked about."""

    learning_set: LearningSet
    status: str | None  # the person's membership: invited, active, declined, left, or None

    @property
    def facilitator_id(self) -> int:
        return self.learning_set.facilitator_id

    @property
    def id(self) -> int:
        return self.learning_set.id


def access(member, set_id) -> SetAccess:
    """The set, for a page or action about it; NotFound unless `member` may know it exists (its
    facilitator, its members, and people invited to it)."""
    learning_set = get_or_404(LearningSet, set_id)
    status = None
    if getattr(member, "is_authenticated", False):
        status = db.session.scalar(select(SetMembership.status).where(
            SetMembership.set_id == learning_set.id, SetMembership.member_id == member.id))
    seen = SetAccess(learning_set, status)
    if not (can(member, "sets.read", seen) or can(member, "sets.answer_invitation", seen)):
        raise NotFound()
    return seen


# Writing a set ------------------------------------------------------------------------------

def _check_video_link(link: str) -> str | None:
    link = link.strip()
    if not link:
        return None
    if len(link) > VIDEO_LINK_MAX:
        raise InvalidInput(video_link=f"The link must be {VIDEO_LINK_MAX} characters or fewer")
    parts = urlsplit(link)
    if parts.scheme.lower() != "https" or not parts.hostname or any(c.isspace() for c in link):
        raise InvalidInput(video_link="Enter a video call link starting with https://, like "
                                      "https://meet.example.org/abc-defg")
    return link


def _fields(name: str, purpose: str, ground_rules: str, video_link: str, size_limit: int) -> dict:
    errors = {}
    # A field left out of the request altogether arrives as None.
    name = clean_line(name)
    purpose = clean_block(purpose)
    ground_rules = clean_block(ground_rules)
    if not name:
        errors["name"] = "Enter a name for the set"
    elif len(name) > NAME_MAX:
        errors["name"] = f"The name must be {NAME_MAX} characters or fewer"
    if len(purpose) > PURPOSE_MAX:
        errors["purpose"] = f"The purpose must be {PURPOSE_MAX:,} characters or fewer"
    if not ground_rules:
        errors["ground_rules"] = "Enter the ground rules members agree to"
    elif len(ground_rules) > GROUND_RULES_MAX:
        errors["ground_rules"] = f"The ground rules must be {GROUND_RULES_MAX:,} characters or fewer"
    if not isinstance(size_limit, int) or not SIZE_MIN <= size_limit <= SIZE_MAX:
        errors["size_limit"] = f"A set has from {SIZE_MIN} to {SIZE_MAX} members"
    try:
        link = _check_video_link(video_link or "")
    except InvalidInput as error:
        errors.update(error.errors)
        link = None
    if errors:
        raise InvalidInput(errors)
    return {"name": name, "purpose_source": purpose, "purpose_html": render_markdown(purpose, None),
            "ground_rules_source": ground_rules, "ground_rules_html": render_markdown(ground_rules, None),
            "video_link": link, "size_limit": size_limit}


def create_set(facilitator: Member, *, name: str, purpose: str = "", ground_rules: str = DEFAULT_GROUND_RULES,
               video_link: str = "", size_limit: int = SIZE_MAX) -> LearningSet:
    require(facilitator, "sets.create", None, "Only facilitators can create action learning sets")
    values = _fields(name, purpose, ground_rules, video_link, size_limit)
    with atomic():
        learning_set = LearningSet(facilitator_id=facilitator.id, **values)
        db.session.add(learning_set)
    return learning_set


def update_set(facilitator: Member, seen: SetAccess, *, name: str, purpose: str, ground_rules: str,
               video_link: str, size_limit: int) -> LearningSet:
    require(facilitator, "sets.manage", seen, "Only the set's facilitator can change it")
    values = _fields(name, purpose, ground_rules, video_link, size_limit)
    learning_set = seen.learning_set
    taken = _places_taken(learning_set.id)
    if values["size_limit"] < taken:
        raise InvalidInput(size_limit=f"{taken} people are already members or invited; the limit "
                                      f"cannot be lower than that")
    with atomic():
        for key, value in values.items():
            setattr(learning_set, key, value)
        learning_set.updated_at = utcnow()
    return learning_set


# Members and invitations ------------------------------------------------------------------------

def _places_taken(set_id: int) -> int:
    """Members and open invitations: an invitation keeps a place until it is answered."""
    return db.session.scalar(select(func.count()).select_from(SetMembership).where(
        SetMembership.set_id == set_id, SetMembership.status.in_(("invited", "active"))))


def members_of(set_id: int, statuses=("active",)) -> list[SetMembership]:
    return list(db.session.scalars(
        select(SetMembership).where(SetMembership.set_id == set_id, SetMembership.status.in_(statuses))
        .order_by(SetMembership.answered_at, SetMembership.invited_at, SetMembership.member_id)))


def candidates(seen: SetAccess, q: str, page: int) -> tuple[Page, dict[int, str]]:
    """Directory members matching `q`, and each one's standing in the set (invited, active …)."""
    found = search(DirectoryQuery(q=" ".join(q.split())[:120]), page, CANDIDATES_PER_PAGE)
    ids = [m.id for m in found.items]
    standing = dict(db.session.execute(select(SetMembership.member_id, SetMembership.status).where(
        SetMembership.set_id == seen.id, SetMembership.member_id.in_(ids))).all()) if ids else {}
    return found, standing


def invite(facilitator: Member, seen: SetAccess, invitee_id) -> Member:
    """Invite a member: a place kept for them, an in-app notification and an email (without the
    set's name or purpose: those stay inside the set, and the invitation page shows them)."""
    require(facilitator, "sets.manage", seen, "Only the set's facilitator can invite people")
    try:
        invitee = get_or_404(Member, invitee_id)
    except NotFound:
        invitee = None
    if invitee is None or not is_active_member(invitee):
        raise InvalidInput(member="Choose a member from the directory")
    learning_set = seen.learning_set
    if invitee.id == learning_set.facilitator_id:
        raise InvalidInput(member="You facilitate this set, so you are already in it")
    membership = db.session.get(SetMembership, (learning_set.id, invitee.id))
    if membership is not None and membership.status in ("invited", "active"):
        raise InvalidInput(member=f"{invitee.name} is already "
                                  f"{'invited' if membership.status == 'invited' else 'a member'}")
    with atomic():
        # Counted inside the transaction that adds the place, so two invitations cannot overfill it.
        if _places_taken(learning_set.id) >= learning_set.size_limit:
            raise InvalidInput(member=f"The set is full: {learning_set.size_limit} places, counting "
                                      f"open invitations")
        if membership is None:
            membership = SetMembership(set_id=learning_set.id, member_id=invitee.id)
            db.session.add(membership)
        membership.status, membership.invited_by_id = "invited", facilitator.id
        membership.invited_at, membership.answered_at, membership.ground_rules_accepted_at = utcnow(), None, None
        db.session.flush()
        notifications.notify_set_invitation(invitee, facilitator, learning_set.id)
        if invitee.is_confirmed:
            link = site_url("rooms.show_set", set_id=learning_set.id)
            queue_mail(invitee.email, f"{facilitator.name} invites you to an action learning set",
                       f"Hello {invitee.name},\n\n{facilitator.name} ({facilitator.discipline_label}) "
                       f"invites you to join an action learning set they facilitate on Community.\n\n"
                       f"Read what the set is for and its ground rules, then accept or decline: "
                       f"{link}\n")
    return invitee


def accept(member: Member, seen: SetAccess, *, ground_rules: bool) -> SetMembership:
    require(member, "sets.answer_invitation", seen, "There is no open invitation to answer")
    if not ground_rules:
        raise InvalidInput(ground_rules="Agree to the ground rules to join the set")
    with atomic():
        membership = db.session.get(SetMembership, (seen.id, member.id))
        now = utcnow()
        membership.status, membership.answered_at, membership.ground_rules_accepted_at = "active", now, now
        notifications.answered_set_invitation(member.id, seen.id)
    return membership


def decline(member: Member, seen: SetAccess) -> SetMembership:
    require(member, "sets.answer_invitation", seen, "There is no open invitation to answer")
    with atomic():
        membership = db.session.get(SetMembership, (seen.id, member.id))
        membership.status, membership.answered_at = "declined", utcnow()
        notifications.answered_set_invitation(member.id, seen.id)
    return membership


def remove(facilitator: Member, seen: SetAccess, member_id) -> Member:
    """The facilitator takes a member out of the set, or withdraws an open invitation. Their
    place is freed; what they committed to stays with the meetings it came from."""
    require(facilitator, "sets.manage", seen, "Only the set's facilitator can remove members")
    membership = (db.session.get(SetMembership, (seen.id, member_id))
                  if isinstance(member_id, int) and 0 < member_id <= MAX_ID else None)
    if membership is None or membership.status not in ("invited", "active"):
        raise NotFound()
    with atomic():
        if membership.status == "invited":
            notifications.answered_set_invitation(membership.member_id, seen.id)
        else:
            membership_ended.send(seen.id, member_id=membership.member_id)
        membership.status, membership.answered_at = "left", utcnow()
    return membership.member


def leave(member: Member, seen: SetAccess) -> None:
    require(member, "sets.leave", seen, "Only a member of the set can leave it")
    with atomic():
        membership = db.session.get(SetMembership, (seen.id, member.id))
        membership.status, membership.answered_at = "left", utcnow()
        membership_ended.send(seen.id, member_id=member.id)


# Reading ------------------------------------------------------------------------------------------

def sets_of(member: Member) -> list[LearningSet]:
    """The sets `member` facilitates or belongs to, by name."""
    if not is_active_member(member):
        return []
    mine = select(SetMembership.set_id).where(SetMembership.member_id == member.id,
                                              SetMembership.status == "active")
    return list(db.session.scalars(select(LearningSet).where(
        or_(LearningSet.facilitator_id == member.id, LearningSet.id.in_(mine)))
        .order_by(func.lower(LearningSet.name), LearningSet.id)))


def invitations_of(member: Member) -> list[SetMembership]:
    if not is_active_member(member):
        return []
    return list(db.session.scalars(select(SetMembership).where(
        SetMembership.member_id == member.id, SetMembership.status == "invited")
        .options(joinedload(SetMembership.learning_set)).order_by(SetMembership.invited_at)))
