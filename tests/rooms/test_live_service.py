"""The live room's service on a real database: state stored under the room row's lock, messages
numbered per meeting, refusals storing nothing, broadcasts only after the commit."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.db import atomic
from community.errors import InvalidInput, NotAllowed, NotFound, RateLimited
from community.extensions import db
from community.rooms import process
from community.rooms.models import MeetingRoom, RoomMessage
from community.rooms.services import live, sets
from tests.factories import make_member
from tests.rooms.support import make_meeting, make_set


@pytest.fixture
def room(ctx):
    ann, bo, cy = (make_member(name=n) for n in ("Ann Member", "Bo Member", "Cy Member"))
    learning_set, fay = make_set(members=(ann, bo, cy))
    [meeting] = make_meeting(fay, learning_set)
    return {"fay": fay, "ann": ann, "bo": bo, "cy": cy, "meeting": meeting, "set": learning_set}


def _messages(meeting_id):
    return db.session.scalars(select(RoomMessage).where(RoomMessage.meeting_id == meeting_id)
                              .order_by(RoomMessage.seq)).all()


def _state(meeting_id) -> process.State:
    db.session.expire_all()
    return process.from_dict(db.session.get(MeetingRoom, meeting_id).state)


def _to_questioning(r):
    mid = r["meeting"].id
    for who in ("fay", "ann", "bo", "cy"):
        live.join(r[who], mid, 0, sid=who)
    live.command(r["fay"], mid, {"command": "start"})
    live.command(r["fay"], mid, {"command": "next"})  # bidding
    live.command(r["fay"], mid, {"command": "choose_presenters", "presenters": [r["ann"].id]})
    live.command(r["fay"], mid, {"command": "next"})  # presenting
    live.command(r["fay"], mid, {"command": "next"})  # clarifying
    assert _state(mid).phase is process.Phase.CLARIFYING


def test_joining_makes_the_room_and_brings_presence(room):
    mid = room["meeting"].id
    sent = []
    for who in ("fay", "ann", "bo", "cy"):
        joined = live.join(room[who], mid, 0, sid=f"sid-{who}", send=lambda app, c: sent.append(c))
    state = _state(mid)
    assert state.present == {room[w].id for w in ("fay", "ann", "bo", "cy")}
    assert state.members == (room["ann"].id, room["bo"].id, room["cy"].id)
    assert joined.version == 4 and joined.missed == []
    assert [c.version for c in sent] == [1, 2, 3, 4]
    # A second tab does not arrive again, and closing one of two tabs does not leave.
    live.join(room["ann"], mid, 0, sid="sid-ann-2", send=lambda app, c: sent.append(c))
    live.leave(room["ann"].id, mid, "sid-ann", send=lambda app, c: sent.append(c))
    assert room["ann"].id in _state(mid).present and len(sent) == 4
    live.leave(room["ann"].id, mid, "sid-ann-2", send=lambda app, c: sent.append(c))
    assert room["ann"].id not in _state(mid).present and sent[-1].version == 5


def test_outsiders_and_invitees_are_told_the_meeting_does_not_exist(room):
    stranger = make_member(name="Sam Stranger")
    invited = make_member(name="Ivy Invited")
    sets.invite(room["fay"], sets.access(room["fay"], room["set"].id), invited.id)
    for person in (stranger, invited):
        with pytest.raises(NotFound):
            live.join(person, room["meeting"].id, 0, sid="x")
        with pytest.raises(NotFound):
            live.command(person, room["meeting"].id, {"command": "start"})
        with pytest.raises(NotFound):
            live.speak(person, room["meeting"].id, "Hello")
    with pytest.raises(NotFound):
        live.join(room["fay"], 10**6, 0, sid="x")
    with pytest.raises(NotFound):
        live.join(room["fay"], "1", 0, sid="x")
    assert db.session.scalar(select(func.count()).select_from(MeetingRoom)) == 0


def test_a_member_cannot_use_the_facilitators_commands_and_nothing_is_stored(room):
    mid = room["meeting"].id
    live.join(room["fay"], mid, 0, sid="f")
    before = db.session.get(MeetingRoom, mid).seq
    with pytest.raises(NotAllowed, match="Only the facilitator can start"):
        live.command(room["ann"], mid, {"command": "start"})
    with pytest.raises(InvalidInput):
        live.command(room["fay"], mid, {"command": "arrive", "member": room["ann"].id})
    with pytest.raises(InvalidInput):
        live.command(room["fay"], mid, "start")
    db.session.expire_all()
    assert db.session.get(MeetingRoom, mid).seq == before
    assert _state(mid).phase is process.Phase.LOBBY


def test_speaking_is_numbered_and_refused_when_the_floor_is_the_presenters(room):
    mid = room["meeting"].id
    for who in ("fay", "ann", "bo", "cy"):
        live.join(room[who], mid, 0, sid=who)
    live.command(room["fay"], mid, {"command": "start"})
    live.command(room["fay"], mid, {"command": "next"})
    live.command(room["fay"], mid, {"command": "choose_presenters", "presenters": [room["ann"].id]})
    live.command(room["fay"], mid, {"command": "next"})   # presenting: the presenter alone
    assert _state(mid).phase is process.Phase.PRESENTING
    said = live.speak(room["ann"], mid, "My problem is weekend discharges")
    with pytest.raises(NotAllowed):
        live.speak(room["bo"], mid, "Have you tried a huddle?")
    live.command(room["fay"], mid, {"command": "next"})   # clarifying
    live.command(room["fay"], mid, {"command": "give_floor", "member": room["bo"].id})
    asked = live.speak(room["bo"], mid, "  Who decides on a Friday?  ")
    assert (said["kind"], asked["kind"], asked["text"]) == ("plain", "question", "Who decides on a Friday?")
    stored = _messages(mid)
    assert [m.text for m in stored] == ["My problem is weekend discharges", "Who decides on a Friday?"]
    seqs = [m.seq for m in stored]
    assert seqs == sorted(set(seqs)) and seqs[1] > seqs[0]
    assert db.session.get(MeetingRoom, mid).seq >= seqs[-1]


@pytest.mark.parametrize("text, error", [("", "Write a message"), ("   ", "Write a message"),
                                         ("x" * 2001, "at most 2,000"), (5, "as text"), (None, "as text"),
                                         ("a\x00b", "cannot be stored")])
def test_bad_messages_are_refused_and_nothing_is_stored(room, text, error):
    mid = room["meeting"].id
    live.join(room["fay"], mid, 0, sid="f")
    with pytest.raises(InvalidInput) as refused:
        live.speak(room["fay"], mid, text)
    assert error in refused.value.errors["text"]
    assert _messages(mid) == []


def test_replay_gives_what_came_after_in_order(room):
    mid = room["meeting"].id
    live.join(room["fay"], mid, 0, sid="f")
    first = live.speak(room["fay"], mid, "Welcome, everyone")
    second = live.speak(room["fay"], mid, "We start in two minutes")
    third = live.speak(room["fay"], mid, "Coffee first")
    joined = live.join(room["ann"], mid, first["seq"], sid="a")
    assert [m["text"] for m in joined.missed] == ["We start in two minutes", "Coffee first"]
    assert joined.missed[0]["seq"] == second["seq"] and joined.seq >= third["seq"]
    with pytest.raises(InvalidInput):
        live.join(room["ann"], mid, -1, sid="a")


def test_nothing_is_sent_when_the_transaction_rolls_back(room):
    mid = room["meeting"].id
    live.join(room["fay"], mid, 0, sid="f")
    sent = []
    with pytest.raises(RuntimeError):
        with atomic():
            live.speak(room["fay"], mid, "Never stored", send=lambda app, c: sent.append(c))
            raise RuntimeError("rolled back")
    assert sent == [] and _messages(mid) == []


def test_the_advice_nudge_applies_only_to_questions(room):
    _to_questioning(room)
    mid = room["meeting"].id
    live.command(room["fay"], mid, {"command": "give_floor", "member": room["bo"].id})
    assert live.advice(room["bo"], mid, "Have you tried talking to your manager?")
    assert live.advice(room["bo"], mid, "What would success look like for you?") is None
    assert live.advice(room["ann"], mid, "You should talk to your manager") is None  # presenter answers


def test_a_flood_of_messages_is_refused_past_the_limit(room, app):
    app.config["ROOM_MESSAGES_PER_MINUTE"] = 3
    mid = room["meeting"].id
    live.join(room["fay"], mid, 0, sid="f")
    live.join(room["ann"], mid, 0, sid="a")
    for n in range(3):
        live.speak(room["ann"], mid, f"Message {n}")
    with pytest.raises(RateLimited) as refused:
        live.speak(room["ann"], mid, "One too many")
    assert "3 messages in the last minute" in refused.value.errors["text"]
    live.speak(room["fay"], mid, "Others still speak")
    assert [m.text for m in _messages(mid)] == ["Message 0", "Message 1", "Message 2", "Others still speak"]


def test_ending_the_meeting_deletes_its_messages_and_keeps_attendance(room):
    mid = room["meeting"].id
    other = make_meeting(room["fay"], room["set"], days=14)[0].id
    for who in ("fay", "ann"):
        live.join(room[who], mid, 0, sid=who)
        live.join(room[who], other, 0, sid=who)
    live.speak(room["ann"], mid, "Confidential words")
    live.speak(room["ann"], other, "Another meeting's words")
    live.command(room["fay"], mid, {"command": "start"})
    live.command(room["fay"], mid, {"command": "end"})
    assert _messages(mid) == [] and [m.text for m in _messages(other)] == ["Another meeting's words"]
    db.session.expire_all()
    assert room["meeting"].closed_at is not None
    state = _state(mid)
    assert state.phase is process.Phase.CLOSED and room["ann"].id in state.present
    with pytest.raises(NotAllowed):
        live.speak(room["ann"], mid, "Too late")
