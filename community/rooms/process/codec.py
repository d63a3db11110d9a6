"""The state as JSON-safe data (for a database column) and back; commands from clients' payloads.

Times are ISO 8601 strings with their offset; durations are whole microseconds (`*_us`), so a
state read back is equal to the one written, to the microsecond.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from .commands import RULES, SERVER_COMMANDS, Command
from .state import (HAND_PHASES, OPEN_PHASES, SLOT_PHASES, Clock, Interrupted, Phase, Refusal, Slot, Spent,
                    State, Timings)

VERSION: Final = 1
_US: Final = timedelta(microseconds=1)
MAX_PRESENTERS: Final = 20


def to_dict(state: State) -> dict[str, Any]:
    return {
        "v": VERSION, "phase": state.phase.value,
        "facilitator": state.facilitator, "facilitating": state.facilitating,
        "members": list(state.members), "timings": state.timings.as_dict(),
        "quorum_needed": state.quorum_needed,
        "present": sorted(state.present), "absent": sorted(state.absent),
        "clock": _clock_out(state.clock),
        "presenters": [{"member": s.member, "offers": s.offers, "timings": s.timings.as_dict()}
                       for s in state.presenters],
        "slot": state.slot, "floor": state.floor, "said": state.said, "turns": sorted(state.turns),
        "round": state.round, "queue": list(state.queue), "rounds": state.rounds,
        "interrupted": None if state.interrupted is None else {
            "phase": state.interrupted.phase.value, "clock": _clock_out(state.interrupted.clock),
            "running": state.interrupted.running},
        "spent": [{"phase": s.phase.value, "presenter": s.presenter, "planned_us": s.planned // _US,
                   "used_us": s.used // _US} for s in state.spent],
        "started_at": _time_out(state.started_at), "ended_at": _time_out(state.ended_at),
    }


def from_dict(data: Mapping[str, Any]) -> State:
    """The state `to_dict` wrote; ValueError if the data is not one (wrong version, shape or rules)."""
    try:
        state = _read(data)
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"Not a stored meeting state: {error!r}") from None
    problem = inconsistency(state)
    if problem:
        raise ValueError(f"Not a consistent meeting state: {problem}")
    return state


def _read(d: Mapping[str, Any]) -> State:
    if d["v"] != VERSION:
        raise ValueError(f"Unknown meeting state version {d['v']!r}")
    interrupted = d["interrupted"]
    return State(
        facilitator=_int(d["facilitator"]), facilitating=_int(d["facilitating"]),
        members=tuple(map(_int, d["members"])), timings=_timings(d["timings"]),
        quorum_needed=_int(d["quorum_needed"]), phase=Phase(d["phase"]),
        present=frozenset(map(_int, d["present"])), absent=frozenset(map(_int, d["absent"])),
        clock=_clock_in(d["clock"]),
        presenters=tuple(Slot(_int(s["member"]), _timings(s["timings"]), _bool(s["offers"]))
                         for s in d["presenters"]),
        slot=_opt_int(d["slot"]), floor=_opt_int(d["floor"]), said=_int(d["said"]),
        turns=frozenset(map(_int, d["turns"])), round=_int(d["round"]), queue=tuple(map(_int, d["queue"])),
        rounds=_bool(d["rounds"]),
        interrupted=None if interrupted is None else Interrupted(
            Phase(interrupted["phase"]), _clock_in(interrupted["clock"]), _bool(interrupted["running"])),
        spent=tuple(Spent(Phase(s["phase"]), _opt_int(s["presenter"]), _us(s["planned_us"]), _us(s["used_us"]))
                    for s in d["spent"]),
        started_at=_time_in(d["started_at"]), ended_at=_time_in(d["ended_at"]),
    )


def inconsistency(state: State) -> str | None:
    """What breaks the machine's own rules in this state, or None. Used on reading and in tests."""
    phase = state.phase
    # A time-out keeps the slot, floor and queue of the phase it stopped.
    underway = state.interrupted.phase if state.interrupted is not None else phase
    checks = (
        ((underway in SLOT_PHASES) != (state.slot is not None), "a presenter's phase goes with a slot"),
        (state.slot is not None and not 0 <= state.slot < len(state.presenters), "slot out of range"),
        ((phase in (Phase.LOBBY, Phase.CLOSED)) != (state.clock is None), "clock only while running"),
        ((phase is Phase.TIME_OUT) != (state.interrupted is not None), "a time-out keeps what it stopped"),
        (state.interrupted is not None and not state.interrupted.clock.paused, "held clock must be paused"),
        (len(set(state.members)) != len(state.members), "members repeat"),
        (state.facilitator in state.members, "the facilitator is not a member"),
        (len({s.member for s in state.presenters}) != len(state.presenters), "presenters repeat"),
        (len(set(state.queue)) != len(state.queue), "queue repeats"),
        (bool(state.queue) and underway not in HAND_PHASES, "hands outside questioning"),
        (phase not in OPEN_PHASES and state.floor is not None, "floor after the end"),
    )
    return next((message for broken, message in checks if broken), None)


def _clock_out(clock: Clock | None) -> dict[str, Any] | None:
    if clock is None:
        return None
    return {"planned_us": clock.planned // _US, "ends_at": _time_out(clock.ends_at),
            "left_us": None if clock.left is None else clock.left // _US}


def _clock_in(data: Mapping[str, Any] | None) -> Clock | None:
    if data is None:
        return None
    ends_at, left = _time_in(data["ends_at"]), data["left_us"]
    if (ends_at is None) == (left is None):
        raise ValueError("A clock is either running or paused")
    return Clock(_us(data["planned_us"]), ends_at, None if left is None else _us(left))


def _timings(data: Mapping[str, Any]) -> Timings:
    return Timings().override(dict(data))


def _int(value: Any) -> int:
    if type(value) is not int:
        raise ValueError(f"Expected a whole number, not {value!r:.40}")
    return value


def _opt_int(value: Any) -> int | None:
    return None if value is None else _int(value)


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise ValueError(f"Expected true or false, not {value!r:.40}")
    return value


def _us(value: Any) -> timedelta:
    return timedelta(microseconds=_int(value))


def _time_out(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _time_in(value: Any) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    if moment.utcoffset() is None:
        raise ValueError("Stored times carry their offset")
    return moment


_ARGUMENTS: Final = {
    "give_floor": {"member"}, "hand_over": {"member"}, "mark_absent": {"member"}, "mark_present": {"member"},
    "extend": {"minutes"}, "rounds": {"on"}, "offers": {"on"},
    "choose_presenters": {"presenters"},
}


def parse_command(payload: Any) -> Command | Refusal:
    """A Command from a client's JSON (`{"command": "extend", "minutes": 2}`), checked for shape only.

    Clients cannot send the server's own commands (speak, arrive, leave).
    """
    if not isinstance(payload, Mapping) or len(payload) > 4:
        return Refusal("A command is an object with a few fields")
    name = payload.get("command")
    if not isinstance(name, str) or name not in RULES or name in SERVER_COMMANDS:
        return Refusal("Unknown command")
    needed = _ARGUMENTS.get(name, set())
    allowed = needed | {"command"} | ({"timings"} if name == "choose_presenters" else set())
    if not needed <= payload.keys() or not payload.keys() <= allowed:
        wanted = ", ".join(sorted(needed)) or "no other fields"
        return Refusal(f"The {name.replace('_', ' ')} command takes {wanted}")
    try:
        return Command(name, **{key: _ARGUMENT_READERS[key](payload[key]) for key in payload.keys() - {"command"}})
    except (ValueError, TypeError, AttributeError) as error:
        return Refusal(str(error) if isinstance(error, ValueError) else "A field has the wrong type")


def _member_arg(value: Any) -> int:
    if type(value) is not int or not 0 < value < 2**63:
        raise ValueError("Say which member, by their id")
    return value


def _minutes_arg(value: Any) -> int:
    if type(value) is not int:
        raise ValueError("Minutes are a whole number")
    return value


def _on_arg(value: Any) -> bool:
    if type(value) is not bool:
        raise ValueError("Say on (true) or off (false)")
    return value


def _presenters_arg(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or len(value) > MAX_PRESENTERS:
        raise ValueError(f"Presenters are a list of at most {MAX_PRESENTERS} member ids")
    return tuple(_member_arg(v) for v in value)


def _timings_arg(value: Any) -> dict[int, dict[str, int]]:
    """`{"12": {"presenting": 8}}`: JSON object keys are strings, so member ids arrive as text."""
    if not isinstance(value, Mapping) or len(value) > MAX_PRESENTERS:
        raise ValueError("Timings are an object of member ids to minutes per phase")
    out = {}
    for key, minutes in value.items():
        if not isinstance(key, str) or not key.isascii() or not key.isdigit() or len(key) > 18:
            raise ValueError("Timings are an object of member ids to minutes per phase")
        if not isinstance(minutes, Mapping) or len(minutes) > len(Timings.__slots__):
            raise ValueError("Timings are an object of member ids to minutes per phase")
        out[int(key)] = dict(minutes)
    return out


_ARGUMENT_READERS: Final = {"member": _member_arg, "minutes": _minutes_arg, "on": _on_arg,
                            "presenters": _presenters_arg, "timings": _timings_arg}
