"""Who may speak: the presenter's floor, turns in order, the queue and rounds, and what a message is."""
from __future__ import annotations

from typing import Final, Literal

from .state import (PRESENTER_FLOOR, QUESTIONING, QUESTIONS_A_TURN, TURN_PHASES, Actor, Phase, Refusal,
                    State, evolve, here, takes_part)

ENDED: Final = "The meeting has ended"
NOT_IN: Final = "You are not part of this meeting"

_HELD: Final = {
    Phase.PRESENTING: "The presenter has the floor: your message is held back until questions open",
    Phase.SUMMARY: "The presenter is summing up: your message is held back until they have finished",
    Phase.ACTIONS: "The presenter is recording their actions: your message is held back until they have finished",
}
_KINDS: Final = {
    Phase.CHECK_IN: "check_in", Phase.BIDDING: "bid", Phase.PROCESS_REVIEW: "review",
    Phase.CHECK_OUT: "check_out", Phase.CLARIFYING: "question", Phase.OPEN_QUESTIONING: "question",
    Phase.OFFERS: "offer",
}
_PRESENTER_KINDS: Final = {
    Phase.CLARIFYING: "answer", Phase.OPEN_QUESTIONING: "answer", Phase.OFFERS: "answer",
    Phase.SUMMARY: "summary", Phase.ACTIONS: "action",
}
Kind = Literal["plain", "check_in", "bid", "question", "answer", "offer", "summary", "action", "review",
               "check_out"]


def may_speak(state: State, member: Actor) -> Literal[True] | Refusal:
    """True, or a Refusal saying why this member's message is held back now."""
    if state.phase is Phase.CLOSED:
        return Refusal(ENDED)
    if not takes_part(state, member):
        return Refusal(NOT_IN)
    if member in state.absent:
        return Refusal("The facilitator has marked you absent")
    if member not in state.present:
        return Refusal("You are not in the room")
    if member in (state.facilitating, state.presenter) or state.phase in (Phase.LOBBY, Phase.TIME_OUT, Phase.OFFERS):
        return True
    if state.phase in PRESENTER_FLOOR:
        return Refusal(_HELD[state.phase])
    if member == state.floor:
        if state.phase is Phase.CLARIFYING and state.said >= QUESTIONS_A_TURN:
            return Refusal("You have asked a question and a follow-up: raise your hand for another turn")
        return True
    return Refusal(_waiting(state))


def _waiting(state: State) -> str:
    if state.phase in TURN_PHASES:
        if state.floor is None:
            return "Everyone has had a turn: the facilitator will move the meeting on"
        return "Another member has the floor: please wait for your turn"
    if state.rounds:
        return "Questions are going round in turn: please wait for yours"
    return "Raise your hand: the facilitator will give you the floor"


def message_kind(state: State, member: Actor) -> Kind:
    """What a message from this member is now: a question in questioning, a bid in bidding, …"""
    if member == state.facilitating:
        return "plain"
    if member == state.presenter:
        return _PRESENTER_KINDS.get(state.phase, "plain")
    return _KINDS.get(state.phase, "plain")


def floor_rule(state: State) -> str:
    """The phase's speaking rule in a sentence, for the room's header and screen readers."""
    if state.phase in PRESENTER_FLOOR:
        return "The presenter has the floor"
    if state.phase in TURN_PHASES:
        return "Each member in turn"
    if state.phase is Phase.CLARIFYING:
        base = "One question and one follow-up a turn"
        return base + (", in rounds" if state.rounds else ", from the queue")
    if state.phase is Phase.OPEN_QUESTIONING:
        return "Questions in rounds" if state.rounds else "Questions from the queue"
    if state.phase is Phase.OFFERS:
        return "Members may offer ideas: the presenter invited them"
    if state.phase is Phase.CLOSED:
        return "The meeting has ended"
    return "Anyone here may speak"


def _in_rotation(state: State, member: int) -> bool:
    if not here(state, member) or member == state.presenter:
        return False
    return not (state.phase in QUESTIONING and member == state.facilitating)


def next_turn(state: State, after: int | None) -> int | None:
    """The first member after `after`, in turn order and wrapping, who is here and has not had a turn."""
    order = state.members
    start = order.index(after) + 1 if after in order else 0
    for member in order[start:] + order[:start]:
        if member not in state.turns and _in_rotation(state, member):
            return member
    return None


def give(state: State, member: int | None) -> State:
    """The floor to `member` (or nobody); they count as having had their turn."""
    turns = state.turns if member is None else state.turns | {member}
    queue = tuple(m for m in state.queue if m != member)
    return evolve(state, floor=member, said=0, turns=turns, queue=queue)


def advance(state: State) -> State:
    """The floor to the next member in turn; in rounds a new round begins when all have had one."""
    member = next_turn(state, state.floor)
    if member is None and state.rounds and state.phase in QUESTIONING:
        state = evolve(state, turns=frozenset(), round=state.round + 1)
        member = next_turn(state, state.floor)
    return give(state, member)


def open_floor(state: State) -> State:
    """The floor as a phase begins (the state's floor, turns and round already cleared): the
    presenter's, the first member's turn, or nobody's."""
    if state.phase in PRESENTER_FLOOR:
        return evolve(state, floor=state.presenter)
    if state.phase in TURN_PHASES or (state.phase in QUESTIONING and state.rounds):
        member = next_turn(state, None)
        if member is not None:
            queue = tuple(m for m in state.queue if m != member)
            return evolve(state, floor=member, turns=frozenset({member}), round=1, queue=queue)
        return evolve(state, round=1)
    return state


def refloor(state: State) -> State:
    """After someone leaves or is marked absent: out of the queue, and the floor moves on if theirs."""
    queue = tuple(m for m in state.queue if here(state, m))
    state = evolve(state, queue=queue) if queue != state.queue else state
    if state.floor is None or state.phase in PRESENTER_FLOOR or here(state, state.floor):
        return state
    if state.phase in TURN_PHASES or (state.phase in QUESTIONING and state.rounds):
        return advance(state)
    return evolve(state, floor=None, said=0)
