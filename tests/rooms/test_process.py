"""The live room's state machine (community.rooms.process): pure, with an injected clock.

The first test is the command table: every command, in every phase, from every role, with the
outcome written out below (`ok`, or the code of the refusal's reason in LEGEND). Run this module
(`python -m tests.rooms.test_process`) to print the table the code produces now.
"""
from __future__ import annotations

import ast
import json
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from community.rooms import process as p
from community.rooms.process import SYSTEM, Command, Phase, Refusal, Role

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
F, P, M, M2, M3, M4, NEW, OUT = 1, 2, 3, 4, 5, 6, 9, 99  # M4 is marked absent in `meeting()`
MINUTE = timedelta(minutes=1)


def at(seconds: float) -> datetime:
    return NOW + timedelta(seconds=seconds)


def ok(state, actor, name, when=NOW, **arguments):
    result = p.apply(state, Command(name, **arguments), actor, when)
    assert not isinstance(result, Refusal), f"{name} by {actor}: {result}"
    assert p.inconsistency(result) is None
    return result


def refused(state, actor, name, when=NOW, **arguments) -> str:
    result = p.apply(state, Command(name, **arguments), actor, when)
    assert isinstance(result, Refusal), f"{name} by {actor} was accepted"
    return result.reason


def meeting(members=(P, M, M2, M3, M4), **options):
    state = p.new_meeting(F, members, **options)
    for member in (F, *members):
        state = ok(state, SYSTEM, "arrive", member=member)
    return ok(state, F, "mark_absent", member=M4) if M4 in members else state


PATHS = {  # how the table's states are reached: (actor, command, arguments) from the lobby
    "lobby": [],
    "check_in": [(F, "start", {})],
    "bidding": [(F, "start", {}), (F, "next", {})],
    "presenting": [(F, "start", {}), (F, "next", {}), (F, "choose_presenters", {"presenters": (P,)}),
                   (F, "next", {}), (M2, "raise_hand", {})],
}
PATHS["clarifying"] = PATHS["presenting"] + [(F, "next", {})]
PATHS["open_questioning"] = PATHS["clarifying"] + [(F, "next", {})]
PATHS["offers"] = PATHS["open_questioning"] + [(P, "offers", {"on": True}), (F, "next", {})]
PATHS["summary"] = PATHS["offers"] + [(F, "next", {})]
PATHS["actions"] = PATHS["summary"] + [(F, "next", {})]
PATHS["process_review"] = PATHS["actions"] + [(F, "next", {})]
PATHS["check_out"] = PATHS["process_review"] + [(F, "next", {})]
PATHS["time_out"] = PATHS["open_questioning"] + [(F, "time_out", {})]
PATHS["closed"] = PATHS["open_questioning"] + [(F, "end", {})]


def reach(phase: str, state=None):
    state = state or meeting()
    for actor, name, arguments in PATHS[phase]:
        state = ok(state, actor, name, **arguments)
    assert state.phase == phase
    return state


ACTORS = {"facilitator": F, "presenter": P, "member": M, "server": SYSTEM, "outsider": OUT}
CASES = {  # each command with arguments that suit the table's states
    "start": {}, "next": {}, "back": {}, "skip": {}, "extend": {"minutes": 2}, "pause": {}, "resume": {},
    "time_out": {}, "end_time_out": {}, "choose_presenters": {"presenters": (M,)}, "give_floor": {"member": M},
    "next_speaker": {}, "rounds": {"on": True}, "hand_over": {"member": M3}, "hand_back": {},
    "mark_absent": {"member": M3}, "mark_present": {"member": M4}, "end": {}, "offers": {"on": True},
    "raise_hand": {}, "lower_hand": {}, "done": {}, "speak": {}, "arrive": {"member": NEW},
    "leave": {"member": M},
}
COLUMNS = ("lobby", "check_in", "bidding", "presenting", "clarifying", "open_questioning", "offers", "summary",
           "actions", "process_review", "check_out", "time_out", "closed")
HEADINGS = ("lobby", "chk-in", "bid", "pres", "clar", "open", "offer", "summ", "act", "review", "chk-out",
            "t-out", "closed")
LEGEND = {
    "ok": None,
    "out": "You are not part of this meeting",
    "ended": "The meeting has ended",
    "unbegun": "The meeting has not started yet",
    "in-t/o": "The meeting is in a time-out: end the time-out first",
    "F-start": "Only the facilitator can start the meeting",
    "F-move": "Only the facilitator can move the meeting on",
    "F-time": "Only the facilitator can keep time",
    "F-t/o": "Only the facilitator can call a time-out",
    "F-end/o": "Only the facilitator can end the time-out",
    "F-pick": "Only the facilitator can choose presenters",
    "F-floor": "Only the facilitator can give the floor",
    "F-hand": "Only the facilitator can hand facilitation over",
    "F-take": "Only the facilitator can take facilitation back",
    "F-mark": "Only the facilitator can mark attendance",
    "F-end": "Only the facilitator can end the meeting",
    "P-offer": "Only the presenter can invite offers",
    "M-hand": "Only members who ask questions raise a hand",
    "M-done": "Only the member who has the floor can finish a turn",
    "S-talk": "The server does not send messages",
    "S-only": "Only the server reports who is here",
    "begun": "The meeting has already started",
    "first": "Check-in is the first step: there is nothing to go back to",
    "last": "Check-out is the last step: end the meeting to close it",
    "start1": "Start the meeting first",
    "no-skip": "There is no optional step to skip",
    "running": "The clock is not paused",
    "no-t/o": "The meeting is not in a time-out",
    "in-t/o2": "The meeting is already in a time-out",
    "no-pres": "There is no presenter chosen yet",
    "over": "The presenters' part of the meeting is over",
    "no-hand": "Your hand is not raised",
    "hands@": "Hands are raised while a presenter presents or is questioned",
    "late": "It is too late to invite offers for this presenter",
    "no-flr": "You do not have the floor",
    "not-yrs": "Facilitation has not been handed over",
    "P-floor": "The presenter has the floor",
    "all-may": "Everyone may speak during offers",
    "wait": "Another member has the floor: please wait for your turn",
    "held-p": "The presenter has the floor: your message is held back until questions open",
    "held-s": "The presenter is summing up: your message is held back until they have finished",
    "held-a": "The presenter is recording their actions: your message is held back until they have finished",
    "raise": "Raise your hand: the facilitator will give you the floor",
}
CODES = {reason: code for code, reason in LEGEND.items()}


def outcomes() -> dict[tuple[str, str], list[str]]:
    """The table as the code has it now: (command, role) -> one code per column."""
    states = [reach(phase) for phase in COLUMNS]
    table = {}
    for name, arguments in CASES.items():
        for role, actor in ACTORS.items():
            row = []
            for state in states:
                result = p.apply(state, Command(name, **arguments), actor, NOW)
                reason = result.reason if isinstance(result, Refusal) else None
                row.append(CODES.get(reason, f"?{reason}"))
            table[name, role] = row
    return table


def render(table) -> str:
    """One line per command and outcome row; roles with the same row share a line."""
    lines = [" ".join([f"{'':36}", *(f"{h:7}" for h in HEADINGS)]).rstrip()]
    grouped: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for (name, role), row in table.items():
        grouped.setdefault((name, tuple(row)), []).append(role)
    for (name, row), roles in grouped.items():
        cells = [f"*{row[0]}"] if len(set(row)) == 1 else [f"{cell:7}" for cell in row]
        lines.append(" ".join([f"{name + ' ' + ','.join(roles):36}", *cells]).rstrip())
    return "\n".join(lines)


# Rows: a command and who issues it ("presenter" is the member chosen to present: their role is
# presenter only during their slot); people with the same outcomes share a row. Columns: the
# phase. `*code` fills the row.
EXPECTED = """
                                     lobby   chk-in  bid     pres    clar    open    offer   summ    act     review  chk-out t-out   closed
start facilitator                    ok      begun   begun   begun   begun   begun   begun   begun   begun   begun   begun   in-t/o  ended
start presenter,member,server        F-start F-start F-start F-start F-start F-start F-start F-start F-start F-start F-start F-start ended
start outsider                       *out
next facilitator                     start1  ok      no-pres ok      ok      ok      ok      ok      ok      ok      last    in-t/o  ended
next presenter,member,server         F-move  F-move  F-move  F-move  F-move  F-move  F-move  F-move  F-move  F-move  F-move  F-move  ended
next outsider                        *out
back facilitator                     unbegun first   ok      ok      ok      ok      ok      ok      ok      ok      ok      in-t/o  ended
back presenter,member,server         F-move  F-move  F-move  F-move  F-move  F-move  F-move  F-move  F-move  F-move  F-move  F-move  ended
back outsider                        *out
skip facilitator                     unbegun no-skip no-skip no-skip no-skip no-skip ok      no-skip no-skip no-skip no-skip in-t/o  ended
skip presenter,member,server         F-move  F-move  F-move  F-move  F-move  F-move  F-move  F-move  F-move  F-move  F-move  F-move  ended
skip outsider                        *out
extend facilitator                   unbegun ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ended
extend presenter,member,server       F-time  F-time  F-time  F-time  F-time  F-time  F-time  F-time  F-time  F-time  F-time  F-time  ended
extend outsider                      *out
pause facilitator                    unbegun ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ended
pause presenter,member,server        F-time  F-time  F-time  F-time  F-time  F-time  F-time  F-time  F-time  F-time  F-time  F-time  ended
pause outsider                       *out
resume facilitator                   unbegun running running running running running running running running running running running ended
resume presenter,member,server       F-time  F-time  F-time  F-time  F-time  F-time  F-time  F-time  F-time  F-time  F-time  F-time  ended
resume outsider                      *out
time_out facilitator                 unbegun ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      in-t/o2 ended
time_out presenter,member,server     F-t/o   F-t/o   F-t/o   F-t/o   F-t/o   F-t/o   F-t/o   F-t/o   F-t/o   F-t/o   F-t/o   F-t/o   ended
time_out outsider                    *out
end_time_out facilitator             unbegun no-t/o  no-t/o  no-t/o  no-t/o  no-t/o  no-t/o  no-t/o  no-t/o  no-t/o  no-t/o  ok      ended
end_time_out presenter,member,server F-end/o F-end/o F-end/o F-end/o F-end/o F-end/o F-end/o F-end/o F-end/o F-end/o F-end/o F-end/o ended
end_time_out outsider                *out
choose_presenters facilitator        ok      ok      ok      ok      ok      ok      ok      ok      ok      over    over    in-t/o  ended
choose_presenters presenter,member,server F-pick  F-pick  F-pick  F-pick  F-pick  F-pick  F-pick  F-pick  F-pick  F-pick  F-pick  F-pick  ended
choose_presenters outsider           *out
give_floor facilitator               unbegun ok      ok      P-floor ok      ok      all-may P-floor P-floor ok      ok      in-t/o  ended
give_floor presenter,member,server   F-floor F-floor F-floor F-floor F-floor F-floor F-floor F-floor F-floor F-floor F-floor F-floor ended
give_floor outsider                  *out
next_speaker facilitator             unbegun ok      ok      P-floor ok      ok      all-may P-floor P-floor ok      ok      in-t/o  ended
next_speaker presenter,member,server F-floor F-floor F-floor F-floor F-floor F-floor F-floor F-floor F-floor F-floor F-floor F-floor ended
next_speaker outsider                *out
rounds facilitator                   ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      in-t/o  ended
rounds presenter,member,server       F-floor F-floor F-floor F-floor F-floor F-floor F-floor F-floor F-floor F-floor F-floor F-floor ended
rounds outsider                      *out
hand_over facilitator                ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ended
hand_over presenter,member,server    F-hand  F-hand  F-hand  F-hand  F-hand  F-hand  F-hand  F-hand  F-hand  F-hand  F-hand  F-hand  ended
hand_over outsider                   *out
hand_back facilitator                not-yrs not-yrs not-yrs not-yrs not-yrs not-yrs not-yrs not-yrs not-yrs not-yrs not-yrs not-yrs ended
hand_back presenter,member,server    F-take  F-take  F-take  F-take  F-take  F-take  F-take  F-take  F-take  F-take  F-take  F-take  ended
hand_back outsider                   *out
mark_absent facilitator              ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ended
mark_absent presenter,member,server  F-mark  F-mark  F-mark  F-mark  F-mark  F-mark  F-mark  F-mark  F-mark  F-mark  F-mark  F-mark  ended
mark_absent outsider                 *out
mark_present facilitator             ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ended
mark_present presenter,member,server F-mark  F-mark  F-mark  F-mark  F-mark  F-mark  F-mark  F-mark  F-mark  F-mark  F-mark  F-mark  ended
mark_present outsider                *out
end facilitator,server               ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ended
end presenter,member                 F-end   F-end   F-end   F-end   F-end   F-end   F-end   F-end   F-end   F-end   F-end   F-end   ended
end outsider                         *out
offers facilitator,member,server     P-offer P-offer P-offer P-offer P-offer P-offer P-offer P-offer P-offer P-offer P-offer P-offer ended
offers presenter                     P-offer P-offer P-offer ok      ok      ok      late    late    late    P-offer P-offer in-t/o  ended
offers outsider                      *out
raise_hand facilitator,server        M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  ended
raise_hand presenter                 unbegun hands@  hands@  M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  hands@  hands@  M-hand  ended
raise_hand member                    unbegun hands@  hands@  ok      ok      ok      hands@  hands@  hands@  hands@  hands@  in-t/o  ended
raise_hand outsider                  *out
lower_hand facilitator,server        M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  ended
lower_hand presenter                 no-hand no-hand no-hand M-hand  M-hand  M-hand  M-hand  M-hand  M-hand  no-hand no-hand M-hand  ended
lower_hand member                    no-hand no-hand no-hand no-hand no-hand no-hand no-hand no-hand no-hand no-hand no-hand no-hand ended
lower_hand outsider                  *out
done facilitator,server              M-done  M-done  M-done  M-done  M-done  M-done  M-done  M-done  M-done  M-done  M-done  M-done  ended
done presenter                       unbegun ok      ok      M-done  M-done  M-done  M-done  M-done  M-done  ok      ok      M-done  ended
done member                          unbegun no-flr  no-flr  no-flr  no-flr  no-flr  no-flr  no-flr  no-flr  no-flr  no-flr  in-t/o  ended
done outsider                        *out
speak facilitator,presenter          ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ended
speak member                         ok      wait    wait    held-p  raise   raise   ok      held-s  held-a  wait    wait    ok      ended
speak server                         S-talk  S-talk  S-talk  S-talk  S-talk  S-talk  S-talk  S-talk  S-talk  S-talk  S-talk  S-talk  ended
speak outsider                       *out
arrive facilitator,presenter,member  S-only  S-only  S-only  S-only  S-only  S-only  S-only  S-only  S-only  S-only  S-only  S-only  ended
arrive server                        ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ended
arrive outsider                      *out
leave facilitator,presenter,member   S-only  S-only  S-only  S-only  S-only  S-only  S-only  S-only  S-only  S-only  S-only  S-only  ended
leave server                         ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ok      ended
leave outsider                       *out
"""


def parse(text: str) -> dict[tuple[str, str], list[str]]:
    table = {}
    for line in text.strip().splitlines()[1:]:
        name, roles, *cells = line.split()
        row = [cells[0][1:]] * len(COLUMNS) if cells[0].startswith("*") else cells
        table.update({(name, role): row for role in roles.split(",")})
    return table


def test_every_command_in_every_phase_from_every_role():
    expected, actual = parse(EXPECTED), outcomes()
    assert sorted(actual) == sorted(expected)
    wrong = {key: row for key, row in actual.items() if row != expected[key]}
    assert not wrong, "Differs from EXPECTED; now:\n" + render(wrong)


def test_the_legend_is_the_refusals_the_table_meets():
    """Every code in the table is in the legend and every reason in the legend occurs (no dead codes)."""
    used = {cell for row in parse(EXPECTED).values() for cell in row}
    assert used == set(LEGEND)



# --- The clock -----------------------------------------------------------------------------

def test_pause_and_resume_keep_the_remaining_time_to_the_microsecond():
    state = reach("presenting")  # ten minutes from NOW
    running = timedelta(0)
    moments = [at(61.250001), at(75.5), at(80.000003), at(199.999999), at(200), at(200.000001), at(250)]
    last = NOW
    for i, moment in enumerate(moments):
        if i % 2 == 0:
            running += moment - last
            state = ok(state, F, "pause", moment)
        else:
            state = ok(state, F, "resume", moment)
        last = moment
        assert p.remaining(state, moment) == 10 * MINUTE - running
    assert state.clock.paused
    assert p.remaining(state, at(5000)) == 10 * MINUTE - running  # nothing runs down while paused


def test_extend_while_running_and_while_paused():
    state = ok(reach("presenting"), F, "extend", at(30), minutes=5)
    assert p.remaining(state, at(30)) == 15 * MINUTE - timedelta(seconds=30)
    assert state.clock.planned == 15 * MINUTE
    state = ok(state, F, "pause", at(60))
    state = ok(state, F, "extend", at(90), minutes=1)
    assert state.clock.paused and state.clock.planned == 16 * MINUTE
    assert p.remaining(state, at(999)) == 16 * MINUTE - timedelta(seconds=60)


@pytest.mark.parametrize("minutes", [0, 3, -1, 10, True, None])
def test_extend_only_by_one_two_or_five_minutes(minutes):
    assert refused(reach("presenting"), F, "extend", minutes=minutes) == "Extend by 1, 2 or 5 minutes"


def test_overtime_shows_but_never_moves_the_meeting_on():
    state = reach("presenting")
    assert not p.overtime(state, at(600)) and p.remaining(state, at(600)) == timedelta(0)
    assert p.overtime(state, at(601)) and p.remaining(state, at(601)) == timedelta(seconds=-1)
    shown = p.view(state, at(3600), M)
    assert shown["phase"] == "presenting" and shown["clock"]["overtime"] is True
    assert shown["clock"]["remaining_seconds"] == -3000.0
    state = ok(ok(state, F, "pause", at(660)), F, "extend", at(700), minutes=2)  # paused in overtime
    assert p.remaining(state, at(700)) == timedelta(seconds=60)


def test_view_counts_down_from_the_server_clock():
    clock = p.view(reach("presenting"), at(12.3456), M)["clock"]
    assert clock == {"remaining_seconds": 587.654, "overtime": False, "paused": False,
                     "planned_seconds": 600.0, "ends_at": "2026-03-02T09:40:00+00:00"}
    assert p.view(meeting(), NOW, M)["clock"] is None


def test_default_timings_are_within_the_specification_s_typical_minutes():
    typical = {"check_in": (2, 3), "bidding": (1, 1), "presenting": (5, 10), "clarifying": (5, 10),
               "open_questioning": (10, 20), "offers": (0, 5), "summary": (2, 5), "actions": (2, 5),
               "process_review": (10, 15), "check_out": (1, 1), "time_out": (2, 5)}
    defaults = p.Timings().as_dict()
    assert defaults.keys() == typical.keys()
    assert all(low <= defaults[name] <= high for name, (low, high) in typical.items())


def test_turn_phases_are_timed_for_each_member_here():
    state = reach("check_in")  # four members here: P, M, M2, M3 (M4 is marked absent)
    assert state.clock.planned == 4 * 3 * MINUTE
    custom = meeting(timings=p.Timings().override({"check_in": 2, "process_review": 12}))
    assert reach("check_in", custom).clock.planned == 4 * 2 * MINUTE
    assert reach("process_review", custom).clock.planned == 12 * MINUTE


@pytest.mark.parametrize("changes, reason", [
    ({"lunch": 5}, "There is no phase called 'lunch' to time"),
    ({"presenting": -1}, "Minutes must be a whole number from 0 to 180"),
    ({"presenting": 181}, "Minutes must be a whole number from 0 to 180"),
    ({"presenting": 2.5}, "Minutes must be a whole number from 0 to 180"),
    ({"presenting": True}, "Minutes must be a whole number from 0 to 180"),
])
def test_timings_are_checked(changes, reason):
    with pytest.raises(ValueError, match=reason):
        p.Timings().override(changes)


def test_a_phase_visited_again_carries_on_with_the_time_it_had_left():
    state = ok(reach("clarifying"), F, "next", at(100))  # clarifying had 5 minutes, used 100 s
    state = ok(state, F, "back", at(160))
    assert state.phase == "clarifying" and p.remaining(state, at(160)) == 5 * MINUTE - timedelta(seconds=100)
    state = ok(state, F, "next", at(220))  # open questioning had used 60 s
    assert p.remaining(state, at(220)) == 15 * MINUTE - timedelta(seconds=60)


# --- Time-out --------------------------------------------------------------------------------

def test_time_out_returns_to_the_prior_phase_with_its_remaining_time():
    before = ok(reach("open_questioning"), F, "next_speaker")  # M2 has the floor, from the queue
    state = ok(before, F, "time_out", at(100))
    assert p.remaining(state, at(100)) == 3 * MINUTE
    shown = p.view(state, at(100), M)
    assert (shown["label"], shown["interrupted"]["label"]) == ("Time-out", "Open questioning")
    state = ok(ok(ok(state, F, "pause", at(130)), F, "resume", at(150)), F, "extend", at(160), minutes=1)
    assert p.remaining(state, at(160)) == 4 * MINUTE - timedelta(seconds=40)
    state = ok(state, F, "end_time_out", at(400))
    assert (state.phase, state.presenter, state.floor, state.queue) == ("open_questioning", P, M2, ())
    assert not state.clock.paused
    assert p.remaining(state, at(400)) == 15 * MINUTE - timedelta(seconds=100)


def test_a_paused_phase_is_still_paused_after_a_time_out():
    state = ok(reach("presenting"), F, "pause", at(42))
    state = ok(ok(state, F, "time_out", at(50)), F, "end_time_out", at(500))
    assert state.clock.paused and p.remaining(state, at(900)) == 10 * MINUTE - timedelta(seconds=42)


def test_time_outs_add_up_in_the_record():
    state = reach("check_in")
    state = ok(ok(state, F, "time_out", at(10)), F, "end_time_out", at(70))
    state = ok(ok(state, F, "time_out", at(100)), F, "end_time_out", at(400))
    state = ok(state, F, "end", at(500))
    spent = {s.phase: s for s in state.spent}
    assert spent["time_out"].planned == 6 * MINUTE and spent["time_out"].used == timedelta(seconds=360)
    assert spent["check_in"].used == timedelta(seconds=500 - 360)


def test_ending_during_a_time_out_records_the_phase_it_stopped():
    state = ok(ok(reach("presenting"), F, "time_out", at(90)), F, "end", at(150))
    assert state.phase == "closed" and state.interrupted is None
    used = {(s.phase, s.presenter): s.used for s in state.spent}
    assert used[Phase.PRESENTING, P] == timedelta(seconds=90) and used[Phase.TIME_OUT, None] == timedelta(seconds=60)


def test_in_a_time_out_everyone_here_may_speak_and_the_presenter_keeps_their_role():
    state = ok(reach("presenting"), F, "time_out")
    assert p.may_speak(state, M) is True and p.message_kind(state, M) == "plain"
    assert p.role_of(state, P) is Role.PRESENTER


# --- The presenters' loop ----------------------------------------------------------------------

def walk(state) -> list[tuple[str, int | None]]:
    """`next` until the facilitator is refused, noting each phase and its presenter."""
    seen = [(state.phase.value, state.presenter)]
    while not isinstance(result := p.apply(state, Command("next"), state.facilitating, NOW), Refusal):
        state = result
        seen.append((state.phase.value, state.presenter))
    return seen


def slot_of(presenter, offers=False):
    phases = ["presenting", "clarifying", "open_questioning", *(["offers"] if offers else []), "summary", "actions"]
    return [(phase, presenter) for phase in phases]


def test_one_presenter():
    state = ok(reach("bidding"), F, "choose_presenters", presenters=(P,))
    assert walk(state) == [("bidding", None), *slot_of(P), ("process_review", None), ("check_out", None)]


def test_two_presenters_in_the_order_chosen():
    state = ok(reach("bidding"), F, "choose_presenters", presenters=(M2, P))
    assert walk(state) == [("bidding", None), *slot_of(M2), *slot_of(P), ("process_review", None),
                           ("check_out", None)]


def test_back_from_the_second_presenter_returns_to_the_first_one_s_actions():
    state = ok(reach("bidding"), F, "choose_presenters", presenters=(M2, P))
    for _ in range(5):
        state = ok(state, F, "next", at(60))  # through M2's slot to their actions
    state = ok(state, F, "next", at(90))  # M2's actions: 3 minutes, 30 s used
    assert (state.phase, state.presenter) == ("presenting", P)
    assert p.view(state, at(90), M)["step"] == "Presenter 2 of 2"
    state = ok(state, F, "back", at(100))
    assert (state.phase, state.presenter) == ("actions", M2)
    assert p.remaining(state, at(100)) == 3 * MINUTE - timedelta(seconds=30)


def test_more_than_two_presenters_if_the_facilitator_wants():
    state = ok(reach("bidding"), F, "choose_presenters", presenters=(P, M, M2))
    assert [presenter for phase, presenter in walk(state) if phase == "presenting"] == [P, M, M2]


@pytest.mark.parametrize("chosen, timings, reason", [
    ((), None, "Choose at least one presenter"),
    ((P, M, P), None, "Choose each presenter once"),
    ((P, OUT), None, "Only a member of this set can present"),
    ((M4,), None, "That member is marked absent"),
    ((NEW,), None, "Only a member of this set can present"),
    ((P,), {M: {"presenting": 5}}, "Timings were given for someone who is not chosen"),
    ((P,), {P: {"coffee": 5}}, "There is no phase called 'coffee' to time"),
    ((P,), {P: {"presenting": 500}}, "Minutes must be a whole number from 0 to 180"),
])
def test_choosing_presenters_is_checked(chosen, timings, reason):
    assert refused(reach("bidding"), F, "choose_presenters", presenters=chosen, timings=timings) == reason


def test_a_presenter_who_has_left_cannot_be_chosen_or_start():
    state = ok(reach("bidding"), F, "choose_presenters", presenters=(P, M))
    gone = ok(state, SYSTEM, "leave", member=M)
    assert refused(gone, F, "choose_presenters", presenters=(M,)) == "That member is not here"
    at_actions = gone
    for _ in range(5):
        at_actions = ok(at_actions, F, "next")
    assert (at_actions.phase, at_actions.presenter) == ("actions", P)
    assert refused(at_actions, F, "next") == (
        "The next presenter is not here: choose presenters again, or mark them present")
    back = ok(at_actions, SYSTEM, "arrive", member=M)
    assert ok(back, F, "next").presenter == M


def test_choosing_during_the_loop_sets_who_comes_next():
    state = reach("summary")  # P presents
    assert refused(state, F, "choose_presenters", presenters=(P,)) == (
        "A chosen presenter has already presented in this meeting")
    state = ok(state, F, "choose_presenters", presenters=(M3,))
    assert [s.member for s in state.presenters] == [P, M3]
    assert ok(ok(state, F, "next"), F, "next").presenter == M3
    no_more = ok(state, F, "choose_presenters", presenters=())
    assert ok(ok(no_more, F, "next"), F, "next").phase == "process_review"


def test_each_presenter_has_their_own_timings():
    state = ok(reach("bidding"), F, "choose_presenters", presenters=(P, M2), timings={P: {"presenting": 8}})
    first = ok(state, F, "next")
    assert first.clock.planned == 8 * MINUTE
    second = first
    for _ in range(5):
        second = ok(second, F, "next")
    assert second.presenter == M2 and second.clock.planned == 10 * MINUTE


# --- Offers and skipping -----------------------------------------------------------------------

def test_offers_only_when_the_presenter_opts_in():
    assert ok(reach("open_questioning"), F, "next").phase == "summary"
    opted = ok(reach("open_questioning"), P, "offers", on=True)
    state = ok(opted, F, "next")
    assert state.phase == "offers" and p.may_speak(state, M) is True and p.message_kind(state, M) == "offer"
    summary = ok(state, F, "next")
    assert summary.phase == "summary" and ok(summary, F, "back").phase == "offers"


def test_the_presenter_may_change_their_mind_before_summing_up():
    state = ok(ok(reach("presenting"), P, "offers", on=True), P, "offers", on=False)
    assert refused(state, P, "offers", on=False) == "You have already said no to offers"
    assert refused(ok(state, P, "offers", on=True), P, "offers", on=True) == "You have already invited offers"
    assert refused(state, P, "offers", on=None) == "Say whether to invite offers"
    assert walk(state)[2:4] == [("open_questioning", P), ("summary", P)]


def test_skip_passes_over_offers_from_open_questioning_or_from_offers():
    opted = ok(reach("open_questioning"), P, "offers", on=True)
    skipped = ok(opted, F, "skip")
    assert skipped.phase == "summary" and not skipped.presenters[0].offers
    assert ok(skipped, F, "back").phase == "open_questioning"
    assert ok(reach("offers"), F, "skip").phase == "summary"
    assert refused(reach("open_questioning"), F, "skip") == "There is no optional step to skip"


# --- Handing facilitation over -------------------------------------------------------------------

def test_hand_over_and_back():
    state = ok(reach("check_in"), F, "hand_over", member=M3)
    assert p.role_of(state, M3) is Role.FACILITATOR and p.role_of(state, F) is Role.MEMBER
    assert refused(state, F, "next") == "Only the facilitator can move the meeting on"
    state = ok(state, M3, "next")
    assert ok(state, F, "hand_back").facilitating == F          # the facilitator takes it back
    assert ok(state, M3, "hand_back").facilitating == F         # or the member gives it back
    assert refused(state, M, "hand_back") == "Only the facilitator can take facilitation back"


def test_the_facilitator_who_presents_hands_over_for_their_slot():
    state = ok(reach("bidding"), F, "choose_presenters", presenters=(F, P))
    assert refused(state, F, "next") == (
        "The facilitator is presenting: hand facilitation to a member for this slot first")
    state = ok(ok(state, F, "hand_over", member=M), M, "next")
    assert (p.role_of(state, F), p.role_of(state, M)) == (Role.PRESENTER, Role.FACILITATOR)
    reason = "The facilitator is presenting: hand facilitation back after their slot"
    assert refused(state, F, "hand_back") == reason and refused(state, M, "hand_back") == reason
    assert refused(state, M, "hand_over", member=F) == "The presenter cannot facilitate their own slot"
    for _ in range(5):
        state = ok(state, M, "next")
    assert (state.phase, state.presenter) == ("presenting", P) and ok(state, F, "hand_back").facilitating == F


@pytest.mark.parametrize("member, reason", [
    (F, "You are already facilitating"), (M4, "That member is marked absent"),
    (OUT, "Only a member of this set can facilitate"), (None, "Only a member of this set can facilitate"),
    (P, "The presenter cannot facilitate their own slot"),
])
def test_hand_over_is_checked(member, reason):
    assert refused(reach("presenting"), F, "hand_over", member=member) == reason


def test_facilitation_comes_back_only_to_a_facilitator_who_is_here():
    state = ok(ok(reach("bidding"), F, "hand_over", member=M), SYSTEM, "leave", member=F)
    assert refused(state, M, "hand_back") == "The facilitator is not here"
    assert refused(state, M, "mark_absent", member=M) == "The member facilitating cannot be marked absent"


# --- Who is here -------------------------------------------------------------------------------

def test_an_absent_member_cannot_be_given_the_floor_chosen_or_heard():
    state = reach("open_questioning")
    absent = ok(state, F, "mark_absent", member=M)
    assert refused(absent, F, "give_floor", member=M) == "That member is marked absent"
    assert refused(absent, F, "choose_presenters", presenters=(M,)) == "That member is marked absent"
    assert refused(absent, M, "raise_hand") == "The facilitator has marked you absent"
    assert p.may_speak(absent, M).reason == "The facilitator has marked you absent"
    assert p.quorum(absent) == p.Quorum(here=3, needed=3)
    again = ok(absent, F, "mark_present", member=M)
    assert ok(again, F, "give_floor", member=M).floor == M
    assert refused(again, F, "mark_present", member=M) == "That member is not marked absent"
    assert refused(absent, F, "mark_absent", member=M) == "That member is already marked absent"
    assert refused(state, F, "mark_absent", member=F) == "Only members of this set can be marked absent"


def test_coming_back_does_not_undo_the_facilitator_s_absent_mark():
    state = ok(ok(reach("bidding"), F, "mark_absent", member=M), SYSTEM, "leave", member=M)
    state = ok(state, SYSTEM, "arrive", member=M)
    assert M in state.absent and p.may_speak(state, M).reason == "The facilitator has marked you absent"


def test_hands_stay_up_into_questioning_and_are_cleared_after():
    state = ok(reach("presenting"), M, "raise_hand")
    state = ok(ok(state, F, "next"), F, "next")
    assert state.phase == "open_questioning" and state.queue == (M2, M)
    assert ok(state, F, "next").queue == ()


def test_marking_the_speaker_absent_or_their_leaving_moves_the_turn_on():
    state = reach("check_in")
    assert state.floor == P
    assert ok(state, F, "mark_absent", member=P).floor == M
    assert ok(state, SYSTEM, "leave", member=P).floor == M


def test_leaving_takes_a_member_out_of_the_queue_and_off_the_floor():
    state = ok(ok(reach("open_questioning"), M, "raise_hand"), F, "next_speaker")  # M2 speaks, M waits
    gone = ok(ok(state, SYSTEM, "leave", member=M2), SYSTEM, "leave", member=M)
    assert (gone.floor, gone.queue) == (None, ())
    assert ok(reach("presenting"), SYSTEM, "leave", member=P).floor == P  # the presenter's floor stays theirs


def test_only_whole_number_ids_take_part():
    state = reach("presenting")
    assert [p.role_of(state, actor) for actor in (F, True, "1", 1.0, None, [F])] == [Role.FACILITATOR] + [
        Role.OUTSIDER] * 5
    assert refused(state, F, "mark_absent", member=True) == "Only members of this set can be marked absent"
    assert refused(reach("bidding"), F, "choose_presenters", presenters=([P],)) == (
        "Choose presenters by their member ids")
    assert p.apply(state, Command(["next"]), F, NOW) == Refusal("Unknown command")


def test_now_must_be_an_aware_time():
    with pytest.raises(ValueError, match="aware"):
        p.apply(meeting(), Command("start"), F, datetime(2026, 3, 2, 9, 30))


def test_arrive_and_leave_twice_change_nothing():
    state = reach("bidding")
    assert p.apply(state, Command("arrive", member=M), SYSTEM, NOW) is state
    gone = ok(state, SYSTEM, "leave", member=M)
    assert p.apply(gone, Command("leave", member=M), SYSTEM, NOW) is gone
    assert refused(state, SYSTEM, "arrive", member="M") == "Say who arrived"
    assert refused(state, SYSTEM, "leave", member=None) == "Say who left"


def test_someone_new_to_the_set_joins_the_end_of_the_turn_order():
    state = ok(ok(reach("check_in"), SYSTEM, "arrive", member=NEW), F, "give_floor", member=M3)
    assert state.members[-1] == NEW
    assert ok(state, F, "next_speaker").floor == NEW  # after M3 (M4 is absent)
    assert ok(ok(state, F, "next_speaker"), F, "next_speaker").floor == M  # P had the first turn


def test_quorum_is_half_the_set_and_at_least_three():
    assert p.quorum(meeting()) == p.Quorum(here=4, needed=3)
    assert p.new_meeting(F, range(10, 18)).quorum_needed == 4
    assert p.new_meeting(F, [10, 11]).quorum_needed == 2  # never more than the set has
    assert not p.quorum(p.new_meeting(F, [10, 11, 12])).met
    assert p.new_meeting(F, [F, 10, 10, 11]).members == (10, 11)


# --- The floor ---------------------------------------------------------------------------------

def test_each_member_in_turn():
    state = reach("check_in")
    order = [state.floor]
    while not isinstance(result := p.apply(state, Command("next_speaker"), F, NOW), Refusal):
        state = result
        order.append(state.floor)
    assert order == [P, M, M2, M3] and result.reason == "Everyone has had their turn"
    assert ok(reach("check_in"), P, "done").floor == M  # a member may finish their own turn
    late = ok(state, SYSTEM, "arrive", member=NEW)
    assert ok(late, F, "next_speaker").floor == NEW
    assert p.may_speak(ok(state, M3, "done"), M3).reason == (
        "Everyone has had a turn: the facilitator will move the meeting on")


def test_clarifying_questions_one_question_and_one_follow_up_a_turn():
    state = ok(reach("clarifying"), F, "next_speaker")
    assert state.floor == M2
    state = ok(ok(state, M2, "speak"), P, "speak")
    state = ok(state, M2, "speak")
    assert p.may_speak(state, M2).reason == (
        "You have asked a question and a follow-up: raise your hand for another turn")
    assert p.may_speak(state, P) is True and p.may_speak(state, F) is True
    state = ok(ok(state, M2, "raise_hand"), F, "next_speaker")
    assert state.floor == M2 and p.may_speak(state, M2) is True


def test_open_questioning_from_the_queue():
    state = ok(ok(reach("open_questioning"), M, "raise_hand"), M3, "raise_hand")
    assert state.queue == (M2, M, M3)
    assert p.view(state, NOW, M3)["you"]["queue_position"] == 3
    state = ok(state, M, "lower_hand")
    spoken = []
    while not isinstance(result := p.apply(state, Command("next_speaker"), F, NOW), Refusal):
        state = result
        spoken.append(state.floor)
        assert p.may_speak(state, state.floor) is True
        state = ok(ok(state, state.floor, "speak"), state.floor, "speak")  # no limit in open questioning
    assert spoken == [M2, M3] and result.reason == "Nobody is waiting in the queue"
    assert ok(state, M3, "done").floor is None
    assert refused(state, P, "raise_hand") == "Only members who ask questions raise a hand"
    assert refused(state, M3, "raise_hand") == "You have the floor already"


def test_rounds_go_round_everyone_but_the_presenter():
    state = ok(reach("open_questioning"), F, "rounds", on=True)
    seen = [(state.floor, state.round)]
    for _ in range(4):
        state = ok(state, F, "next_speaker")
        seen.append((state.floor, state.round))
    assert seen == [(M, 1), (M2, 1), (M3, 1), (M, 2), (M2, 2)]
    assert ok(state, M2, "done").floor == M3
    assert refused(state, F, "rounds", on=True) == "Rounds are already on"
    off = ok(state, F, "rounds", on=False)
    assert off.floor == M2 and ok(off, M2, "done").floor is None


def test_rounds_carry_on_to_the_next_presenter_and_leave_out_the_member_facilitating():
    state = ok(ok(reach("bidding"), F, "rounds", on=True), F, "choose_presenters", presenters=(P,))
    state = ok(ok(state, F, "hand_over", member=M), M, "next")
    state = ok(state, M, "next")
    assert state.phase == "clarifying" and state.floor == M2  # not P (presenting), not M (facilitating)


@pytest.mark.parametrize("phase, member_kind, presenter_kind", [
    ("lobby", "plain", "plain"), ("check_in", "check_in", "check_in"), ("bidding", "bid", "bid"),
    ("presenting", "plain", "plain"), ("clarifying", "question", "answer"),
    ("open_questioning", "question", "answer"), ("offers", "offer", "answer"), ("summary", "plain", "summary"),
    ("actions", "plain", "action"), ("process_review", "review", "review"), ("check_out", "check_out", "check_out"),
    ("time_out", "plain", "plain"), ("closed", "plain", "plain"),
])
def test_what_a_message_is(phase, member_kind, presenter_kind):
    state = reach(phase)
    assert (p.message_kind(state, M), p.message_kind(state, P), p.message_kind(state, F)) == (
        member_kind, presenter_kind, "plain")


# --- The end -----------------------------------------------------------------------------------

@pytest.mark.parametrize("phase", COLUMNS[:-1])
def test_end_from_any_phase(phase):
    state = ok(reach(phase), F, "end", at(75))
    assert (state.phase, state.clock, state.floor, state.ended_at) == ("closed", None, None, at(75))
    if phase != "lobby":
        assert state.spent and state.spent[-1].used >= timedelta(seconds=75) - 3 * MINUTE
    assert p.may_speak(state, F).reason == "The meeting has ended"
    assert p.view(state, at(80), F)["you"]["controls"] == []


def test_the_record_keeps_planned_and_used_time_per_phase_and_presenter():
    state = ok(reach("bidding"), F, "choose_presenters", presenters=(P, M2))
    for second in range(1, 13):
        state = ok(state, F, "next", at(60 * second))
    state = ok(state, F, "end", at(13 * 60))
    assert [(s.phase.value, s.presenter) for s in state.spent] == [
        ("check_in", None), ("bidding", None), *slot_of(P), *slot_of(M2), ("process_review", None),
        ("check_out", None)]
    assert {s.used for s in state.spent[1:]} == {MINUTE} and state.spent[0].used == timedelta(0)


# --- Stored and sent: to_dict / from_dict, parse_command, view --------------------------------

def random_walk(seed: int, steps: int):
    """States a meeting passes through under random commands from random people at random times,
    arguments sometimes nonsense: every state reached must be consistent and survive storage."""
    rng = random.Random(seed)
    state, when = meeting(), NOW
    names = list(CASES)
    weights = [{"start": 6, "next": 14, "end": 0.1, "speak": 3, "raise_hand": 4, "lower_hand": 2, "next_speaker": 2,
                "choose_presenters": 3, "time_out": 0.5, "end_time_out": 3, "offers": 10, "skip": 8}.get(name, 1)
               for name in names]
    for _ in range(steps):
        name = rng.choices(names, weights)[0]
        pool = sorted(m for m in state.members if m in state.present - state.absent) if rng.random() < 0.8 else [
            F, P, M, M2, M3, M4, NEW]
        chosen = tuple(rng.sample(pool, min(len(pool), rng.randint(0, 3))))
        command = Command(
            name, member=rng.choice([F, P, M, M2, M3, M4, NEW, OUT, None, True]), minutes=rng.choice([1, 2, 5, 3]),
            on=rng.choice([True, False, None]), presenters=chosen,
            timings=rng.choice([None, {chosen[0]: {"presenting": rng.randint(0, 20)}}]) if chosen else None)
        actor = state.facilitating if rng.random() < 0.5 else rng.choice(
            [F, P, M, M2, M3, M4, OUT, SYSTEM, True, str(F), None])
        likely = {"arrive": SYSTEM, "leave": SYSTEM, "end": SYSTEM, "lower_hand": state.queue[:1] and state.queue[0],
                  "raise_hand": rng.choice([M, M2, M3]), "done": state.floor, "speak": state.floor,
                  "offers": state.presenter, "hand_back": F}.get(name)
        if likely and rng.random() < 0.7:  # steer the walk to people for whom the command can work
            actor = likely
        when += timedelta(microseconds=rng.randint(0, 90_000_000))
        result = p.apply(state, command, actor, when)
        if not isinstance(result, Refusal):
            state = result
        yield state, when, name, result


def test_generated_states_are_consistent_and_survive_json_storage():
    phases, accepted = set(), set()
    for seed in range(40):
        for step, (state, when, name, result) in enumerate(random_walk(seed, 100)):
            assert p.inconsistency(state) is None, (seed, step, name)
            assert p.from_dict(json.loads(json.dumps(p.to_dict(state)))) == state, (seed, step, name)
            if step % 7 == 0:
                json.dumps(p.view(state, when, state.facilitating))
                json.dumps(p.view(state, when, M))
            phases.add(state.phase)
            if not isinstance(result, Refusal):
                accepted.add(name)
    assert phases == set(Phase)  # the walks reach every phase...
    assert accepted == set(CASES)  # ...and every command is accepted somewhere


def test_to_dict_is_plain_json_data():
    stored = p.to_dict(ok(reach("time_out"), F, "pause", at(12.5)))
    assert stored["phase"] == "time_out" and stored["interrupted"]["phase"] == "open_questioning"
    assert stored["clock"] == {"planned_us": 180_000_000, "ends_at": None, "left_us": 167_500_000}
    assert json.loads(json.dumps(stored)) == stored


def _broken(change) -> dict:
    data = json.loads(json.dumps(p.to_dict(reach("presenting"))))
    change(data)
    return data


@pytest.mark.parametrize("change", [
    lambda d: d.update(v=2),
    lambda d: d.update(facilitator=True),
    lambda d: d.update(started_at="2026-03-02T09:30:00"),
    lambda d: d.update(slot=None),
    lambda d: d.update(slot=3),
    lambda d: d.update(phase="dancing"),
    lambda d: d["clock"].update(left_us=5),
    lambda d: d.pop("queue"),
    lambda d: d.update(interrupted={"phase": "presenting", "clock": d["clock"], "running": True}),
    lambda d: d.update(members=[2, 2, 3]),
    lambda d: d["timings"].update(presenting=-4),
])
def test_from_dict_refuses_what_to_dict_would_not_write(change):
    with pytest.raises(ValueError):
        p.from_dict(_broken(change))


@pytest.mark.parametrize("junk", [None, [], "state", {"v": 1}])
def test_from_dict_refuses_junk(junk):
    with pytest.raises(ValueError):
        p.from_dict(junk)


@pytest.mark.parametrize("payload, command", [
    ({"command": "next"}, Command("next")),
    ({"command": "extend", "minutes": 2}, Command("extend", minutes=2)),
    ({"command": "rounds", "on": False}, Command("rounds", on=False)),
    ({"command": "give_floor", "member": 7}, Command("give_floor", member=7)),
    ({"command": "choose_presenters", "presenters": [2, 4], "timings": {"2": {"presenting": 8}}},
     Command("choose_presenters", presenters=(2, 4), timings={2: {"presenting": 8}})),
])
def test_parse_command(payload, command):
    assert p.parse_command(payload) == command


@pytest.mark.parametrize("payload, reason", [
    ("next", "A command is an object with a few fields"),
    ({"command": "next", "a": 1, "b": 2, "c": 3, "d": 4}, "A command is an object with a few fields"),
    ({}, "Unknown command"), ({"command": "fly"}, "Unknown command"), ({"command": 3}, "Unknown command"),
    ({"command": "speak"}, "Unknown command"), ({"command": "arrive", "member": 2}, "Unknown command"),
    ({"command": "extend"}, "The extend command takes minutes"),
    ({"command": "next", "member": 3}, "The next command takes no other fields"),
    ({"command": "give_floor", "member": "3"}, "Say which member, by their id"),
    ({"command": "give_floor", "member": True}, "Say which member, by their id"),
    ({"command": "give_floor", "member": -1}, "Say which member, by their id"),
    ({"command": "give_floor", "member": 2**70}, "Say which member, by their id"),
    ({"command": "rounds", "on": "yes"}, "Say on (true) or off (false)"),
    ({"command": "extend", "minutes": 2.0}, "Minutes are a whole number"),
    ({"command": "choose_presenters", "presenters": "2,3"}, "Presenters are a list of at most 20 member ids"),
    ({"command": "choose_presenters", "presenters": list(range(1, 22))},
     "Presenters are a list of at most 20 member ids"),
    ({"command": "choose_presenters", "presenters": [2], "timings": {"two": {}}},
     "Timings are an object of member ids to minutes per phase"),
    ({"command": "choose_presenters", "presenters": [2], "timings": {"2": 5}},
     "Timings are an object of member ids to minutes per phase"),
    ({"command": "choose_presenters", "presenters": [2], "timings": []},
     "Timings are an object of member ids to minutes per phase"),
])
def test_parse_command_refuses_wrong_shapes(payload, reason):
    assert p.parse_command(payload) == Refusal(reason)


def test_minutes_of_the_wrong_type_are_refused_when_applied():
    command = p.parse_command({"command": "choose_presenters", "presenters": [P],
                               "timings": {str(P): {"presenting": "8"}}})
    assert p.apply(reach("bidding"), command, F, NOW) == Refusal("Minutes must be a whole number from 0 to 180")


def test_view_offers_each_person_their_own_controls():
    state = reach("presenting")
    member, presenter, facilitator = (p.view(state, NOW, who)["you"] for who in (M, P, F))
    assert member["controls"] == ["raise_hand"] and member["kind"] == "plain"
    assert member["held_back"] == "The presenter has the floor: your message is held back until questions open"
    assert presenter == {"role": "presenter", "may_speak": True, "held_back": None, "kind": "plain",
                         "hand_raised": False, "queue_position": None, "has_floor": True, "controls": ["offers"]}
    assert facilitator["controls"] == ["next", "back", "pause", "time_out", "end", "extend", "choose_presenters",
                                       "rounds", "hand_over", "mark_absent", "mark_present"]
    paused = p.view(ok(state, F, "pause"), NOW, F)["you"]["controls"]
    assert "resume" in paused and "pause" not in paused
    stranger = p.view(state, NOW, OUT)["you"]
    assert (stranger["role"], stranger["may_speak"], stranger["controls"]) == ("outsider", False, [])


def test_view_of_the_whole_room():
    shown = p.view(ok(reach("clarifying"), F, "next_speaker"), at(30), M)
    assert {key: shown[key] for key in ("phase", "label", "step", "presenter", "floor", "floor_rule", "queue",
                                        "present", "absent", "quorum", "facilitator")} == {
        "phase": "clarifying", "label": "Clarifying questions", "step": "Presenter 1 of 1", "presenter": P,
        "floor": M2, "floor_rule": "One question and one follow-up a turn, from the queue", "queue": [],
        "present": [F, P, M, M2, M3, M4], "absent": [M4], "quorum": {"here": 4, "needed": 3, "met": True},
        "facilitator": F}


# --- Pure and quick ------------------------------------------------------------------------------

ROOMS = Path(__file__).resolve().parents[2] / "community" / "rooms"


@pytest.mark.parametrize("path", sorted((ROOMS / "process").glob("*.py")) + [ROOMS / "nudge.py"],
                         ids=lambda path: path.name)
def test_the_core_imports_only_the_standard_library(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            assert node.level == 1 and path.parent.name == "process", f"{path.name} reaches outside the package"
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module]
            for name in names:
                assert name.split(".")[0] in sys.stdlib_module_names | {"__future__"}, name


def test_a_transition_takes_microseconds():
    state = ok(ok(reach("open_questioning"), M, "raise_hand"), F, "next_speaker")
    commands = [(F, Command("back")), (F, Command("next")), (M3, Command("raise_hand")), (M3, Command("lower_hand")),
                (M2, Command("speak")), (F, Command("extend", minutes=1))]
    count = 0
    started = time.perf_counter()
    for _ in range(2000):
        for actor, command in commands:
            result = p.apply(state, command, actor, NOW)
            state = state if isinstance(result, Refusal) else result
            count += 1
    each = (time.perf_counter() - started) / count
    assert each < 200e-6, f"{each * 1e6:.0f} µs a transition"


if __name__ == "__main__":
    print(render(outcomes()))
