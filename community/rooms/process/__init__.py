"""The live room's process: a meeting's state machine as pure functions (standard library only).

    state = new_meeting(facilitator=1, members=[2, 3, 4, 5])          # in its lobby
    state = apply(state, Command("arrive", member=2), SYSTEM, now)     # the server reports presence
    result = apply(state, Command("start"), 1, now)                    # a new State, or a Refusal
    if not result:                                                     # Refusal is falsy
        ack(error=result.reason)

`now` is always passed in (an aware UTC datetime); nothing here reads a clock, a database or a
socket. `apply` works out the actor's role itself (`role_of`): who facilitates and who presents
change during a meeting, so the state knows them, not the caller. States are frozen dataclasses;
a command that changes nothing returns the same object.

Reading the state
    remaining(state, now) -> timedelta | None      negative in overtime; None before start / after end
    overtime(state, now) -> bool
    may_speak(state, member) -> True | Refusal     whether a message from them goes through now
    message_kind(state, member) -> str             plain, check_in, bid, question, answer, offer,
                                                   summary, action, review, check_out
    floor_rule(state) -> str                       the phase's speaking rule, in words
    quorum(state) -> Quorum(here, needed, .met)
    role_of(state, actor) -> Role                  facilitator, presenter, member, system, outsider
    view(state, now, viewer) -> dict               what a client renders (JSON-safe), with the
                                                   viewer's own `you` part: role, may_speak,
                                                   held_back, kind, hand_raised, controls
    controls(state, now, actor) -> list[str]       the commands they could use now

Storing and receiving
    to_dict(state) -> dict / from_dict(dict) -> State (ValueError if not one to_dict wrote)
    parse_command(payload) -> Command | Refusal    a client's JSON, checked for shape only

Commands: Command(name, member=, minutes=, on=, presenters=, timings=)
    facilitator  start · next · back · skip (offers) · extend(minutes=1|2|5) · pause · resume ·
                 time_out · end_time_out · choose_presenters(presenters=(ids…), timings={id:
                 {phase: minutes}}) · give_floor(member=) · next_speaker · rounds(on=) ·
                 hand_over(member=) · hand_back · mark_absent(member=) · mark_present(member=) · end
    presenter    offers(on=)                       invite (or decline) offers, before summing up
    member       raise_hand · lower_hand · done    (done: finish my turn)
    everyone     speak                             applied by the server for each stored message
    server       arrive(member=) · leave(member=) · end      (actor SYSTEM)
hand_back is for the member facilitating (giving it back) or the set's facilitator (taking it).

Decisions where ACTION_LEARNING.md is silent are in docs/decisions.md ("Live room"); the
outcome of every command in every phase for every role is the table in tests/rooms/test_process.py.
"""
from .codec import from_dict, inconsistency, parse_command, to_dict
from .commands import COMMANDS, EXTENSIONS, RULES, SERVER_COMMANDS, Command, apply
from .floor import floor_rule, may_speak, message_kind
from .state import (LABELS, SYSTEM, Clock, Interrupted, Phase, Quorum, Refusal, Role, Slot, Spent, State,
                    Timings, new_meeting, overtime, quorum, remaining, role_of)
from .view import controls, view

__all__ = [
    "COMMANDS", "EXTENSIONS", "LABELS", "RULES", "SERVER_COMMANDS", "SYSTEM", "Clock", "Command",
    "Interrupted", "Phase", "Quorum", "Refusal", "Role", "Slot", "Spent", "State", "Timings", "apply",
    "controls", "floor_rule", "from_dict", "inconsistency", "may_speak", "message_kind", "new_meeting",
    "overtime", "parse_command", "quorum", "remaining", "role_of", "to_dict", "view",
]
