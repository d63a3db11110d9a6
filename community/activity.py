"""What a member has done lately, gathered from every domain that has something to say.

A profile shows its member's recent activity, but the members domain must not import the domains
that make it (they import members). Instead each domain adds a source in its `register()`:
`source(member, viewer, limit) -> list[Activity]`, newest first, holding only what `viewer` may
see. The learning library, for one, adds "Shared a story" the same way threads add "Commented on".
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Activity:
    at: datetime
    text: str                 # "Started a thread", "Connected with", ...
    url: str = ""             # what it was about, linked: a thread, a story ...
    label: str = ""
    member: Any = None        # or another member it was with (a connection)


Source = Callable[[Any, Any, int], list[Activity]]
_sources: list[Source] = []


def add_source(source: Source) -> None:
    """Called by a domain's register(); adding the same source twice (a second app) is a no-op."""
    if source not in _sources:
        _sources.append(source)


def recent(member, viewer, limit: int = 10, *extra: list[Activity]) -> list[Activity]:
    """The newest `limit` things from every source (plus `extra` lists the caller has), newest first."""
    events = [event for source in _sources for event in source(member, viewer, limit)]
    for more in extra:
        events.extend(more)
    return sorted(events, key=lambda e: e.at, reverse=True)[:limit]
