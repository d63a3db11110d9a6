"""How a signed-in session finds its member again on each request."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..dates import utcnow
from ..extensions import db
from .models import Member, MemberSession
from .services.sessions import lifetime


def load_member(session_id: str) -> Member | None:
    """`<id>.<session_version>.<session key>`, from the session or the remember-me cookie.

    The key must name a live row of member_sessions: signing out deletes it, so a copied cookie
    stops working. A bumped version (password change, suspension) signs out every device.
    """
    member_id, version, key = (session_id.split(".") + ["", ""])[:3]
    if not (member_id.isdigit() and version.isdigit() and key):
        return None
    # One statement for the member, their roles (every page asks them) and the session's row.
    member = db.session.scalar(
        select(Member).options(joinedload(Member.roles))
        .join(MemberSession, MemberSession.member_id == Member.id)
        .where(Member.id == int(member_id), MemberSession.id == key,
               MemberSession.created_at > utcnow() - lifetime()))
    if member is None or member.is_suspended or member.session_version != int(version):
        return None
    member.current_session = key
    return member
