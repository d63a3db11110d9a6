"""How pages show a person: initials, an avatar colour, the discipline's label."""
from __future__ import annotations

import hashlib

from .disciplines import label as discipline_label


class ShownAs:
    """How pages show a member, from their id, name and discipline: shared by `Member` and the
    plain rows pages read instead of entities (`threads.services.reading.PostAuthor`)."""

    __slots__ = ()  # the subclass has `id`, `name` and `discipline`

    @property
    def discipline_label(self) -> str:
        return discipline_label(self.discipline)

    @property
    def initials(self) -> str:
        return initials_of(self.name)

    @property
    def avatar_hue(self) -> int:
        return avatar_hue_of(self.id)


def initials_of(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    if not parts:
        return "?"
    return (parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")).upper()


def avatar_hue_of(member_id: int) -> int:
    """A stable colour per member, from one of eight accessible backgrounds."""
    return int(hashlib.sha1(str(member_id).encode(), usedforsecurity=False).hexdigest(), 16) % 8
