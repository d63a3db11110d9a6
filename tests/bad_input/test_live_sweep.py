"""Bad input on every Socket.IO event of every namespace: wrong types, missing fields, no argument,
two arguments, oversized and undecodable strings. Each gets an ack with a reason (or a clean
refusal), never an unhandled exception, the connection stays up, and nothing is stored."""
from __future__ import annotations

import pytest

from community.errors import SOCKET_ERROR
from community.extensions import socketio
from tests.bad_input.inputs import EVENTS
from tests.guard_rails.authorization_table import KINDS, ROWS, TARGETS, form_for, prelude
from tests.guard_rails.setting import world_setting

NOT_EVENTS = {"connect", "disconnect"}   # connect is refused or not: the authorization table asks it
MB = 1_000_000
# Values of every JSON type, and some that only look right.
WRONG = [None, True, False, 0, -1, 1.5, 2**31, 2**63, 10**40, "1", "", "x" * MB, "\ud800", "a\x00b",
         [], [1], {}, {"thread": 1}]


@pytest.fixture(scope="module")
def setting(tmp_path_factory, sqlite_template):
    with world_setting(tmp_path_factory.mktemp("bad_input_live"), sqlite_template) as built:
        yield built


def registered_events() -> set[str]:
    server, events = socketio.server, set()
    for namespace, handler in server.namespace_handlers.items():
        events |= {f"{namespace}:{name[3:]}" for name in dir(type(handler))
                   if name.startswith("on_") and callable(getattr(handler, name))}
    for namespace, handlers in server.handlers.items():
        events |= {f"{namespace}:{event}" for event in handlers}
    return {e for e in events if e.split(":")[1] not in NOT_EVENTS}


def test_every_event_is_listed(setting):
    missing = sorted(registered_events() - set(EVENTS))
    assert not missing, ("Add these live events to EVENTS in tests/bad_input/inputs.py (the payload fields "
                         "the handler reads), and their valid payload to FORMS in the authorization table:\n"
                         + "\n".join(f"    {e!r}: {{...}}," for e in missing))


def _payloads(valid: dict, fields: dict) -> list[tuple[str, tuple]]:
    """(label, the arguments sent)."""
    out = [("no argument", ()), ("two arguments", (valid, valid)), ("three arguments", (valid, 1, "x"))]
    out += [(f"argument {value!r:.20}", (value,)) for value in WRONG]
    for name in fields:
        out.append((f"{name} missing", ({k: v for k, v in valid.items() if k != name},)))
        out += [(f"{name}={value!r:.20}", ({**valid, name: value},)) for value in WRONG]
    out.append(("1 MB unknown field", ({**valid, "extra": "x" * MB},)))
    return out


def _asker(event: str) -> tuple:
    row = next(r for r in ROWS if r.method == "EVENT" and r.path == event and "Y" in r.expected)
    kind = "member" if row.expected[KINDS.index("member")] == "Y" else KINDS[row.expected.index("Y")]
    return row, kind


def test_bad_payloads_on_every_event(setting):
    problems, sent = [], 0
    for event in sorted(EVENTS):
        namespace, name = event.split(":")
        row, kind = _asker(event)
        values = TARGETS[row.target](setting.world, kind)
        valid = form_for(row, values)
        live = socketio.test_client(setting.app, namespace=namespace, flask_test_client=setting.client(kind))
        assert live.is_connected(namespace), f"{kind} could not connect to {namespace}"
        try:
            prelude(live, row.path, namespace, values)
            ack = live.emit(name, valid, namespace=namespace, callback=True)
            assert isinstance(ack, dict) and ack.get("ok") is True, f"{event}: the valid payload was refused: {ack!r}"
            # What the valid payload stored (a room joined, a meeting started) is not the bad ones'.
            setting.changes_put_back()
            for label, args in _payloads(valid, EVENTS[event]):
                sent += 1
                try:
                    ack = live.emit(name, *args, namespace=namespace, callback=True)
                except Exception as error:   # an unhandled exception in the handler
                    problems.append(f"{event} {label}: raised {type(error).__name__}: {error}")
                    continue
                changes = setting.changes_put_back()
                if not isinstance(ack, dict) or not isinstance(ack.get("ok"), bool):
                    problems.append(f"{event} {label}: ack {ack!r:.80}, expected {{ok, error}}")
                elif ack.get("error") == SOCKET_ERROR:
                    problems.append(f"{event} {label}: the handler raised (answered by the default error handler)")
                elif not ack["ok"] and not (isinstance(ack.get("error"), str) and ack["error"]):
                    problems.append(f"{event} {label}: refused without a reason: {ack!r:.80}")
                if changes:
                    problems.append(f"{event} {label}: stored {changes}")
                if not live.is_connected(namespace):
                    problems.append(f"{event} {label}: disconnected")
                    live.connect(namespace=namespace)
                    prelude(live, row.path, namespace, values)
        finally:
            live.disconnect(namespace)
    print(f"\nswept {len(EVENTS)} live events with {sent} payloads")
    assert not problems, "\n".join(problems)
