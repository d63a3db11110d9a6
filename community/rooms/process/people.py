"""People in the meeting: who is here, presenters and their order, and handing facilitation over."""
from __future__ import annotations

from collections.abc import Mapping

from .floor import refloor
from .state import Refusal, Slot, State, evolve, takes_part


def check(state: State, member: object, to: str) -> str | None:
    """Why `member` cannot be given something now (the floor, facilitation, a slot), or None."""
    if type(member) is not int or not takes_part(state, member):
        return f"Only a member of this set can {to}"
    if member in state.absent:
        return "That member is marked absent"
    if member not in state.present:
        return "That member is not here"
    return None


def check_self(state: State, actor: object) -> str | None:
    if actor in state.absent:
        return "The facilitator has marked you absent"
    if actor not in state.present:
        return "You are not in the room"
    return None


def choose(state, command, actor, now):
    """The presenters still to come, in order; during the presenters' part, those after the current one."""
    chosen, overrides = tuple(command.presenters), command.timings or {}
    if any(type(member) is not int for member in chosen) or not isinstance(overrides, Mapping):
        return Refusal("Choose presenters by their member ids")
    if not chosen and state.slot is None:
        return Refusal("Choose at least one presenter")
    if len(set(chosen)) != len(chosen):
        return Refusal("Choose each presenter once")
    kept = () if state.slot is None else state.presenters[:state.slot + 1]
    if any(member not in chosen for member in overrides):
        return Refusal("Timings were given for someone who is not chosen")
    for member in chosen:
        if any(slot.member == member for slot in kept):
            return Refusal("A chosen presenter has already presented in this meeting")
        reason = check(state, member, "present")
        if reason:
            return Refusal(reason)
    try:
        slots = tuple(Slot(m, state.timings.override(overrides.get(m, {}))) for m in chosen)
    except ValueError as error:
        return Refusal(str(error))
    return evolve(state, presenters=kept + slots)


def hand_over(state, command, actor, now):
    member = command.member
    reason = check(state, member, "facilitate")
    if reason:
        return Refusal(reason)
    if member == state.facilitating:
        return Refusal("You are already facilitating")
    if member == state.presenter:
        return Refusal("The presenter cannot facilitate their own slot")
    return evolve(state, facilitating=member, queue=tuple(m for m in state.queue if m != member))


def hand_back(state, command, actor, now):
    """Facilitation back to the set's facilitator: they take it, or the member holding it gives it."""
    if actor not in (state.facilitating, state.facilitator):
        return Refusal("Only the facilitator can take facilitation back")
    if state.facilitating == state.facilitator:
        return Refusal("Facilitation has not been handed over")
    if state.facilitator == state.presenter:
        return Refusal("The facilitator is presenting: hand facilitation back after their slot")
    if state.facilitator not in state.present:
        return Refusal("The facilitator is not here")
    queue = tuple(m for m in state.queue if m != state.facilitator)
    return evolve(state, facilitating=state.facilitator, queue=queue)


def mark_absent(state, command, actor, now):
    member = command.member
    if type(member) is not int or member not in state.members:
        return Refusal("Only members of this set can be marked absent")
    if member == state.facilitating:
        return Refusal("The member facilitating cannot be marked absent")
    if member in state.absent:
        return Refusal("That member is already marked absent")
    return refloor(evolve(state, absent=state.absent | {member}))


def mark_present(state, command, actor, now):
    member = command.member
    if type(member) is not int or member not in state.members:
        return Refusal("Only members of this set can be marked present")
    if member not in state.absent:
        return Refusal("That member is not marked absent")
    return evolve(state, absent=state.absent - {member})


def arrive(state, command, actor, now):
    """The server saw `member` join. Someone new to the set joins the end of the turn order."""
    member = command.member
    if type(member) is not int:
        return Refusal("Say who arrived")
    if member in state.present:
        return state
    members = state.members if takes_part(state, member) else (*state.members, member)
    return evolve(state, present=state.present | {member}, members=members)


def leave(state, command, actor, now):
    member = command.member
    if type(member) is not int:
        return Refusal("Say who left")
    if member not in state.present:
        return state
    return refloor(evolve(state, present=state.present - {member}))
