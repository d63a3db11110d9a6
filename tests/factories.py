"""Members and connections made through the real services, so tests start from valid state."""
from __future__ import annotations

import itertools

from community.db import atomic
from community.demo import create_member
from community.extensions import db
from community.members.models import Member, MemberRole
from community.members.services import connections, profiles

PASSWORD = "correct-horse-battery"
_numbers = itertools.count(1)


def make_member(*, name: str | None = None, email: str | None = None, discipline: str = "nursing",
                organisation: str = "Riverside University Hospitals NHS Trust", confirmed: bool = True,
                approved: bool = True, roles: tuple[str, ...] = (), interests: str = "",
                place: str = "", job_title: str = "", open_to: tuple[str, ...] = ()) -> Member:
    """Call inside an app or request context."""
    n = next(_numbers)
    name = name or f"Member {n} Test"
    member = create_member(name=name, email=email or f"member{n}@example.nhs.uk", password=PASSWORD,
                           discipline=discipline, organisation=organisation, confirmed=confirmed)
    if interests or place or job_title or open_to:
        profiles.update_profile(member, name=name, discipline=discipline, job_title=job_title,
                                organisation=organisation, place=place, bio="", interests=interests,
                                expertise="", open_to=list(open_to))
    with atomic():
        if not approved:
            member.approved_at = None
        db.session.add_all([MemberRole(member_id=member.id, role=r) for r in roles])
    db.session.expire(member, ["roles"])
    return member


def connect(a: Member, b: Member) -> None:
    connections.accept(b, connections.request(a, b))


def make_space(slug: str = "quality-improvement", name: str = "Quality improvement"):
    from community.threads.models import Space
    with atomic():
        space = Space(slug=slug, name=name, description=f"About {name.lower()}")
        db.session.add(space)
    return space


def make_thread(author: Member, *, space: str = "quality-improvement", title: str = "How do we start?",
                body: str = "Opening post", disciplines: tuple[str, ...] = (), tags: str = ""):
    from community.threads.services import posting
    return posting.start_thread(author, title=title, body=body, space=space,
                                disciplines=list(disciplines), tags=tags)
