"""Small helpers every domain's views share."""
from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from urllib.parse import urlsplit

from flask import Flask, render_template, request
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from .errors import InvalidInput, apply_to_form


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a row id, ASCII digits, 1 to 2^31 - 1.

    Ids are INTEGER columns (32-bit on PostgreSQL); a larger number in an address names nothing,
    so the route does not match and the answer is 404 (SQLite raised OverflowError binding ids
    of 2^63 and more). Werkzeug's own converter took any Unicode digit ("٣" for 3).
    """

    regex = r"[0-9]{1,10}"

    def __init__(self, url_map, fixed_digits: int = 0, min: int | None = 1,   # noqa: A002
                 max: int | None = 2**31 - 1, signed: bool = False) -> None:  # noqa: A002
        super().__init__(url_map, fixed_digits, min, max, signed)


def render_form(template: str, form, status: int | None = None, **context):
    """Render a form page; a form with errors answers 422 so clients and tests can tell."""
    if status is None:
        status = 422 if (request.method == "POST" and (form.errors or form.form_errors)) else 200
    return render_template(template, form=form, **context), status


def form_failed(template: str, form, error: InvalidInput, **context):
    apply_to_form(form, error)
    return render_form(template, form, status=error.status, **context)


def safe_next(target: str | None, default: str) -> str:
    """Only same-site paths: never send a person off-site after signing in.

    Nothing unprintable either: a CR or LF would split the Location header (Werkzeug refuses to
    send it, a 500), and browsers drop tabs and newlines from URLs, so "/\t/evil.example" is
    "//evil.example" to them.
    """
    if not target or not target.isprintable():
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return default
    return target


def page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", 1)), 100_000))
    except ValueError:
        return 1


def site_links(app: Flask) -> AbstractContextManager:
    """A context in which `url_for(..., _external=True)` works outside a request (`flask` commands).

    SERVER_NAME wins when set; otherwise links point at BASE_URL.
    """
    if app.config.get("SERVER_NAME"):
        return nullcontext()
    return app.test_request_context(base_url=app.config["BASE_URL"])


def member_key() -> str:
    """Rate-limit key: the signed-in member (wherever they connect from), else the address."""
    return f"member:{current_user.id}" if current_user.is_authenticated else (request.remote_addr or "")
