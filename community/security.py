"""Response headers that keep pages from being framed, sniffed or scripted from elsewhere."""
from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Flask, abort, request
from flask_login import current_user
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

# No inline script anywhere: every script is a file under /static.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")


def _decodes(encoded: bytes) -> bool:
    """Whether every `&`-separated part of a query string or form body is UTF-8 once unescaped
    (Python's codec refuses overlong forms and encoded surrogates too)."""
    for part in encoded.split(b"&"):
        try:
            unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def refuse_undecodable_form() -> None:
    """400 for a query string or form body that is not UTF-8, and for a multipart body.

    Werkzeug keeps undecodable %-escapes as literal text ("José" sent as Latin-1 arrives as
    "Jos%E9"), replaces undecodable bytes in multipart parts with U+FFFD, and drops a body of
    raw non-UTF-8 bytes; either way what the person typed would be stored wrongly or reported
    as an expired form. No form takes a file, so no form is sent as multipart: refusing it
    keeps file parts (and their own decoding) away from every form.
    """
    if not _decodes(request.query_string):
        abort(400)
    if request.method != "POST":
        return
    if request.mimetype == "multipart/form-data":
        abort(400)
    if request.mimetype == "application/x-www-form-urlencoded" and not _decodes(request.get_data(cache=True)):
        abort(400)


def refuse_nul_in_address() -> None:
    """400 for a NUL in the path or query string: PostgreSQL refuses it in any text parameter, so a
    search for it would fail as a 500. Nobody types one; form fields get a message of their own."""
    if "\x00" in request.path or any("\x00" in key or "\x00" in value
                                      for key, value in request.args.items(multi=True)):
        abort(400)


def init_app(app: Flask) -> None:
    if app.config["PROXY_FIX"]:
        hops = app.config["PROXY_FIX"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    # First in line: the body must be read before CSRFProtect parses (and consumes) the form.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_undecodable_form)
    app.before_request_funcs[None].insert(1, refuse_nul_in_address)

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        # A Host outside TRUSTED_HOSTS: no URL adapter exists for it, so no page can be drawn
        # (its links would name that host anyway). Plain text, and nothing else is run.
        return "This site does not answer to that host name.\n", 400, {"Content-Type": "text/plain"}

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        # Not only matched routes: a 404 or 405 page for a member carries their name and token too.
        if request.endpoint != "static" and "Cache-Control" not in response.headers:
            # Members' pages hold personal data: keep them out of shared caches.
            response.headers["Cache-Control"] = "no-store" if current_user.is_authenticated else "no-cache"
        return response
