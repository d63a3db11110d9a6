"""Loading one row by id for a page or handler: NotFound (a 404) when there is none; reading an
id or count a person sent in a query string or form."""
from __future__ import annotations

from typing import TypeVar

from .errors import NotFound
from .extensions import db

T = TypeVar("T")

# Ids are INTEGER columns: 32-bit on PostgreSQL. A larger number from an address or a form is
# simply not there (SQLite raised OverflowError binding 2^63; PostgreSQL refuses it as an int4).
# Routes' `<int:...>` arguments keep to the same range (web.IdConverter).
MAX_ID = 2**31 - 1


def get_or_404(model: type[T], ident) -> T:
    if not isinstance(ident, int) or isinstance(ident, bool) or not 0 < ident <= MAX_ID:
        raise NotFound()
    found = db.session.get(model, ident)
    if found is None:
        raise NotFound()
    return found


def parse_number(value: object, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """A whole number typed in ASCII digits, within [minimum, maximum]; None for anything else.

    `str.isdigit()` says yes to "²" (int() then raises) and to "٣" (int() reads 3), and int()
    accepts " 1" and "1_000": none of those is an id or a count a page sends.
    """
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 12:
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def parse_id(value: object) -> int | None:
    """An id from a query string or form field: 1 to MAX_ID, else None."""
    return parse_number(value)
