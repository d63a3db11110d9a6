"""What every response promises: security headers, cookies, CSRF on every state-changing route,
no 500 for hostile characters, and friendly error pages without a stack trace."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from werkzeug.routing.converters import AnyConverter, IntegerConverter

from community.extensions import db
from community.members.models import Connection, Member, MemberRole
from community.members.services import connections
from community.threads.models import Post, Thread, ThreadState
from community.threads.services import posting
from tests.conftest import _TOKEN
from tests.factories import PASSWORD, make_member, make_space, make_thread
from tests.support import Page, Person, in_app, signed_in

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
FORM_EXPIRED = "Your form expired"


@pytest.fixture
def scene(app):
    """An admin who owns a thread with a comment, and a pending connection request to them: every
    POST route has something real to act on if CSRF ever let it through."""
    with in_app(app):
        make_space()
        admin = make_member(name="Ada Admin", email="ada@example.nhs.uk", roles=("admin",))
        bob = make_member(name="Bob Okafor", email="bob@example.nhs.uk")
        joiner = make_member(name="Una Waiting", approved=False)
        thread = make_thread(admin, title="Weekend discharge")
        comment = posting.add_comment(bob, thread, body="Pharmacy view")
        connection = connections.request(bob, admin)
        own_post = posting.add_comment(admin, thread, body="Thanks, Bob")
        return {"admin": admin.id, "admin_email": admin.email, "member": bob.id,
                "joiner": joiner.id, "thread": thread.id, "post": comment.id,
                "connection": connection.id, "own_post": own_post.id}


def as_admin(client, scene: dict):
    return signed_in(client, Person(scene["admin"], scene["admin_email"], "Ada Admin"))


def _value(rule, name: str, scene: dict):
    converter = rule._converters[name]
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    if isinstance(converter, IntegerConverter) or name.endswith("_id"):
        kind = name.removesuffix("_id")
        if "moderation" in rule.rule and kind == "member":
            return scene["joiner"]
        return scene.get(kind, 1)
    return {"decision": "approve", "action": "suspend" if "/admin/" in rule.rule else "accept",
            "slug": "quality-improvement", "token": "not-a-real-token"}.get(name, "x")


def state_changing_urls(app, scene: dict) -> list[tuple[str, str]]:
    urls = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods & STATE_CHANGING):
            _, path = rule.build({name: _value(rule, name, scene) for name in rule.arguments})
            urls.append((method, path))
    return urls


def snapshot(app) -> dict:
    with in_app(app):
        counts = {model.__name__: db.session.scalar(select(func.count()).select_from(model))
                  for model in (Member, MemberRole, Thread, Post, Connection)}
        people = db.session.scalars(select(Member).order_by(Member.id)).all()
        counts["state"] = [(m.name, m.approved_at, m.suspended_at, m.session_version) for m in people]
        return counts


# CSRF --------------------------------------------------------------------------------------

def test_the_sweep_finds_the_state_changing_routes(app, scene):
    paths = {path for _, path in state_changing_urls(app, scene)}
    for expected in ("/join", "/login", "/logout", "/profile", "/threads/new",
                     f"/members/{scene['member']}/connect", f"/admin/members/{scene['member']}",
                     f"/moderation/members/{scene['joiner']}/approve"):
        assert expected in paths


@pytest.mark.parametrize("who", ["visitor", "member", "admin"])
def test_every_state_changing_route_needs_a_csrf_token(app, client, scene, who):
    if who == "admin":
        as_admin(client, scene)
    elif who == "member":
        signed_in(client, Person(scene["member"], "bob@example.nhs.uk", "Bob Okafor"))
    before = snapshot(app)

    wrong = {}
    for method, path in state_changing_urls(app, scene):
        response = client.open(path, method=method, data={"body": "Sneaky", "title": "Sneaky",
                                                          "roles": "moderator", "kind": "like"})
        page = Page(response)
        if response.status_code != 400 or page.h1 != FORM_EXPIRED or "reload the page" not in page.text:
            wrong[f"{method} {path}"] = response.status_code

    assert wrong == {}
    assert snapshot(app) == before
    if who != "visitor":
        assert client.get("/members").status_code == 200  # still signed in: logout needed a token too


def test_a_wrong_token_or_one_from_another_session_is_refused(app, client, another_client, scene):
    as_admin(client, scene)
    stolen = another_client.csrf_token()
    for token in ("not-a-token", stolen, ""):
        response = client.post(f"/admin/members/{scene['member']}/suspend", data={"csrf_token": token})
        assert response.status_code == 400
        assert Page(response).h1 == FORM_EXPIRED
    with in_app(app):
        assert not db.session.get(Member, scene["member"]).is_suspended
    # The same request with this session's own token works, so the refusals were about the token.
    assert client.post_form(f"/admin/members/{scene['member']}/suspend").status_code == 302


def _follow_state(app, scene: dict) -> str | None:
    with in_app(app):
        return db.session.scalar(select(ThreadState.follow).where(
            ThreadState.member_id == scene["admin"], ThreadState.thread_id == scene["thread"]))


def test_a_token_in_the_header_works_for_scripts(app, client, scene):
    as_admin(client, scene)
    token = client.csrf_token()
    before = _follow_state(app, scene)
    assert before != "muted"
    # Without the token (nor in the body), the same request is refused and changes nothing.
    refused = client.post(f"/threads/{scene['thread']}/follow", data={"state": "muted"})
    assert refused.status_code == 400 and _follow_state(app, scene) == before
    response = client.post(f"/threads/{scene['thread']}/follow", data={"state": "muted"},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 302
    assert _follow_state(app, scene) == "muted"


# Hostile characters --------------------------------------------------------------------------

UNUSUAL = "Remove the unusual characters from this field"
HOSTILE = ["\x00", "Nia\x00Reader", "\x1b[31mred", "bell\x07", "\x7f", "\x0b\x0c"]


def _visitor_forms():
    return [
        ("/join", {"name": "Grace Hopper", "email": "grace@example.nhs.uk", "password": "lighthouse-kettle-orchard",
                   "discipline": "medicine", "organisation": "Riverside", "consent": "y"},
         ["name", "email", "password", "organisation", "discipline"]),
        ("/login", {"email": "ada@example.nhs.uk", "password": PASSWORD}, ["email", "password"]),
        ("/reset", {"email": "ada@example.nhs.uk"}, ["email"]),
    ]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_characters_in_visitor_forms_get_4xx(app, client, scene, value):
    for url, fields, names in _visitor_forms():
        for name in names:
            response = client.post_form(url, {**fields, name: value})
            assert 400 <= response.status_code < 500 or (value == "\x7f" and response.status_code in (200, 302)), \
                (url, name, response.status_code)
            if ("\x00" in value or "\x1b" in value or "\x07" in value) and name != "discipline":
                assert UNUSUAL in Page(response).text or "correct format" in Page(response).text, (url, name)


def _member_forms(scene) -> list[tuple[str, dict, list[str]]]:
    t, p = scene["thread"], scene["post"]
    return [
        ("/profile", {"name": "Ada Admin", "discipline": "nursing", "job_title": "Lead", "organisation": "Trust",
                      "place": "Riverside", "bio": "Hello", "interests": "frailty", "expertise": "data",
                      "open_to": "mentoring"},
         ["name", "job_title", "organisation", "place", "bio", "interests", "expertise", "discipline"]),
        ("/profile/password", {"current_password": PASSWORD, "new_password": "marmalade-bicycle-lantern"},
         ["current_password", "new_password"]),
        ("/profile/email", {"email": "new@example.nhs.uk", "password": PASSWORD}, ["email", "password"]),
        ("/threads/new", {"title": "A title", "body": "A body", "space": "quality-improvement",
                          "tags": "frailty"}, ["title", "body", "tags", "space", "client_token"]),
        (f"/threads/{t}/comments", {"body": "A comment"}, ["body", "parent", "client_token"]),
        (f"/posts/{scene['own_post']}/edit", {"body": "Edited"}, ["body"]),
    ]


def _member_other_posts(scene) -> list[tuple[str, dict]]:
    t, p, c, m = scene["thread"], scene["post"], scene["connection"], scene["member"]
    return [
        (f"/posts/{p}/react", {"kind": "{v}"}),
        (f"/posts/{p}/unreact", {"kind": "{v}"}),
        (f"/posts/{p}/helpful", {"helpful": "{v}"}),
        (f"/threads/{t}/follow", {"state": "{v}"}),
        (f"/threads/{t}/read", {"number": "{v}"}),
        ("/threads/new", {"title": "T", "body": "B", "space": "quality-improvement", "disciplines": "{v}"}),
        (f"/connections/{c}/accept", {"next": "/members{v}"}),
        (f"/admin/members/{m}", {"roles": "{v}"}),
    ]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_characters_in_members_forms_never_give_500(app, client, scene, value):
    as_admin(client, scene)
    threads_before = snapshot(app)["Thread"]

    for url, fields, names in _member_forms(scene):
        for name in names:
            response = client.post_form(url, {**fields, name: value})
            assert response.status_code < 500, (url, name)
            if "\x00" in value or value.startswith("\x1b") or value.startswith("bell"):
                assert response.status_code == 422, (url, name, response.status_code)
                if name not in ("discipline", "space", "client_token", "parent"):
                    assert UNUSUAL in Page(response).text, (url, name)
    for url, fields in _member_other_posts(scene):
        response = client.post_form(url, {k: v.replace("{v}", value) for k, v in fields.items()})
        assert response.status_code < 500, (url, response.status_code)
    if "\x00" in value:
        assert snapshot(app)["Thread"] == threads_before


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_characters_in_addresses_and_searches_never_give_500(app, client, scene, value):
    as_admin(client, scene)
    searches = [("/admin", "q"), ("/admin", "page"), ("/members", "q"), ("/members", "discipline"),
                ("/members", "organisation"), ("/members", "place"), ("/members", "interest"),
                ("/members", "open_to"), ("/members", "page"), ("/threads", "tag"), ("/threads", "space"),
                ("/threads", "discipline"), ("/threads", "view"), ("/threads", "after"),
                (f"/threads/{scene['thread']}", "page"), ("/login", "next"), ("/threads/new", "space")]
    for path, arg in searches:
        response = client.get(path, query_string={arg: value})
        assert response.status_code < 500, (path, arg, response.status_code)
    for path in ("/confirm/", "/reset/", "/spaces/"):
        assert client.get(path + value.replace("\x00", "%00")).status_code < 500, path


def test_a_nul_in_an_address_is_a_bad_request(app, client, scene):
    as_admin(client, scene)
    for url in ("/admin?q=%00", "/members?q=a%00b", "/threads?tag=%00", "/members?%00=1",
                "/spaces/quality%00"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert Page(response).h1 == "Something was wrong with that request"


# Headers and cookies -------------------------------------------------------------------------

def _assert_security_headers(response):
    csp = {d.split()[0]: d.split()[1:] for d in response.headers["Content-Security-Policy"].split("; ")}
    assert "'unsafe-inline'" not in csp.get("script-src", csp["default-src"])
    assert "'unsafe-eval'" not in csp.get("script-src", csp["default-src"])
    assert "'unsafe-inline'" not in csp.get("style-src", csp["default-src"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("strict-origin-when-cross-origin", "no-referrer",
                                                   "same-origin", "strict-origin")


def _assert_no_inline_script(page: Page):
    """CSP blocks inline script and style: a page that relied on them would break."""
    for element in page.root.iter():
        if element.tag == "script":
            assert element.attrs.get("src"), "inline <script>"
            assert not element.text.strip()
        assert not [a for a in element.attrs if a.startswith("on")], f"handler on <{element.tag}>"
        assert "style" not in element.attrs, f"style attribute on <{element.tag}>"
        assert not element.attrs.get("href", "").lower().startswith("javascript:")


@pytest.mark.parametrize("path", ["/", "/join", "/login", "/reset", "/guidelines", "/privacy", "/no-such-page"])
def test_visitor_pages_carry_the_security_headers(client, path):
    response = client.get(path)
    _assert_security_headers(response)
    _assert_no_inline_script(Page(response))
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_members_pages_carry_the_headers_and_are_never_stored(app, client, scene):
    as_admin(client, scene)
    for path in ("/", "/members", f"/members/{scene['member']}", "/profile", "/network", "/threads",
                 f"/threads/{scene['thread']}", "/threads/new", "/moderation", "/admin",
                 f"/admin/members/{scene['member']}", "/no-such-page"):
        response = client.get(path)
        assert response.status_code == (404 if path == "/no-such-page" else 200), path
        _assert_security_headers(response)
        _assert_no_inline_script(Page(response))
        assert "no-store" in response.headers["Cache-Control"], path


def test_a_redirect_after_a_post_is_not_stored_either(app, client, scene):
    as_admin(client, scene)
    response = client.post_form(f"/threads/{scene['thread']}/follow", {"state": "muted"})
    assert response.status_code == 302
    assert "no-store" in response.headers["Cache-Control"]


def test_the_page_cannot_be_framed(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"


def _session_cookie(response) -> str:
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


def test_the_session_cookie_is_httponly_and_samesite_lax(app, client, scene):
    response = client.post_form("/login", {"email": scene["admin_email"], "password": PASSWORD})
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in development and tests


@pytest.mark.parametrize("app_config", [{"SESSION_COOKIE_SECURE": True, "REMEMBER_COOKIE_SECURE": True}])
def test_the_cookies_are_secure_when_configured_for_https(app, client, scene):
    https = {"base_url": "https://localhost"}
    token = _TOKEN.search(client.get("/login", **https).get_data(as_text=True)).group(1)
    response = client.post("/login", data={"email": scene["admin_email"], "password": PASSWORD,
                                           "remember": "y", "csrf_token": token},
                           headers={"Referer": "https://localhost/login"}, **https)
    assert response.status_code == 302
    cookies = [c for c in response.headers.getlist("Set-Cookie")
               if c.startswith(("session=", "remember_token="))]
    assert len(cookies) == 2
    assert all("Secure" in c and "HttpOnly" in c and "SameSite=Lax" in c for c in cookies)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


# Error pages ---------------------------------------------------------------------------------

def _assert_friendly(response, status: int, heading: str):
    page = Page(response)
    assert response.status_code == status
    assert page.h1 == heading
    assert "Traceback" not in page.html and "werkzeug" not in page.html.lower()
    assert page.all("a", href="/")  # a way back home
    _assert_security_headers(response)


def test_an_unknown_address_gets_the_friendly_404(client):
    _assert_friendly(client.get("/no/such/page"), 404, "Page not found")


def test_an_unknown_thread_or_member_gets_the_friendly_404(app, client, scene):
    as_admin(client, scene)
    _assert_friendly(client.get("/threads/999999"), 404, "Page not found")
    _assert_friendly(client.get("/members/999999"), 404, "Page not found")
    _assert_friendly(client.get("/members/not-a-number"), 404, "Page not found")


def test_the_wrong_method_gets_the_friendly_405(app, client, scene):
    _assert_friendly(client.get("/logout"), 405, "That cannot be done here")
    _assert_friendly(client.put("/login"), 405, "That cannot be done here")
    as_admin(client, scene)
    _assert_friendly(client.post_form("/members"), 405, "That cannot be done here")


def test_a_crash_gets_the_friendly_500_and_rolls_back(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/test-only/crash")
    def crash():
        db.session.add(Member(name="Half Written", email="half@example.nhs.uk", password_hash="x",
                              discipline="nursing"))
        db.session.flush()
        raise RuntimeError("secret internals: do not show")

    response = client.get("/test-only/crash")

    _assert_friendly(response, 500, "Sorry, there is a problem with the service")
    assert "secret internals" not in response.get_data(as_text=True)
    with in_app(app):
        assert db.session.scalar(select(func.count()).select_from(Member)) == 0


def test_a_body_that_is_too_big_gets_413(client):
    response = client.post("/join", data={"name": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert Page(response).h1 == "That was too much to send"
