"""Spaces: admins create, describe and order them; their slugs stay put so links keep working."""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func, select

from ...content import clean_text
from ...db import atomic
from ...errors import InvalidInput, NotFound
from ...extensions import db
from ...members.models import Member
from ...permissions import require
from ..models import Space

NAME_MAX = 120
DESCRIPTION_MAX = 500
SLUG_MAX = 80


def slugify(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:SLUG_MAX].rstrip("-")


def ordered() -> list[Space]:
    return list(db.session.scalars(select(Space).order_by(Space.position, Space.name)))


def by_slug(slug: str) -> Space:
    space = db.session.scalar(select(Space).where(Space.slug == slug))
    if space is None:
        raise NotFound()
    return space


def _checked(name: str, description: str, *, current: Space | None = None) -> tuple[str, str]:
    # A form field missing from the request arrives as None.
    name = " ".join(clean_text(name or "").split())
    description = clean_text(description or "").strip()
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = "Enter a name for the space"
    elif len(name) > NAME_MAX:
        problems["name"] = f"Name must be {NAME_MAX} characters or fewer"
    elif not slugify(name):
        problems["name"] = "Use some letters or numbers in the name"
    else:
        # The database lower-cases both sides: Python's lower() and SQLite's disagree past ASCII.
        clash = db.session.scalar(select(Space).where(func.lower(Space.name) == func.lower(name)))
        if clash is not None and clash is not current:
            problems["name"] = "There is already a space with that name"
    if len(description) > DESCRIPTION_MAX:
        problems["description"] = f"Description must be {DESCRIPTION_MAX} characters or fewer"
    if problems:
        raise InvalidInput(problems)
    return name, description


def create(admin: Member, *, name: str, description: str) -> Space:
    require(admin, "spaces.manage")
    name, description = _checked(name, description)
    base = slugify(name)
    taken = set(db.session.scalars(select(Space.slug).where(Space.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base[:SLUG_MAX - 4]}-{n}", n + 1
    with atomic():
        last = db.session.scalar(select(func.max(Space.position))) or 0
        space = Space(slug=slug, name=name, description=description, position=last + 1)
        db.session.add(space)
    return space


def update(admin: Member, space: Space, *, name: str, description: str) -> Space:
    require(admin, "spaces.manage")
    name, description = _checked(name, description, current=space)
    with atomic():
        space.name, space.description = name, description
    return space


def move(admin: Member, space: Space, direction: str) -> None:
    """Swap with the neighbour above or below; positions are renumbered 1..n on the way."""
    require(admin, "spaces.manage")
    if direction not in ("up", "down"):
        raise InvalidInput(direction="Move a space up or down")
    with atomic():
        spaces = ordered()
        index = spaces.index(space)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(spaces):
            spaces[index], spaces[other] = spaces[other], spaces[index]
        for position, row in enumerate(spaces, start=1):
            row.position = position
