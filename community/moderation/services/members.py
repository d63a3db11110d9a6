"""Approving new members, granting roles, suspending and reinstating."""
from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from ...dates import utcnow
from ...db import atomic
from ...errors import InvalidInput
from ...extensions import db
from ...links import site_url
from ...mail import queue_mail
from ...members.models import Member, MemberRole
from ...pagination import Page
from ...permissions import ROLES, require
from ...sql import like_pattern
from . import audit

GRANTABLE = tuple(r for r in ROLES if r != "member")


def awaiting_approval(page: int = 1, per_page: int = 50) -> Page:
    """Joiners waiting for a moderator, the longest-waiting first."""
    waiting = (Member.approved_at.is_(None), Member.suspended_at.is_(None))
    total = db.session.scalar(select(func.count()).select_from(Member).where(*waiting))
    items = db.session.scalars(select(Member).where(*waiting).order_by(Member.joined_at, Member.id)
                               .limit(per_page).offset((max(page, 1) - 1) * per_page)).all()
    return Page(items=list(items), total=total, page=page, per_page=per_page)


def approve(moderator: Member, member: Member) -> None:
    require(moderator, "moderation.approve_members")
    if member.is_approved:
        raise InvalidInput(member=f"{member.name} is already approved")
    with atomic():
        member.approved_at = utcnow()
        _record(moderator, "member.approve", member)
        queue_mail(
            member.email, "Welcome to Community: your membership is approved",
            f"Hello {member.name},\n\nYour membership has been approved. Sign in to find colleagues "
            f"and join the conversation: {site_url('auth.login')}\n")


def decline(moderator: Member, member: Member) -> None:
    """Turn down a joiner: the account is removed, so the address can join again later."""
    require(moderator, "moderation.approve_members")
    if member.is_approved:
        raise InvalidInput(member=f"{member.name} is already a member")
    email, name = member.email, member.name
    with atomic():
        _record(moderator, "member.decline", member)
        db.session.execute(delete(Member).where(Member.id == member.id))
        queue_mail(email, "Your request to join Community",
                   f"Hello {name},\n\nThank you for your interest. Your request to join "
                   "Community was not approved. If you think this is a mistake, contact the "
                   "academy team.\n")


def set_roles(admin: Member, member: Member, roles: list[str]) -> None:
    require(admin, "admin.grant_roles", member)
    wanted = {r for r in roles if r in GRANTABLE}
    if set(roles) - set(GRANTABLE) - {"member"}:
        raise InvalidInput(roles="Choose from the roles shown")
    if member.id == admin.id and "admin" not in wanted:
        raise InvalidInput(roles="You cannot remove your own admin role. Ask another admin")
    before = ", ".join(sorted(member.role_names - {"member"})) or "member only"
    with atomic():
        db.session.execute(delete(MemberRole).where(MemberRole.member_id == member.id))
        db.session.add_all([MemberRole(member_id=member.id, role=r) for r in sorted(wanted)])
        after = ", ".join(sorted(wanted)) or "member only"
        if after != before:
            _record(admin, "member.roles", member, f"{member.name}: {before} → {after}")
    db.session.expire(member, ["roles"])


def suspend(admin: Member, member: Member) -> None:
    require(admin, "admin.suspend", member, "You cannot suspend yourself")
    if member.is_suspended:
        raise InvalidInput(member=f"{member.name} is already suspended")
    with atomic():
        member.suspended_at = utcnow()
        member.session_version += 1  # signs them out everywhere at once
        _record(admin, "member.suspend", member)


def reinstate(admin: Member, member: Member) -> None:
    require(admin, "admin.suspend", member)
    if not member.is_suspended:
        raise InvalidInput(member=f"{member.name} is not suspended")
    with atomic():
        member.suspended_at = None
        _record(admin, "member.reinstate", member)


def _record(actor: Member, action: str, member: Member, summary: str = "") -> None:
    audit.record(actor, action, target_type="member", target_id=member.id,
                 summary=summary or f"{member.name} ({member.email})")


def list_members(q: str, page: int, per_page: int = 50) -> Page:
    condition = (func.lower(Member.name).like(like_pattern(q), escape="\\")
                 | func.lower(Member.email).like(like_pattern(q), escape="\\")) if q else True
    total = db.session.scalar(select(func.count()).select_from(Member).where(condition))
    items = db.session.scalars(select(Member).options(selectinload(Member.roles)).where(condition).order_by(func.lower(Member.name), Member.id)
                               .limit(per_page).offset((max(page, 1) - 1) * per_page)).all()
    return Page(items=list(items), total=total, page=page, per_page=per_page)
