"""Moving between phases: the order of the meeting, each phase's clock, time-outs and the end."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from .floor import open_floor
from .state import (EACH, HAND_PHASES, SLOT_PHASES, Clock, Interrupted, Phase, Refusal, Spent, State,
                    Timings, evolve, here)

Target = tuple[Phase, int | None]

NO_PRESENTER: Final = "There is no presenter chosen yet"
_AFTER: Final = {
    Phase.CHECK_IN: Phase.BIDDING, Phase.PRESENTING: Phase.CLARIFYING,
    Phase.CLARIFYING: Phase.OPEN_QUESTIONING, Phase.OFFERS: Phase.SUMMARY, Phase.SUMMARY: Phase.ACTIONS,
    Phase.PROCESS_REVIEW: Phase.CHECK_OUT,
}
_BEFORE: Final = {
    Phase.BIDDING: Phase.CHECK_IN, Phase.CLARIFYING: Phase.PRESENTING,
    Phase.OPEN_QUESTIONING: Phase.CLARIFYING, Phase.OFFERS: Phase.OPEN_QUESTIONING,
    Phase.ACTIONS: Phase.SUMMARY, Phase.CHECK_OUT: Phase.PROCESS_REVIEW,
}


def following(state: State) -> Target | Refusal:
    """Where `next` goes from here, or why it cannot."""
    phase, slot = state.phase, state.slot
    if phase is Phase.LOBBY:
        return Refusal("Start the meeting first")
    if phase is Phase.CHECK_OUT:
        return Refusal("Check-out is the last step: end the meeting to close it")
    if phase is Phase.BIDDING:
        return _slot_start(state, 0) if state.presenters else Refusal(NO_PRESENTER)
    if phase is Phase.OPEN_QUESTIONING:
        return (Phase.OFFERS if state.presenters[slot].offers else Phase.SUMMARY), slot
    if phase is Phase.ACTIONS:
        if slot + 1 < len(state.presenters):
            return _slot_start(state, slot + 1)
        return Phase.PROCESS_REVIEW, None
    return _AFTER[phase], slot


def preceding(state: State) -> Target | Refusal:
    """Where `back` goes from here, or why it cannot."""
    phase, slot = state.phase, state.slot
    if phase is Phase.CHECK_IN:
        return Refusal("Check-in is the first step: there is nothing to go back to")
    if phase is Phase.PRESENTING:
        return (Phase.BIDDING, None) if slot == 0 else (Phase.ACTIONS, slot - 1)
    if phase is Phase.SUMMARY:
        return (Phase.OFFERS if state.presenters[slot].offers else Phase.OPEN_QUESTIONING), slot
    if phase is Phase.PROCESS_REVIEW:
        return Phase.ACTIONS, len(state.presenters) - 1
    return _BEFORE[phase], slot


def _slot_start(state: State, slot: int) -> Target | Refusal:
    presenter = state.presenters[slot].member
    if not here(state, presenter):
        return Refusal("The next presenter is not here: choose presenters again, or mark them present")
    return Phase.PRESENTING, slot


def enter(state: State, target: Target, now: datetime) -> State | Refusal:
    """Leave the current phase (keeping its time) and begin `target` with its clock and floor."""
    phase, slot = target
    presenter = None if slot is None else state.presenters[slot].member
    if presenter is not None and presenter == state.facilitating:
        return Refusal("The facilitator is presenting: hand facilitation to a member for this slot first")
    keep_hands = state.phase in HAND_PHASES and phase in HAND_PHASES and state.slot == slot
    timings = state.timings if slot is None else state.presenters[slot].timings
    # One copy of the state, not one per change: copying is most of a transition's cost.
    return open_floor(evolve(
        state, phase=phase, slot=slot, spent=_spent_after(state, now), queue=state.queue if keep_hands else (),
        clock=_clock_for(state, phase, presenter, timings, now), floor=None, said=0, turns=frozenset(), round=0))


def _clock_for(state: State, phase: Phase, presenter: int | None, timings: Timings, now: datetime) -> Clock:
    """A phase visited before carries on with its time left; a new one gets its planned time."""
    for spent in state.spent:
        if spent.phase is phase and spent.presenter == presenter:
            return Clock.start(spent.planned, spent.planned - spent.used, now)
    minutes = timings.minutes(phase)
    if phase in EACH:
        minutes *= max(1, sum(1 for m in state.members if here(state, m)))
    planned = timedelta(minutes=minutes)
    return Clock.start(planned, planned, now)


def record(state: State, now: datetime) -> State:
    return evolve(state, spent=_spent_after(state, now))


def _spent_after(state: State, now: datetime) -> tuple[Spent, ...]:
    """`spent` with the current phase's planned and used time noted (time-outs add up)."""
    if state.clock is None or state.phase is Phase.LOBBY:
        return state.spent
    presenter = state.presenter if state.phase in SLOT_PHASES else None
    planned, used = state.clock.planned, state.clock.planned - state.clock.remaining(now)
    spent = list(state.spent)
    for i, old in enumerate(spent):
        if old.phase is state.phase and old.presenter == presenter:
            if state.phase is Phase.TIME_OUT:
                planned, used = old.planned + planned, old.used + used
            spent[i] = Spent(state.phase, presenter, planned, used)
            return tuple(spent)
    return (*spent, Spent(state.phase, presenter, planned, used))


def call_time_out(state: State, now: datetime) -> State:
    """Stop the phase's clock where it is and run the time-out's own."""
    clock = state.clock
    held = Interrupted(state.phase, clock if clock.paused else clock.pause(now), running=not clock.paused)
    planned = timedelta(minutes=state.timings.time_out)
    return evolve(state, phase=Phase.TIME_OUT, clock=Clock.start(planned, planned, now), interrupted=held)


def end_time_out(state: State, now: datetime) -> State:
    """Back to the interrupted phase with the time it had left, running again if it was running."""
    state = record(state, now)
    held = state.interrupted
    clock = held.clock.resume(now) if held.running else held.clock
    return evolve(state, phase=held.phase, clock=clock, interrupted=None)


def close(state: State, now: datetime) -> State:
    """The end: every phase's time noted, nobody holds the floor, the clock stops."""
    if state.phase is Phase.TIME_OUT:
        state = end_time_out(state, now)
    state = record(state, now)
    return evolve(state, phase=Phase.CLOSED, clock=None, slot=None, floor=None, said=0, queue=(),
                  turns=frozenset(), ended_at=now)
