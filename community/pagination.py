"""One page of a list: the items, where we are, and whether there is more.

Two ways to know "more": a counted list (`total` given: "page 3 of 12") or a peeked one (ask for
one row more than the page holds: no count query, and only "next" is known). Lists that are long
and seldom paged far (notifications, moderation queues) peek; the directory counts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int | None = None        # counted lists only
    more: bool = False              # peeked lists: a row beyond this page exists
    args: dict = field(default_factory=dict)

    @classmethod
    def peeked(cls, rows, page: int, per_page: int) -> "Page[T]":
        """From a query limited to per_page + 1 rows."""
        rows = list(rows)
        return cls(items=rows[:per_page], page=page, per_page=per_page, more=len(rows) > per_page)

    @property
    def pages(self) -> int:
        if self.total is None:
            # No count: enough for the pagination links to offer the next page.
            return self.page + 1 if self.more else self.page
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.more if self.total is None else self.page < self.pages

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def offset_of(page: int, per_page: int) -> int:
    return (max(page, 1) - 1) * per_page
