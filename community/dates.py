"""Dates as people read them: UK time, "3 hours ago", "24 November 2026 at 2:06pm"."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def local(value: datetime) -> datetime:
    return value.astimezone(LONDON)


def exact_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return local(value).strftime("%-d %B %Y at %-I:%M%p").replace("AM", "am").replace("PM", "pm")


def date_only(value: datetime | None) -> str:
    return local(value).strftime("%-d %B %Y") if value else ""


def time_ago(value: datetime | None, now: datetime | None = None) -> str:
    if value is None:
        return ""
    seconds = int(((now or datetime.now(timezone.utc)) - value).total_seconds())
    if seconds < 60:
        return "just now"
    for unit, size in (("year", 31_536_000), ("month", 2_592_000), ("week", 604_800),
                       ("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"  # pragma: no cover


def utcnow() -> datetime:
    """Now, in UTC: what every stored time is."""
    return datetime.now(timezone.utc)
