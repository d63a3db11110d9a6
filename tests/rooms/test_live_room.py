"""The live room over the Flask-SocketIO test client: a facilitator and two members join, the
meeting moves through its states, members speak when the room lets them and are refused when it
does not, a reconnecting member catches up with `after`, outsiders are refused; every message
arrives once, in seq order."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.extensions import db, socketio
from community.members.models import Member
from community.rooms.models import RoomMessage
from community.rooms.services import sets
from tests.rooms.support import make_meeting, make_set
from tests.support import Person, add_member, in_app, signed_in

NS = "/rooms"


@pytest.fixture
def app_config():
    # Presence follows sockets at once here; the grace period has a test of its own.
    return {"ROOM_PRESENCE_GRACE_SECONDS": 0}


@pytest.fixture
def people(app):
    fay = add_member(app, name="Fay Facilitator", roles=("facilitator",))
    ann = add_member(app, name="Ann Member")
    bo = add_member(app, name="Bo Member")
    cy = add_member(app, name="Cy Outsider")
    with in_app(app):
        members = [db.session.get(Member, p.id) for p in (ann, bo)]
        learning_set, _ = make_set(db.session.get(Member, fay.id), members=members)
        [meeting] = make_meeting(db.session.get(Member, fay.id), learning_set)
        set_id, meeting_id = learning_set.id, meeting.id
    return {"fay": fay, "ann": ann, "bo": bo, "cy": cy, "meeting": meeting_id, "set": set_id}


def connect(app, person: Person | None):
    http = app.test_client()
    if person is not None:
        signed_in(http, person)
    return socketio.test_client(app, namespace=NS, flask_test_client=http)


def emit(client, event, payload):
    return client.emit(event, payload, namespace=NS, callback=True)


def command(client, meeting, name, **args):
    ack = emit(client, "command", {"meeting": meeting, "command": name, **args})
    assert ack["ok"] is True, ack
    return ack


def received(client, name):
    events = [e for e in client.get_received(NS) if e["name"] == name]
    return [e["args"][0] if isinstance(e["args"], list) else e["args"] for e in events]


def test_a_meeting_runs_with_a_facilitator_and_two_members(app, people):
    mid = people["meeting"]
    fay, ann, bo = (connect(app, people[w]) for w in ("fay", "ann", "bo"))
    joined = {w: emit(c, "join", {"meeting": mid, "after": 0}) for w, c in (("fay", fay), ("ann", ann), ("bo", bo))}
    assert all(j["ok"] for j in joined.values()), joined
    assert joined["fay"]["view"]["you"]["role"] == "facilitator" and "start" in joined["fay"]["view"]["you"]["controls"]
    assert joined["ann"]["view"]["you"]["controls"] == [] or "start" not in joined["ann"]["view"]["you"]["controls"]
    # A member may not start the meeting; the facilitator may.
    refused = emit(ann, "command", {"meeting": mid, "command": "start"})
    assert refused["ok"] is False and "Only the facilitator" in refused["error"]
    for c in (fay, ann, bo):
        c.get_received(NS)
    command(fay, mid, "start")
    [state] = received(ann, "state")
    assert state["view"]["phase"] == "check_in" and state["meeting"] == mid
    command(fay, mid, "next")   # bidding
    command(fay, mid, "choose_presenters", presenters=[people["ann"].id])
    command(fay, mid, "next")   # presenting: the presenter alone
    refused = emit(bo, "speak", {"meeting": mid, "text": "Have you tried a huddle?"})
    assert refused["ok"] is False and refused["error"]
    assert emit(ann, "speak", {"meeting": mid, "text": "Weekend discharges stall"})["ok"] is True
    command(fay, mid, "next")   # clarifying
    command(fay, mid, "give_floor", member=people["bo"].id)
    nudge = emit(bo, "nudge", {"meeting": mid, "text": "Have you tried a huddle on Fridays?"})
    assert nudge["ok"] is True and nudge["advice"]
    assert emit(bo, "nudge", {"meeting": mid, "text": "Who decides on a Friday?"}) == {"ok": True, "advice": None}
    assert emit(bo, "speak", {"meeting": mid, "text": "Who decides on a Friday?"})["ok"] is True
    messages = {w: received(c, "message") for w, c in (("fay", fay), ("ann", ann), ("bo", bo))}
    for got in messages.values():
        assert [m["text"] for m in got] == ["Weekend discharges stall", "Who decides on a Friday?"]
        assert [m["kind"] for m in got] == ["plain", "question"]
        assert got[0]["seq"] < got[1]["seq"]
    with in_app(app):
        assert db.session.scalar(select(func.count()).select_from(RoomMessage)) == 2


def test_a_member_who_drops_catches_up_once_in_order(app, people):
    mid = people["meeting"]
    fay, ann = connect(app, people["fay"]), connect(app, people["ann"])
    emit(fay, "join", {"meeting": mid, "after": 0})
    emit(ann, "join", {"meeting": mid, "after": 0})
    assert emit(fay, "speak", {"meeting": mid, "text": "Welcome"})["ok"]
    [first] = received(ann, "message")
    ann.disconnect(namespace=NS)
    for text in ("We begin at ten", "Coffee is in the kitchen", "Cameras on, please"):
        assert emit(fay, "speak", {"meeting": mid, "text": text})["ok"]
    fay.get_received(NS)
    back = connect(app, people["ann"])
    rejoined = emit(back, "join", {"meeting": mid, "after": first["seq"]})
    assert [m["text"] for m in rejoined["missed"]] == ["We begin at ten", "Coffee is in the kitchen",
                                                       "Cameras on, please"]
    seqs = [first["seq"], *(m["seq"] for m in rejoined["missed"])]
    assert seqs == sorted(set(seqs))
    assert rejoined["view"]["present"] == sorted([people["fay"].id, people["ann"].id])
    assert emit(fay, "speak", {"meeting": mid, "text": "Welcome back"})["ok"]
    live_ones = received(back, "message")
    assert [m["text"] for m in live_ones] == ["Welcome back"] and live_ones[0]["seq"] > seqs[-1]


def test_presence_follows_joining_and_leaving(app, people):
    mid = people["meeting"]
    fay, bo = connect(app, people["fay"]), connect(app, people["bo"])
    emit(fay, "join", {"meeting": mid, "after": 0})
    fay.get_received(NS)
    emit(bo, "join", {"meeting": mid, "after": 0})
    arrived = received(fay, "state")[-1]
    bo.disconnect(namespace=NS)
    left = received(fay, "state")[-1]
    assert left["version"] > arrived["version"]
    assert arrived["view"]["present"] == sorted([people["fay"].id, people["bo"].id])
    assert left["view"]["present"] == [people["fay"].id]


def test_outsiders_and_the_signed_out_are_refused(app, people):
    mid = people["meeting"]
    outsider = connect(app, people["cy"])
    assert outsider.is_connected(NS)
    for event, payload in (("join", {"meeting": mid, "after": 0}),
                           ("command", {"meeting": mid, "command": "start"}),
                           ("nudge", {"meeting": mid, "text": "Hello?"})):
        ack = emit(outsider, event, payload)
        assert ack["ok"] is False and ack["error"] == "There is no such meeting, or you are not in its set"
    assert emit(outsider, "speak", {"meeting": mid, "text": "Hello?"})["ok"] is False
    assert not connect(app, None).is_connected(NS)
    # A member removed from the set is refused at once.
    with in_app(app):
        fay = db.session.get(Member, people["fay"].id)
        sets.remove(fay, sets.access(fay, people["set"]), people["bo"].id)
    assert emit(connect(app, people["bo"]), "join", {"meeting": mid, "after": 0})["ok"] is False


@pytest.mark.parametrize("event, payload", [
    ("join", {"meeting": "1", "after": 0}), ("join", {"meeting": 1, "after": -1}),
    ("join", {"meeting": True}), ("join", [1]),
    ("command", {"meeting": 1, "command": "start", "minutes": "x"}), ("command", {"meeting": 1, "command": 5}),
    ("command", {"meeting": 1, "command": "arrive", "member": 1}),
    ("command", {"meeting": 1, "command": "extend", "minutes": 3}),
    ("speak", {"meeting": 1, "text": "x" * 2001}), ("speak", {"meeting": 1, "text": ""}),
    ("speak", {"meeting": 1}), ("nudge", {"meeting": 1, "text": None}),
])
def test_bad_payloads_are_refused_with_a_reason(app, people, event, payload):
    fay = connect(app, people["fay"])
    assert emit(fay, "join", {"meeting": people["meeting"], "after": 0})["ok"]
    payload = {k: (people["meeting"] if k == "meeting" and v == 1 else v) for k, v in payload.items()} \
        if isinstance(payload, dict) else payload
    ack = emit(fay, event, payload)
    assert ack["ok"] is False and isinstance(ack["error"], str) and ack["error"]
    assert fay.is_connected(NS)
    with in_app(app):
        assert db.session.scalar(select(func.count()).select_from(RoomMessage)) == 0


def test_the_room_page_has_its_labelled_parts_and_is_404_to_outsiders(app, people):
    mid = people["meeting"]
    page = signed_in(app.test_client(), people["ann"]).get(f"/meetings/{mid}/room")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for part in ('for="room-text"', 'role="log"', 'aria-live="polite"', 'role="timer"', "js/room.js",
                 'maxlength="2000"', "Ann Member", "Fay Facilitator"):
        assert part in html, part
    assert signed_in(app.test_client(), people["cy"]).get(f"/meetings/{mid}/room").status_code == 404
    meeting_page = signed_in(app.test_client(), people["ann"]).get(f"/meetings/{mid}").get_data(as_text=True)
    assert f"/meetings/{mid}/room" in meeting_page


@pytest.mark.parametrize("how", ["removed", "left"])
def test_a_member_who_leaves_the_set_hears_nothing_more_at_once(app, people, how):
    mid = people["meeting"]
    fay, bo, ann = (connect(app, people[w]) for w in ("fay", "bo", "ann"))
    for client in (fay, bo, ann):
        assert emit(client, "join", {"meeting": mid, "after": 0})["ok"]
    assert emit(fay, "speak", {"meeting": mid, "text": "Before"})["ok"]
    assert [m["text"] for m in received(bo, "message")] == ["Before"]
    with in_app(app):
        if how == "removed":
            facilitator = db.session.get(Member, people["fay"].id)
            sets.remove(facilitator, sets.access(facilitator, people["set"]), people["bo"].id)
        else:
            member = db.session.get(Member, people["bo"].id)
            sets.leave(member, sets.access(member, people["set"]))
    assert emit(fay, "speak", {"meeting": mid, "text": "After"})["ok"]
    command(fay, mid, "start")
    assert bo.get_received(NS) == []
    assert [m["text"] for m in received(ann, "message")] == ["Before", "After"]
    refused = emit(bo, "speak", {"meeting": mid, "text": "Still here?"})
    assert refused["ok"] is False


def test_a_dropped_member_stays_here_through_the_grace_period(app, people):
    import time
    app.config["ROOM_PRESENCE_GRACE_SECONDS"] = 1
    mid = people["meeting"]
    fay, bo = connect(app, people["fay"]), connect(app, people["bo"])
    emit(fay, "join", {"meeting": mid, "after": 0})
    emit(bo, "join", {"meeting": mid, "after": 0})
    fay.get_received(NS)
    bo.disconnect(namespace=NS)          # a blip: back within the grace period
    again = connect(app, people["bo"])
    assert emit(again, "join", {"meeting": mid, "after": 0})["view"]["present"] == sorted(
        [people["fay"].id, people["bo"].id])
    time.sleep(1.5)
    assert received(fay, "state") == []  # nobody left, nobody arrived again
    again.disconnect(namespace=NS)       # gone for good
    assert received(fay, "state") == []
    time.sleep(1.5)
    [left] = received(fay, "state")
    assert left["view"]["present"] == [people["fay"].id]
