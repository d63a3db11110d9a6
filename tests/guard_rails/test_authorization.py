"""Every route and live event, asked as every kind of person, against the table in
authorization_table.py; tests/test_permissions.py checks the policy itself, this checks that every
view and handler asks it.

One world for the module (authorization_world.py). Each request starts from it: the database is
read after every request, any change is put back, and a change after a refusal fails the row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Rule
from werkzeug.routing.converters import AnyConverter

from community.extensions import db, socketio
from tests.conftest import Client
from tests.guard_rails.authorization_table import FORMS, KINDS, ROWS, TARGETS, Row, form_for, prelude
from tests.guard_rails.setting import Setting, world_setting
from tests.support import Page

ASKED = ("GET", "POST")          # HEAD and OPTIONS are derived (see the table's docstring)
NOT_EVENTS = {"disconnect"}      # nobody is refused a disconnect
# 405 is decided by routing, before anyone is known: asked as a visitor, a stale session and an admin.
ROUTING_KINDS = ("visitor", "suspended", "admin")


@pytest.fixture(scope="module")
def setting(tmp_path_factory, sqlite_template):
    """The app and its world, once for the module, in a database of its own."""
    with world_setting(tmp_path_factory.mktemp("authorization"), sqlite_template) as built:
        yield built


# Asking ------------------------------------------------------------------------------------------

@dataclass
class Answer:
    outcome: str
    detail: str
    changes: list[str]


def _client(s: Setting, kind: str) -> Client:
    return s.client(kind)


def _flashes(s: Setting, client: Client) -> list[tuple[str, str]]:
    cookie = client.get_cookie(s.app.config["SESSION_COOKIE_NAME"])
    if cookie is None:
        return []
    session = s.app.session_interface.get_signing_serializer(s.app).loads(cookie.value)
    return [tuple(f) for f in session.get("_flashes", [])]


def _outcome(url: str, status: int, location: str, errors: list[str]) -> str:
    # Sent to sign in to see this very page; a success may also lead to the sign-in page.
    where = urlsplit(location)
    if status == 302 and where.path == "/login" and parse_qs(where.query).get("next") == [url]:
        return "L"
    if status in (409, 422, 429) or (300 <= status < 400 and errors):
        return "I"
    if 200 <= status < 400:
        return "Y"
    return {401: "U", 403: "F", 404: "N", 405: "M"}.get(status, "?")


def _request(s: Setting, row: Row, kind: str, method: str) -> Answer:
    values = TARGETS[row.target](s.world, kind)
    client = _client(s, kind)
    url = row.url(values)
    if method == "POST":
        response = client.post(url, data={**form_for(row, values), "csrf_token": s.world.csrf[kind]})
    else:
        response = client.open(url, method=method)
    errors = [message for category, message in _flashes(s, client) if category == "error"]
    location = response.headers.get("Location", "")
    detail = f"{response.status_code}{' → ' + location if location else ''}{' ' + str(errors) if errors else ''}"
    return Answer(_outcome(url, response.status_code, location, errors), detail, [])


def _emit(s: Setting, row: Row, kind: str) -> Answer:
    namespace, event = row.path.split(":")
    live = socketio.test_client(s.app, namespace=namespace, flask_test_client=_client(s, kind))
    if not live.is_connected(namespace):
        return Answer("F", "connection refused", [])
    try:
        if event == "connect":
            return Answer("Y", "connected", [])
        values = TARGETS[row.target](s.world, kind)
        prelude(live, row.path, namespace, values)
        ack = live.emit(event, form_for(row, values), namespace=namespace, callback=True)
        return Answer("Y" if isinstance(ack, dict) and ack.get("ok") else "F", f"ack {ack!r:.80}", [])
    finally:
        live.disconnect(namespace)


def ask(s: Setting, row: Row, kind: str, method: str | None = None) -> Answer:
    """One request (or live event) as `kind`, and what it changed; the world is then put back."""
    answer = _emit(s, row, kind) if row.method == "EVENT" else _request(s, row, kind, method or row.method)
    answer.changes = s.changes_put_back()
    return answer


# The table -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("row", ROWS, ids=[row.label for row in ROWS])
def test_the_table(setting, row):
    got, wrong = [], []
    for kind, expected in zip(KINDS, row.expected):
        answer = ask(setting, row, kind)
        got.append(answer.outcome)
        if answer.outcome != expected:
            wrong.append(f"  {kind}: expected {expected}, got {answer.outcome} ({answer.detail})")
        elif answer.changes and expected != "Y":
            wrong.append(f"  {kind}: refused ({expected}) but the database changed: {answer.changes}")
    assert not wrong, (f"{row.label} (authorization_table.py line {row.line})\n"
                       f"  expected {' '.join(row.expected)}\n  got      {' '.join(got)}\n" + "\n".join(wrong))


# Coverage: every route, method and event has a row; every row a route, target and form --------------

def _adapter(app):
    return app.url_map.bind("localhost")


def _template(rule: Rule, values: dict[str, str] | None = None) -> str:
    """The rule as a row's PATH: converters left out, the given arguments filled in."""
    def part(match):
        name = match.group(1).split(":")[-1]
        return (values or {}).get(name, f"<{name}>")
    return re.sub(r"<([^>]+)>", part, rule.rule)


def _matched(app, row: Row) -> tuple[Rule, dict] | None:
    path = re.sub(r"<[^>]+>", "1", row.path)
    try:
        return _adapter(app).match(path, method=row.method, return_rule=True)
    except (NotFound, MethodNotAllowed):
        return None


def _live_events() -> set[str]:
    server, events = socketio.server, set()
    for namespace, handler in server.namespace_handlers.items():
        events |= {f"{namespace}:{name[3:]}" for name in dir(type(handler))
                   if name.startswith("on_") and callable(getattr(handler, name))}
    for namespace, handlers in server.handlers.items():
        events |= {f"{namespace}:{event}" for event in handlers}
    return {e for e in events if e.split(":")[1] not in NOT_EVENTS}


def _missing_routes(app) -> list[str]:
    hits: dict[tuple, set[str]] = {}
    for row in ROWS:
        matched = _matched(app, row) if row.method != "EVENT" else None
        if matched:
            rule, args = matched
            hits.setdefault((rule.rule, row.method), set()).update(f"{k}={v}" for k, v in args.items())
    missing = []
    for rule in app.url_map.iter_rules():
        options = {name: sorted(c.items) for name, c in rule._converters.items() if isinstance(c, AnyConverter)}
        choices = [dict(zip(options, combo)) for combo in _product(list(options.values()))]
        for method in sorted(rule.methods & set(ASKED)):
            covered = hits.get((rule.rule, method))
            for choice in choices:
                if covered is None or any(f"{k}={v}" not in covered for k, v in choice.items()):
                    target = "<target>" if set(rule.arguments) - set(choice) else "-"
                    missing.append(f"    {method:<6} {_template(rule, choice):<44} {target:<39} ? ? ? ? ? ? ? ? ?"
                                   f"     # {rule.endpoint}")
    return missing


def _product(lists):
    if not lists:
        return [()]
    return [(first, *rest) for first in lists[0] for rest in _product(lists[1:])]


def test_every_route_and_event_has_a_row(setting):
    missing = _missing_routes(setting.app)
    in_table = {row.path for row in ROWS if row.method == "EVENT"}
    missing += [f"    EVENT  {event:<44} {'<target>':<39} ? ? ? ? ? ? ? ? ?" for event in sorted(_live_events() - in_table)]
    assert not missing, ("These routes or live events have no row in the authorization table. Add them to "
                         "TABLE in tests/guard_rails/authorization_table.py, one row per relation that "
                         "changes the answer (see its docstring):\n" + "\n".join(missing))


def test_every_row_names_a_route_a_target_and_a_form(setting):
    problems = []
    events = _live_events()
    for row in ROWS:
        if row.method == "EVENT":
            if row.path not in events:
                problems.append(f"line {row.line}: {row.path} is not a registered live event")
        elif _matched(setting.app, row) is None:
            problems.append(f"line {row.line}: {row.method} {row.path} matches no route in the URL map")
        if row.target not in TARGETS:
            problems.append(f"line {row.line}: no target {row.target!r} in TARGETS")
    used = {row.target for row in ROWS}
    problems += [f"target {name!r} is in no row" for name in TARGETS if name not in used]
    paths = {row.path for row in ROWS if row.method in ("POST", "EVENT")}
    problems += [f"FORMS[{path!r}] is for no POST row or event" for path in FORMS if path not in paths]
    assert not problems, "\n".join(problems)


def _first_row_of_each_route(app, method: str | None = None) -> list[tuple[Rule, Row]]:
    seen, out = set(), []
    for row in ROWS:
        matched = _matched(app, row) if row.method != "EVENT" and row.method == (method or row.method) else None
        if matched and matched[0].rule not in seen:
            seen.add(matched[0].rule)
            out.append((matched[0], row))
    return out


def _one_kind_per_outcome(row: Row) -> list[tuple[str, str]]:
    return list({expected: kind for kind, expected in reversed(list(zip(KINDS, row.expected)))}.items())


def test_head_answers_as_the_table_says_get_does(setting):
    """Flask answers HEAD with the GET view: once a route and outcome (the first kind with it)."""
    wrong = []
    for _, row in _first_row_of_each_route(setting.app, "GET"):
        for expected, kind in _one_kind_per_outcome(row):
            answer = ask(setting, row, kind, "HEAD")
            if answer.outcome != expected or (answer.changes and expected != "Y"):
                wrong.append(f"HEAD {row.path} · {row.target} as {kind}: expected {expected}, "
                             f"got {answer.outcome} ({answer.detail}) {answer.changes or ''}")
    assert not wrong, "\n".join(wrong)


def test_a_method_a_route_does_not_answer_is_405_and_options_lists_the_rest(setting):
    adapter, wrong = _adapter(setting.app), []
    routes = _first_row_of_each_route(setting.app)
    for rule, row in routes:
        path = re.sub(r"<[^>]+>", "1", row.path)
        for method in ASKED:
            try:
                adapter.match(path, method=method)
                continue
            except MethodNotAllowed:
                pass
            except NotFound:   # e.g. GET /confirm/resend is the confirmation link "resend"
                continue
            for kind in ROUTING_KINDS:
                answer = ask(setting, Row(method, row.path, row.target, "", row.line), kind)
                if answer.outcome != "M" or answer.changes:
                    wrong.append(f"{method} {row.path} as {kind}: {answer.detail} {answer.changes or ''}")
        response = _client(setting, "visitor").options(row.url(TARGETS[row.target](setting.world, "visitor")))
        allowed = set(adapter.allowed_methods(path))
        if response.status_code != 200 or set(response.headers.get("Allow", "").split(", ")) != allowed:
            wrong.append(f"OPTIONS {row.path}: {response.status_code} Allow {response.headers.get('Allow')}, "
                         f"expected {sorted(allowed)}")
    assert not wrong, "\n".join(wrong)
    assert len(routes) == len(list(setting.app.url_map.iter_rules()))


# Submitting the forms the thread page draws -----------------------------------------------------------

def _submit(setting, kind: str, page_url: str, action_end: str) -> int:
    """Find the form on the page whose action ends with `action_end` and send what it holds."""
    client = _client(setting, kind)
    page = Page(client.get(page_url))
    assert page.status == 200, page_url
    forms = [f for f in page.all("form") if f.attrs.get("action", "").endswith(action_end)]
    assert len(forms) == 1, f"{len(forms)} forms posting to …{action_end} on {page_url} for {kind}"
    data = {e.attrs["name"]: e.attrs.get("value", "") for e in forms[0].iter()
            if e.tag in ("input", "button") and "name" in e.attrs}
    return client.post(forms[0].attrs["action"], data=data).status_code


@pytest.mark.parametrize("kind, post", [
    ("member", "comment"),          # their own comment, on someone else's thread
    ("moderator", "other"),         # someone else's comment
])
def test_delete_through_the_form_the_thread_page_draws(setting, kind, post):
    w, s = setting.world, setting
    post_id = w.own(kind).comment if post == "comment" else w.comment
    assert _submit(s, kind, f"/threads/{w.thread}", f"/posts/{post_id}/delete") == 302
    after = s.state.read()
    try:
        columns = [c.name for c in db.metadata.tables["posts"].columns]
        assert after["posts"][post_id][columns.index("deleted_at")] is not None
    finally:
        s.state.restore(s.start, after)


def test_mark_helpful_through_the_form_the_thread_page_draws(setting):
    w, s = setting.world, setting
    own = w.own("member")
    assert _submit(s, "member", f"/threads/{own.thread}", f"/posts/{own.reply_to_them}/helpful") == 302
    after = s.state.read()
    try:
        columns = [c.name for c in db.metadata.tables["posts"].columns]
        assert after["posts"][own.reply_to_them][columns.index("is_helpful")] in (True, 1)
        assert s.state.changes(s.start, after) == ["+0 -0 ~1 posts"]
    finally:
        s.state.restore(s.start, after)

