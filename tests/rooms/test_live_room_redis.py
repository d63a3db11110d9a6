"""The live room across processes: two real servers (python wsgi.py) share rooms over Redis, as
production's several processes do. Members connected to different processes see each other's
messages and state changes, presence included, once each and in seq order.

Part of the normal suite (marked `redis`); fails, never skips, without Redis.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import socketio as socketio_client

from community import create_app
from community.extensions import db
from tests.factories import make_member
from tests.rooms.support import make_meeting, make_set
from tests.threads.test_live_redis import Browser, Server, two_servers

pytestmark = pytest.mark.redis
NS = "/rooms"


@pytest.fixture(scope="module")
def deployment():
    yield from two_servers("community-room-redis-", _seed, ROOM_PRESENCE_GRACE_SECONDS="1")


def _seed(database_url: str, instance: Path) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": str(instance),
                      "SECRET_KEY": "seeding-only-" + "x" * 32, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.test_request_context():
        fay = make_member(name="Fay Facilitator", email="fay@example.nhs.uk", roles=("facilitator",))
        ann = make_member(name="Ann Member", email="ann@example.nhs.uk")
        bo = make_member(name="Bo Member", email="bo@example.nhs.uk")
        learning_set, _ = make_set(fay, members=(ann, bo))
        [meeting] = make_meeting(fay, learning_set)
        out = {"meeting": meeting.id, "fay": (fay.id, fay.email), "ann": (ann.id, ann.email),
               "bo": (bo.id, bo.email)}
        db.session.remove()
        db.engine.dispose()
    return out


class Member:
    """A socket on one server, recording the room's events."""

    def __init__(self, server: Server, email: str):
        browser = Browser(server.url)
        browser.sign_in(email)
        self.messages, self.states, self.changed = [], [], threading.Event()
        self.client = socketio_client.Client(reconnection=False)
        self.client.on("message", self._message, namespace=NS)
        self.client.on("state", self._state, namespace=NS)
        self.client.connect(server.url, namespaces=[NS], transports=["websocket"],
                            headers={"Cookie": browser.cookie_header}, wait_timeout=5)

    def _message(self, message):
        self.messages.append(message)
        self.changed.set()

    def _state(self, message):
        self.states.append(message)
        self.changed.set()

    def call(self, event, payload):
        return self.client.call(event, payload, namespace=NS, timeout=5)

    def wait_for(self, check, what: str, servers) -> None:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if check(self):
                return
            self.changed.wait(0.1)
            self.changed.clear()
        raise AssertionError(f"never saw {what}\n" + "\n".join(f"--- {s.url} ---\n{s.tail()}" for s in servers))


def test_messages_state_and_presence_cross_processes_once_in_order(deployment):
    (a, b), people = deployment
    mid = people["meeting"]
    fay, ann, bo = Member(a, people["fay"][1]), Member(b, people["ann"][1]), Member(a, people["bo"][1])
    try:
        for member in (fay, ann, bo):
            assert member.call("join", {"meeting": mid, "after": 0})["ok"]
        everyone = sorted(people[w][0] for w in ("fay", "ann", "bo"))
        ann.wait_for(lambda m: m.states and m.states[-1]["view"]["present"] == everyone,
                     "everyone present on B", (a, b))
        assert bo.call("speak", {"meeting": mid, "text": "Hello from process A"})["ok"]
        assert ann.call("speak", {"meeting": mid, "text": "Hello from process B"})["ok"]
        for member in (fay, ann, bo):
            member.wait_for(lambda m: len(m.messages) >= 2, "both messages", (a, b))
        time.sleep(0.3)  # room for a duplicate to show up, were there one
        for member in (fay, ann, bo):
            assert [m["text"] for m in member.messages] == ["Hello from process A", "Hello from process B"]
            assert member.messages[0]["seq"] < member.messages[1]["seq"]
        assert fay.call("command", {"meeting": mid, "command": "start"})["ok"]
        ann.wait_for(lambda m: m.states[-1]["view"]["phase"] == "check_in", "check-in on B", (a, b))
        bo.client.disconnect()
        ann.wait_for(lambda m: people["bo"][0] not in m.states[-1]["view"]["present"], "Bo leave on B", (a, b))
        versions = [s["version"] for s in ann.states]
        assert versions == sorted(set(versions)), versions
    finally:
        for member in (fay, ann, bo):
            member.client.disconnect()
