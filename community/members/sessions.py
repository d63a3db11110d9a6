"""How a signed-in session finds its member again on each request."""
from __future__ import annotations

from sqlalchemy.orm import joinedload

from ..extensions import db
from .models import Member


def load_member(session_id: str) -> Member | None:
    """`<id>.<session_version>`: a bumped version (password change, suspension) signs out."""
    member_id, _, version = session_id.partition(".")
    if not (member_id.isdigit() and version.isdigit()):
        return None
    # Roles in the same statement: every page asks them (permissions), so one round trip, not two.
    member = db.session.get(Member, int(member_id), options=[joinedload(Member.roles)])
    if member is None or member.is_suspended or member.session_version != int(version):
        return None
    return member
