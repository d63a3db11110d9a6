"""@mention suggestions: members whose name, or a word of it, starts with what was typed."""
from __future__ import annotations

from sqlalchemy import func, or_, select

from ...extensions import db
from ...members.models import Member
from ...sql import like_escape

SUGGESTIONS = 8


def suggest_members(viewer: Member, query: str, limit: int = SUGGESTIONS) -> list[Member]:
    """Members whose name, or a word of it, starts with `query`; for @mention suggestions."""
    query = " ".join(query.split()).lower()[:60]
    if len(query) < 2:
        return []
    prefix = like_escape(query)
    name = func.lower(Member.name)
    return list(db.session.scalars(
        select(Member).where(or_(name.like(f"{prefix}%", escape="\\"), name.like(f"% {prefix}%", escape="\\")),
                             Member.id != viewer.id, Member.approved_at.is_not(None),
                             Member.suspended_at.is_(None))
        .order_by(name.like(f"{prefix}%", escape="\\").desc(), name, Member.id).limit(limit)))
