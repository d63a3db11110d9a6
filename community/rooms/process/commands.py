"""Commands: who may issue each, in which phases, and what it does. `apply` is the one entry point."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Final

from . import people
from .floor import ENDED, NOT_IN, advance, give, may_speak
from .flow import call_time_out, close, end_time_out, enter, following, preceding
from .state import (HAND_PHASES, OPEN_PHASES, PRESENTER_FLOOR, QUESTIONING, QUESTIONS_A_TURN, SLOT_PHASES,
                    TURN_PHASES, Actor, Phase, Refusal, Role, State, evolve, here, role_of)

NOT_STARTED: Final = "The meeting has not started yet"
IN_TIME_OUT: Final = "The meeting is in a time-out: end the time-out first"
EXTENSIONS: Final = (1, 2, 5)
F, P, M, S = Role.FACILITATOR, Role.PRESENTER, Role.MEMBER, Role.SYSTEM


@dataclass(frozen=True, slots=True)
class Command:
    """A command and its arguments; build it directly or from a client's payload (`parse_command`)."""
    name: str
    member: int | None = None        # give_floor, hand_over, mark_absent, mark_present, arrive, leave
    minutes: int | None = None       # extend
    on: bool | None = None           # rounds, offers
    presenters: tuple[int, ...] = ()  # choose_presenters, in order
    timings: Mapping[int, Mapping[str, int]] | None = None  # choose_presenters: per-presenter minutes


Handler = Callable[[State, Command, Actor, datetime], "State | Refusal"]


@dataclass(frozen=True, slots=True)
class Rule:
    roles: frozenset[Role]
    role_reason: str
    handler: Handler
    where: frozenset[Phase] = OPEN_PHASES   # phases the command works in
    elsewhere: Mapping[Phase | None, str] | str = NOT_STARTED  # why not, outside them (None: default)
    in_time_out: bool = False


def apply(state: State, command: Command, actor: Actor, now: datetime) -> State | Refusal:
    """The state after `actor` issues `command` at `now` (an aware UTC datetime), or a Refusal.

    A command that changes nothing returns the very same state object, so callers can skip writing.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be an aware datetime (UTC), as every stored time is")
    rule = RULES.get(command.name) if isinstance(command.name, str) else None
    if rule is None:
        return Refusal("Unknown command")
    reason = gate(rule, state, actor)
    return Refusal(reason) if reason else rule.handler(state, command, actor, now)


def gate(rule: Rule, state: State, actor: Actor) -> str | None:
    """Why the actor may not use this command now, whatever its arguments: not part of the
    meeting, the meeting has ended, not their role, a time-out, the wrong phase. None if they may."""
    role = role_of(state, actor)
    if role is Role.OUTSIDER:
        return NOT_IN
    if state.phase is Phase.CLOSED:
        return ENDED
    if role not in rule.roles:
        return rule.role_reason
    if state.phase is Phase.TIME_OUT and not rule.in_time_out:
        return IN_TIME_OUT
    if state.phase not in rule.where:
        reasons = rule.elsewhere if isinstance(rule.elsewhere, Mapping) else {None: rule.elsewhere}
        default = NOT_STARTED if state.phase is Phase.LOBBY else reasons[None]
        return reasons.get(state.phase, default)
    return None


def _start(state, command, actor, now):
    return enter(evolve(state, started_at=now), (Phase.CHECK_IN, None), now)


def _next(state, command, actor, now):
    target = following(state)
    return target if isinstance(target, Refusal) else enter(state, target, now)


def _back(state, command, actor, now):
    target = preceding(state)
    return target if isinstance(target, Refusal) else enter(state, target, now)


def _extend(state, command, actor, now):
    if command.minutes not in EXTENSIONS or type(command.minutes) is not int:
        return Refusal("Extend by 1, 2 or 5 minutes")
    return evolve(state, clock=state.clock.extend(timedelta(minutes=command.minutes)))


def _pause(state, command, actor, now):
    if state.clock.paused:
        return Refusal("The clock is already paused")
    return evolve(state, clock=state.clock.pause(now))


def _resume(state, command, actor, now):
    if not state.clock.paused:
        return Refusal("The clock is not paused")
    return evolve(state, clock=state.clock.resume(now))


def _time_out(state, command, actor, now):
    if state.phase is Phase.TIME_OUT:
        return Refusal("The meeting is already in a time-out")
    return call_time_out(state, now)


def _end_time_out(state, command, actor, now):
    return end_time_out(state, now)


def _end(state, command, actor, now):
    return close(state, now)


def _give_floor(state, command, actor, now):
    member = command.member
    reason = people.check(state, member, "be given the floor")
    if reason:
        return Refusal(reason)
    if state.phase in QUESTIONING and member == state.presenter:
        return Refusal("The presenter answers: give the floor to a member who asks")
    return give(state, member)


def _next_speaker(state, command, actor, now):
    if state.phase in TURN_PHASES:
        moved = advance(state)
        return moved if moved.floor is not None else Refusal("Everyone has had their turn")
    if state.rounds:
        moved = advance(state)
        return moved if moved.floor is not None else Refusal("There is nobody here to ask")
    waiting = [m for m in state.queue if here(state, m)]
    return give(state, waiting[0]) if waiting else Refusal("Nobody is waiting in the queue")


def _rounds(state, command, actor, now):
    if type(command.on) is not bool:
        return Refusal("Say whether to question in rounds")
    if command.on == state.rounds:
        return Refusal("Rounds are already " + ("on" if state.rounds else "off"))
    state = evolve(state, rounds=command.on)
    if command.on and state.phase in QUESTIONING:
        return evolve(advance(evolve(state, turns=frozenset())), round=state.round + 1)
    return state


def _skip(state, command, actor, now):
    slot = state.slot
    if state.phase is Phase.OPEN_QUESTIONING and state.presenters[slot].offers:
        presenters = list(state.presenters)
        presenters[slot] = replace(presenters[slot], offers=False)
        return enter(evolve(state, presenters=tuple(presenters)), (Phase.SUMMARY, slot), now)
    if state.phase is Phase.OFFERS:
        return enter(state, (Phase.SUMMARY, slot), now)
    return Refusal("There is no optional step to skip")


def _offers(state, command, actor, now):
    if type(command.on) is not bool:
        return Refusal("Say whether to invite offers")
    slot = state.presenters[state.slot]
    if slot.offers == command.on:
        return Refusal("You have already " + ("invited offers" if command.on else "said no to offers"))
    presenters = list(state.presenters)
    presenters[state.slot] = replace(slot, offers=command.on)
    return evolve(state, presenters=tuple(presenters))


def _raise_hand(state, command, actor, now):
    reason = people.check_self(state, actor)
    if reason:
        return Refusal(reason)
    if actor == state.floor and may_speak(state, actor) is True:  # one who has asked twice may queue again
        return Refusal("You have the floor already")
    if actor in state.queue:
        return Refusal("Your hand is already raised")
    return evolve(state, queue=(*state.queue, actor))


def _lower_hand(state, command, actor, now):
    if actor not in state.queue:
        return Refusal("Your hand is not raised")
    return evolve(state, queue=tuple(m for m in state.queue if m != actor))


def _done(state, command, actor, now):
    if actor != state.floor:
        return Refusal("You do not have the floor")
    if state.phase in TURN_PHASES or state.rounds:
        return advance(state)
    return evolve(state, floor=None, said=0)


def _speak(state, command, actor, now):
    verdict = may_speak(state, actor)
    if verdict is not True:
        return verdict
    if state.phase is Phase.CLARIFYING and actor == state.floor and actor != state.facilitating:
        return evolve(state, said=min(state.said + 1, QUESTIONS_A_TURN))
    return state


FLOOR_PHASES: Final = TURN_PHASES | QUESTIONING
_FLOOR_ELSEWHERE: Final = {**{p: "The presenter has the floor" for p in PRESENTER_FLOOR},
                           Phase.OFFERS: "Everyone may speak during offers", None: "Nobody holds the floor now"}
_PRESENTERS_OVER: Final = "The presenters' part of the meeting is over"

RULES: Final[dict[str, Rule]] = {
    "start": Rule(frozenset({F}), "Only the facilitator can start the meeting", _start,
                  frozenset({Phase.LOBBY}), "The meeting has already started"),
    "next": Rule(frozenset({F}), "Only the facilitator can move the meeting on", _next),
    "back": Rule(frozenset({F}), "Only the facilitator can move the meeting on", _back,
                 OPEN_PHASES - {Phase.LOBBY}),
    "skip": Rule(frozenset({F}), "Only the facilitator can move the meeting on", _skip,
                 frozenset({Phase.OPEN_QUESTIONING, Phase.OFFERS}), "There is no optional step to skip"),
    "extend": Rule(frozenset({F}), "Only the facilitator can keep time", _extend,
                   OPEN_PHASES - {Phase.LOBBY}, in_time_out=True),
    "pause": Rule(frozenset({F}), "Only the facilitator can keep time", _pause,
                  OPEN_PHASES - {Phase.LOBBY}, in_time_out=True),
    "resume": Rule(frozenset({F}), "Only the facilitator can keep time", _resume,
                   OPEN_PHASES - {Phase.LOBBY}, in_time_out=True),
    "time_out": Rule(frozenset({F}), "Only the facilitator can call a time-out", _time_out,
                     OPEN_PHASES - {Phase.LOBBY}, in_time_out=True),
    "end_time_out": Rule(frozenset({F}), "Only the facilitator can end the time-out", _end_time_out,
                         frozenset({Phase.TIME_OUT}), "The meeting is not in a time-out", in_time_out=True),
    "choose_presenters": Rule(frozenset({F}), "Only the facilitator can choose presenters", people.choose,
                              frozenset({Phase.LOBBY, Phase.CHECK_IN, Phase.BIDDING, *SLOT_PHASES}),
                              _PRESENTERS_OVER),
    "give_floor": Rule(frozenset({F}), "Only the facilitator can give the floor", _give_floor,
                       FLOOR_PHASES, _FLOOR_ELSEWHERE),
    "next_speaker": Rule(frozenset({F}), "Only the facilitator can give the floor", _next_speaker,
                         FLOOR_PHASES, _FLOOR_ELSEWHERE),
    "rounds": Rule(frozenset({F}), "Only the facilitator can give the floor", _rounds),
    "hand_over": Rule(frozenset({F}), "Only the facilitator can hand facilitation over", people.hand_over,
                      in_time_out=True),
    "hand_back": Rule(frozenset({F, P, M}), "Only the facilitator can take facilitation back",
                      people.hand_back, in_time_out=True),
    "mark_absent": Rule(frozenset({F}), "Only the facilitator can mark attendance", people.mark_absent,
                        in_time_out=True),
    "mark_present": Rule(frozenset({F}), "Only the facilitator can mark attendance", people.mark_present,
                         in_time_out=True),
    "end": Rule(frozenset({F, S}), "Only the facilitator can end the meeting", _end, in_time_out=True),
    "offers": Rule(frozenset({P}), "Only the presenter can invite offers", _offers, HAND_PHASES,
                   "It is too late to invite offers for this presenter"),
    "raise_hand": Rule(frozenset({M}), "Only members who ask questions raise a hand", _raise_hand,
                       HAND_PHASES, "Hands are raised while a presenter presents or is questioned"),
    "lower_hand": Rule(frozenset({M}), "Only members who ask questions raise a hand", _lower_hand,
                       in_time_out=True),
    "done": Rule(frozenset({M}), "Only the member who has the floor can finish a turn", _done,
                 FLOOR_PHASES, "You do not have the floor"),
    "speak": Rule(frozenset({F, P, M}), "The server does not send messages", _speak, in_time_out=True),
    "arrive": Rule(frozenset({S}), "Only the server reports who is here", people.arrive, in_time_out=True),
    "leave": Rule(frozenset({S}), "Only the server reports who is here", people.leave, in_time_out=True),
}
COMMANDS: Final = tuple(RULES)
# The server issues these itself: `speak` as it stores a message, `arrive` and `leave` from presence.
SERVER_COMMANDS: Final = frozenset({"speak", "arrive", "leave"})
