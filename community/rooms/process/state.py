"""The meeting as immutable values: phases, roles, timings, the clock, presenters and the floor."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final


class Phase(StrEnum):
    LOBBY = "lobby"
    CHECK_IN = "check_in"
    BIDDING = "bidding"
    PRESENTING = "presenting"
    CLARIFYING = "clarifying"
    OPEN_QUESTIONING = "open_questioning"
    OFFERS = "offers"
    SUMMARY = "summary"
    ACTIONS = "actions"
    PROCESS_REVIEW = "process_review"
    CHECK_OUT = "check_out"
    TIME_OUT = "time_out"
    CLOSED = "closed"


LABELS: Final = {
    Phase.LOBBY: "Lobby", Phase.CHECK_IN: "Check-in", Phase.BIDDING: "Bidding",
    Phase.PRESENTING: "Presenting", Phase.CLARIFYING: "Clarifying questions",
    Phase.OPEN_QUESTIONING: "Open questioning", Phase.OFFERS: "Offers",
    Phase.SUMMARY: "Presenter summary", Phase.ACTIONS: "Action commitment",
    Phase.PROCESS_REVIEW: "Process review", Phase.CHECK_OUT: "Check-out",
    Phase.TIME_OUT: "Time-out", Phase.CLOSED: "Closed",
}
# One presenter's part of the meeting, in order; offers only when the presenter opts in.
SLOT_PHASES: Final = (Phase.PRESENTING, Phase.CLARIFYING, Phase.OPEN_QUESTIONING, Phase.OFFERS,
                      Phase.SUMMARY, Phase.ACTIONS)
PRESENTER_FLOOR: Final = frozenset({Phase.PRESENTING, Phase.SUMMARY, Phase.ACTIONS})
QUESTIONING: Final = frozenset({Phase.CLARIFYING, Phase.OPEN_QUESTIONING})
TURN_PHASES: Final = frozenset({Phase.CHECK_IN, Phase.BIDDING, Phase.PROCESS_REVIEW, Phase.CHECK_OUT})
# Timed per member present ("2–3 each"); the others are timed as a whole.
EACH: Final = frozenset({Phase.CHECK_IN, Phase.BIDDING, Phase.CHECK_OUT})
# Hands raised while a presenter speaks stay up into that presenter's questioning.
HAND_PHASES: Final = frozenset({Phase.PRESENTING, Phase.CLARIFYING, Phase.OPEN_QUESTIONING})
OPEN_PHASES: Final = frozenset(Phase) - {Phase.CLOSED}
QUESTIONS_A_TURN: Final = 2  # clarifying: one question and one follow-up
MAX_MINUTES: Final = 180


class Role(StrEnum):
    FACILITATOR = "facilitator"  # whoever facilitates now (the set's facilitator, or who it was handed to)
    PRESENTER = "presenter"
    MEMBER = "member"
    SYSTEM = "system"            # the server itself: arrive, leave, end
    OUTSIDER = "outsider"


SYSTEM: Final = "system"  # the actor the server uses for its own commands
Actor = int | str


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a command or a message was refused, in words for the person who tried it.

    Falsy, so `if not apply(...)` and `if not may_speak(...)` read as "refused". For the same
    reason nothing here returns `Refusal | None` (where `if refusal:` would silently pass): helpers
    give a reason string or None, and callers test results with `isinstance` or `not`.
    """
    reason: str

    def __bool__(self) -> bool:
        return False


@dataclass(frozen=True, slots=True)
class Timings:
    """Minutes per phase; check-in, bidding and check-out are minutes for each member present."""
    check_in: int = 3
    bidding: int = 1
    presenting: int = 10
    clarifying: int = 5
    open_questioning: int = 15
    offers: int = 5
    summary: int = 3
    actions: int = 3
    process_review: int = 10
    check_out: int = 1
    time_out: int = 3

    def minutes(self, phase: Phase) -> int:
        return getattr(self, phase.value)

    def override(self, changes: Mapping[str, int]) -> Timings:
        """These timings with some phases changed; ValueError (a sentence to show) if one is wrong."""
        for name, minutes in changes.items():
            if name not in self.__slots__:
                raise ValueError(f"There is no phase called {str(name)[:40]!r} to time")
            if type(minutes) is not int or not 0 <= minutes <= MAX_MINUTES:
                raise ValueError(f"Minutes must be a whole number from 0 to {MAX_MINUTES}")
        return replace(self, **changes)

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class Clock:
    """A phase's countdown: running towards `ends_at`, or paused with `left` to go.

    `planned` includes extensions. Past zero the remaining time is negative (overtime); nothing
    moves on by itself.
    """
    planned: timedelta
    ends_at: datetime | None = None
    left: timedelta | None = None

    @classmethod
    def start(cls, planned: timedelta, left: timedelta, now: datetime) -> Clock:
        return cls(planned=planned, ends_at=now + left)

    @property
    def paused(self) -> bool:
        return self.ends_at is None

    def remaining(self, now: datetime) -> timedelta:
        return self.left if self.ends_at is None else self.ends_at - now

    def pause(self, now: datetime) -> Clock:
        return Clock(self.planned, None, self.remaining(now))

    def resume(self, now: datetime) -> Clock:
        return Clock(self.planned, now + self.left, None)

    def extend(self, by: timedelta) -> Clock:
        if self.ends_at is None:
            return Clock(self.planned + by, None, self.left + by)
        return Clock(self.planned + by, self.ends_at + by, None)


@dataclass(frozen=True, slots=True)
class Slot:
    """A chosen presenter: their timings and whether they have invited offers."""
    member: int
    timings: Timings
    offers: bool = False


@dataclass(frozen=True, slots=True)
class Spent:
    """Time planned and used in one phase (for one presenter); kept for the summary, and so a
    phase visited again (back, next) carries on from where it was left."""
    phase: Phase
    presenter: int | None
    planned: timedelta
    used: timedelta


@dataclass(frozen=True, slots=True)
class Interrupted:
    """The phase a time-out stopped: its clock held paused, and whether it was running."""
    phase: Phase
    clock: Clock
    running: bool


@dataclass(frozen=True, slots=True)
class State:
    facilitator: int               # the set's facilitator
    facilitating: int              # who facilitates now (the facilitator, or who it was handed to)
    members: tuple[int, ...]       # the set's members in turn order (not the facilitator)
    timings: Timings = Timings()
    quorum_needed: int = 3
    phase: Phase = Phase.LOBBY
    present: frozenset[int] = frozenset()   # connected, as the server reports (arrive, leave)
    absent: frozenset[int] = frozenset()    # marked absent by the facilitator
    clock: Clock | None = None
    presenters: tuple[Slot, ...] = ()
    slot: int | None = None         # index into presenters while one is presenting
    floor: int | None = None        # who has the floor
    said: int = 0                   # messages the floor holder has sent this turn
    turns: frozenset[int] = frozenset()     # who has had a turn (this phase, or this round)
    round: int = 0
    queue: tuple[int, ...] = ()     # raised hands, first come first served
    rounds: bool = False            # questioning in turn order instead of from the queue
    interrupted: Interrupted | None = None
    spent: tuple[Spent, ...] = ()
    started_at: datetime | None = None
    ended_at: datetime | None = None

    @property
    def presenter(self) -> int | None:
        return None if self.slot is None else self.presenters[self.slot].member

    @property
    def timed_by(self) -> Timings:
        """The timings in force: the presenter's own during their slot."""
        return self.timings if self.slot is None else self.presenters[self.slot].timings


_STATE_FIELDS: Final = State.__slots__
_STATE_FIELD_SET: Final = frozenset(_STATE_FIELDS)


def evolve(state: State, **changes) -> State:
    """`dataclasses.replace` for State, several times faster: a transition copies the state a few
    times, and `replace` spends most of a transition's time re-reading the dataclass's fields."""
    if not changes.keys() <= _STATE_FIELD_SET:
        raise TypeError(f"State has no field {sorted(changes.keys() - _STATE_FIELD_SET)}")
    copy = object.__new__(State)
    for name in _STATE_FIELDS:
        object.__setattr__(copy, name, changes[name] if name in changes else getattr(state, name))
    return copy


def new_meeting(facilitator: int, members: Iterable[int], timings: Timings | None = None,
                quorum: int | None = None) -> State:
    """A meeting in its lobby. Members in turn order; quorum defaults to half the set, at least 3."""
    order = tuple(dict.fromkeys(m for m in members if m != facilitator))
    needed = quorum if quorum is not None else min(len(order), max(3, (len(order) + 1) // 2))
    return State(facilitator=facilitator, facilitating=facilitator, members=order,
                 timings=timings or Timings(), quorum_needed=needed)


def role_of(state: State, actor: Actor) -> Role:
    if actor == SYSTEM:
        return Role.SYSTEM
    if type(actor) is not int:  # not True for member 1, nor "1"
        return Role.OUTSIDER
    if actor == state.facilitating:
        return Role.FACILITATOR
    if actor == state.presenter:
        return Role.PRESENTER
    if actor in state.members or actor == state.facilitator:
        return Role.MEMBER
    return Role.OUTSIDER


def takes_part(state: State, member: Actor) -> bool:
    return member in state.members or member == state.facilitator


def here(state: State, member: Actor) -> bool:
    """Connected and not marked absent: may be given the floor, chosen, take a turn."""
    return member in state.present and member not in state.absent


@dataclass(frozen=True, slots=True)
class Quorum:
    here: int
    needed: int

    @property
    def met(self) -> bool:
        return self.here >= self.needed


def quorum(state: State) -> Quorum:
    """Members here (the facilitator not counted) against the number the set needs."""
    return Quorum(sum(1 for m in state.members if here(state, m)), state.quorum_needed)


def remaining(state: State, now: datetime) -> timedelta | None:
    """Time left in the current phase (negative in overtime); None before start and after end."""
    return None if state.clock is None else state.clock.remaining(now)


def overtime(state: State, now: datetime) -> bool:
    left = remaining(state, now)
    return left is not None and left < timedelta(0)
