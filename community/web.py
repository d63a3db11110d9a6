"""Small helpers every domain's views share."""
from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from urllib.parse import urlsplit

from flask import Flask, render_template, request
from flask_login import current_user

from .errors import InvalidInput, apply_to_form


def render_form(template: str, form, status: int | None = None, **context):
    """Render a form page; a form with errors answers 422 so clients and tests can tell."""
    if status is None:
        status = 422 if (request.method == "POST" and (form.errors or form.form_errors)) else 200
    return render_template(template, form=form, **context), status


def form_failed(template: str, form, error: InvalidInput, **context):
    apply_to_form(form, error)
    return render_form(template, form, status=error.status, **context)


def safe_next(target: str | None, default: str) -> str:
    """Only same-site paths: never send a person off-site after signing in."""
    if not target:
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
