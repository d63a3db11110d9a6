"""What every template can use: the permission check, dates in UK time, small formatters."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import Flask, request, url_for

from . import permissions
from .threads.markup import action_bar, byline as post_byline
from .disciplines import DISCIPLINES, label as discipline_label

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


def url_with(**changes) -> str:
    """The current address with some query arguments changed; None or "" removes one."""
    args = request.args.to_dict()
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def page_url(page: int) -> str:
    """The current address with another page number, keeping every filter."""
    return url_with(page=page)


def choice_pairs(choices) -> list[tuple]:
    """(value, label) for each WTForms choice, whether a SelectChoice or a plain pair."""
    return [(c.value, c.label) if hasattr(c, "value") else tuple(c) for c in choices]


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(pairs=choice_pairs, exact_time=exact_time, date_only=date_only, time_ago=time_ago,
                                 discipline_label=discipline_label)
    app.jinja_env.globals.update(can=permissions.can, post_actions=permissions.post_actions,
                                 action_bar=action_bar, post_byline=post_byline,
                                 DISCIPLINES=DISCIPLINES, page_url=page_url, url_with=url_with)
