"""What a client renders: the state at `now`, as one viewer may act on it. JSON-safe."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from .commands import RULES, Command, apply, gate
from .floor import floor_rule, may_speak, message_kind
from .state import LABELS, Actor, Clock, Refusal, State, quorum, role_of

# Commands a client sends with no arguments: the view says whether each would be accepted now.
_PLAIN: Final = ("start", "next", "back", "skip", "pause", "resume", "time_out", "end_time_out",
                 "next_speaker", "hand_back", "end", "raise_hand", "lower_hand", "done")
# Commands that take arguments: the view says whether the role and phase allow them.
_WITH_ARGUMENTS: Final = ("extend", "choose_presenters", "give_floor", "rounds", "hand_over",
                          "mark_absent", "mark_present", "offers")


def view(state: State, now: datetime, viewer: Actor) -> dict[str, Any]:
    """The room as `viewer` sees it at `now`. Clients count down from `clock.remaining_seconds`."""
    meeting_quorum = quorum(state)
    return {
        "phase": state.phase.value, "label": LABELS[state.phase],
        "interrupted": None if state.interrupted is None else {
            "phase": state.interrupted.phase.value, "label": LABELS[state.interrupted.phase]},
        "step": _step(state),
        "presenter": state.presenter,
        "presenters": [{"member": s.member, "offers": s.offers} for s in state.presenters],
        "facilitator": state.facilitating, "set_facilitator": state.facilitator,
        "floor": state.floor, "floor_rule": floor_rule(state),
        "queue": list(state.queue), "rounds": state.rounds, "round": state.round,
        "clock": _clock(state.clock, now),
        "present": sorted(state.present), "absent": sorted(state.absent),
        "quorum": {"here": meeting_quorum.here, "needed": meeting_quorum.needed, "met": meeting_quorum.met},
        "started_at": _iso(state.started_at), "ended_at": _iso(state.ended_at),
        "you": _you(state, now, viewer),
    }


def _step(state: State) -> str | None:
    """"Presenter 1 of 2" during the presenters' part; None elsewhere."""
    if state.slot is None:
        return None
    return f"Presenter {state.slot + 1} of {len(state.presenters)}"


def _clock(clock: Clock | None, now: datetime) -> dict[str, Any] | None:
    if clock is None:
        return None
    left = clock.remaining(now).total_seconds()
    return {
        "remaining_seconds": round(left, 3), "overtime": left < 0, "paused": clock.paused,
        "planned_seconds": round(clock.planned.total_seconds(), 3), "ends_at": _iso(clock.ends_at),
    }


def _you(state: State, now: datetime, viewer: Actor) -> dict[str, Any]:
    verdict = may_speak(state, viewer)
    return {
        "role": role_of(state, viewer).value,
        "may_speak": verdict is True,
        "held_back": None if verdict is True else verdict.reason,
        "kind": message_kind(state, viewer),
        "hand_raised": viewer in state.queue,
        "queue_position": state.queue.index(viewer) + 1 if viewer in state.queue else None,
        "has_floor": viewer == state.floor,
        "controls": controls(state, now, viewer),
    }


def controls(state: State, now: datetime, actor: Actor) -> list[str]:
    """The commands `actor` could use now: those without arguments that would be accepted, and
    those with arguments whose role and phase allow them (the arguments are checked when sent)."""
    usable = [name for name in _PLAIN if not isinstance(apply(state, Command(name), actor, now), Refusal)]
    usable += [name for name in _WITH_ARGUMENTS if gate(RULES[name], state, actor) is None]
    return usable


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
