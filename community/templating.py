"""What every template can use: the permission check, dates in UK time, small formatters."""
from __future__ import annotations

from flask import Flask, request, url_for

from . import permissions
from .dates import date_only, exact_time, time_ago
from .disciplines import DISCIPLINES, label as discipline_label

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


def isoformat(value) -> str:
    """For `<time datetime=...>`: a filter, so a page of many times does not call a method each."""
    return value.isoformat() if value is not None else ""


def choice_pairs(choices) -> list[tuple]:
    """(value, label) for each WTForms choice, whether a SelectChoice or a plain pair."""
    return [(c.value, c.label) if hasattr(c, "value") else tuple(c) for c in choices]


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(pairs=choice_pairs, exact_time=exact_time, date_only=date_only, time_ago=time_ago,
                                 discipline_label=discipline_label, isoformat=isoformat)
    app.jinja_env.globals.update(can=permissions.can, DISCIPLINES=DISCIPLINES, page_url=page_url,
                                 url_with=url_with)
