"""Loading one row by id for a page or handler: NotFound (a 404) when there is none."""
from __future__ import annotations

from typing import TypeVar

from .errors import NotFound
from .extensions import db

T = TypeVar("T")

# Ids are 64-bit in the database; a larger number from an address or a form is simply not there
# (SQLite would raise OverflowError binding it).
MAX_ID = 2**63 - 1


def get_or_404(model: type[T], ident) -> T:
    if not isinstance(ident, int) or isinstance(ident, bool) or not 0 < ident <= MAX_ID:
        raise NotFound()
    found = db.session.get(model, ident)
    if found is None:
        raise NotFound()
    return found
