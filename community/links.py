"""Absolute links for mail: built from BASE_URL, never from the request.

`url_for(..., _external=True)` takes the scheme and host of the request being served, and the
Host header is the sender's to choose: a reset requested with `Host: evil.example` would mail the
real owner a link to evil.example carrying a working token. Links that leave the site go through
here, so a request can only ever choose the path.
"""
from __future__ import annotations

from urllib.parse import quote, urlsplit

from flask import current_app


def site_url(endpoint: str, **values) -> str:
    """`endpoint` as an absolute URL under BASE_URL (the `_anchor` value becomes the fragment)."""
    anchor = values.pop("_anchor", None)
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme)
    current_app.inject_url_defaults(endpoint, values)
    url = adapter.build(endpoint, values, force_external=True)
    if anchor is not None:
        url += "#" + quote(str(anchor), safe="%!#$&'()*+,/:;=?@")
    return url


def base_url_problem(value: str | None) -> str | None:
    """Why `value` cannot be the site's address, or None if it can."""
    if not value:
        return "BASE_URL is not set"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"BASE_URL must be an http:// or https:// address with a host name, not {value!r}"
    if parts.query or parts.fragment or parts.username or parts.password:
        return f"BASE_URL must be the site's address only (no query, fragment or user), not {value!r}"
    return None
