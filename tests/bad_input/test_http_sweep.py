"""Bad input on every route of the URL map: never a 500 or a traceback, a clear 4xx (or the page
with a field error), and nothing stored. The hostile requests and their expectations are in
sweep.py; what each route reads is in inputs.py, checked against what its view reads."""
from __future__ import annotations

from collections import Counter

import pytest

from tests.bad_input import sweep
from tests.bad_input.inputs import ROUTES
from tests.bad_input.recording import READ, RecordingRequest
from tests.guard_rails.authorization_table import KINDS, ROWS, TARGETS, Row, form_for
from tests.guard_rails.setting import Setting, world_setting

# Who asks: the first of these the table allows (a signed-in person is sent away from /join,
# so a visitor asks where a visitor may).
PREFERENCE = ("visitor", "member", "admin", "moderator", *KINDS)
TRACEBACK_MARKS = ("Traceback (most recent call last)", 'File "/', "werkzeug.debug")


@pytest.fixture(scope="module")
def setting(tmp_path_factory, sqlite_template):
    with world_setting(tmp_path_factory.mktemp("bad_input"), sqlite_template) as built:
        built.app.request_class = RecordingRequest
        yield built


def _routes() -> dict[str, tuple[Row, str]]:
    """'METHOD PATH' -> the row and kind of person to ask it as."""
    chosen: dict[str, tuple[Row, str]] = {}
    for row in ROWS:
        if row.method not in ("GET", "POST"):
            continue
        key = f"{row.method} {row.path}"
        allowed = [k for k in PREFERENCE if row.expected[KINDS.index(k)] == "Y"]
        if allowed and key not in chosen:
            chosen[key] = (row, allowed[0])
    return chosen


ASKED = _routes()


def _valid(s: Setting, row: Row, kind: str) -> tuple[dict, dict[str, str]]:
    values = TARGETS[row.target](s.world, kind)
    form = {}
    if row.method == "POST":
        form = {k: str(v) for k, v in form_for(row, values).items()}
        form["csrf_token"] = s.world.csrf[kind]
    return values, form


def test_every_route_reads_what_inputs_lists(setting):
    """The valid request each route is swept from, with what its view reads recorded."""
    missing, wrong = [], []
    for key, (row, kind) in ASKED.items():
        values, form = _valid(setting, row, kind)
        seen: set[str] = set()
        READ.append(seen)
        try:
            client = setting.client(kind)
            url = row.url(values)
            response = client.post(url, data=form) if row.method == "POST" else client.get(url)
        finally:
            READ.pop()
            setting.changes_put_back()
        if response.status_code >= 400:
            wrong.append(f"{key} as {kind}: the valid request answered {response.status_code}")
        listed = ROUTES.get(key)
        unlisted = sorted(seen - set(listed or {}) - {"csrf_token"} if listed is not None else seen - {"csrf_token"})
        if listed is None or unlisted:
            params = " ".join([*(f"{p}:{k}" for p, k in (listed or {}).items()), *(f"{p}:?" for p in unlisted)]) or "-"
            missing.append(f"{row.method:<6} {row.path:<44} {params}")
    stale = sorted(set(ROUTES) - set(ASKED))
    assert not missing and not stale and not wrong, (
        "tests/bad_input/inputs.py: add or complete these lines in INPUTS (kind text or value for each ?):\n"
        + "\n".join(missing)
        + ("\nno route answers these entries: " + ", ".join(stale) if stale else "")
        + ("\n" + "\n".join(wrong) if wrong else ""))


def _probes(s: Setting) -> list[tuple[str, str, sweep.Probe]]:
    out = []
    for key, (row, kind) in ASKED.items():
        values, form = _valid(s, row, kind)
        url = row.url(values)
        params = dict(ROUTES.get(key, {}))
        if row.method == "POST":
            params.setdefault("csrf_token", "text")
        probes = sweep.field_probes(row.method, url, form, params)
        if row.method == "POST":
            probes += sweep.body_probes(url, form)
        probes += sweep.address_probes(row.method, row.path, values, form)
        out += [(key, kind, probe) for probe in probes]
    return out


def _stored(before: dict, after: dict, hostile: str) -> list[str]:
    found = []
    for table, rows in after.items():
        for pk, row in rows.items():
            if before[table].get(pk) == row:
                continue
            for cell in row:
                if cell is not None and (str(cell) == hostile or len(hostile) > 3 and hostile in str(cell)):
                    found.append(f"{table} {pk}: {str(cell)[:60]!r}")
    return found


def _error_flashed(s: Setting, client) -> bool:
    cookie = client.get_cookie(s.app.config["SESSION_COOKIE_NAME"])
    if cookie is None:
        return False
    session = s.app.session_interface.get_signing_serializer(s.app).loads(cookie.value)
    return any(category == "error" for category, _ in session.get("_flashes", []))


def _judge(s: Setting, kind: str, probe: sweep.Probe) -> str | None:
    client = s.client(kind)
    try:
        headers = {"X-CSRFToken": s.world.csrf[kind]} if "CSRF header" in probe.label else {}
        response = client.open(probe.url, method=probe.method, data=probe.body, content_type=probe.content_type,
                               headers=headers)
    except Exception as error:   # TESTING propagates what would be a 500
        s.changes_put_back()
        return f"500: {type(error).__name__}: {str(error)[:100]}"
    status, text = response.status_code, response.get_data(as_text=True)
    after = s.state.read()
    changes = s.state.changes(s.start, after)
    stored = _stored(s.start, after, probe.hostile) if probe.hostile and changes else []
    if changes:
        s.state.restore(s.start, after)
    if status >= 500:
        return f"{status}"
    if any(mark in text for mark in TRACEBACK_MARKS):
        return f"{status} with a traceback"
    refused = 400 <= status < 500 or 300 <= status < 400 and _error_flashed(s, client)
    if probe.expect == sweep.REFUSE and not (refused and not changes):
        return f"{status}, expected a 4xx{' and nothing stored, but ' + str(changes) if changes else ''}"
    if probe.expect == sweep.NOT_FOUND and status != 404:
        return f"{status}, expected 404"
    if stored:
        return f"{status}, stored the hostile value: {stored}"
    return None


def test_bad_input_on_every_route(setting):
    problems, counted = [], Counter()
    for key, kind, probe in _probes(setting):
        counted[key] += 1
        problem = _judge(setting, kind, probe)
        if problem:
            problems.append(f"{key} as {kind} · {probe.label}: {problem}")
    print(f"\nswept {len(counted)} routes × methods with {sum(counted.values())} hostile requests")
    assert not problems, f"{len(problems)} answers were wrong:\n" + "\n".join(problems)
