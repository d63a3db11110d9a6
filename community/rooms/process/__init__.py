"""The live room's process: a meeting's state machine as pure functions (standard library only).

    state = new_meeting(facilitator=1, members=[2, 3, 4, 5])
    state = apply(state, Command("arrive", member=2), SYSTEM, now)   # the server reports presence
    result = apply(state, Command("start"), 1, now)                  # a State, or a falsy Refusal
    if not result: ack(error=result.reason)

`apply(state, command, actor, now)` works out the actor's role itself (`role_of`): who facilitates
and who presents change during a meeting, so the state, not the caller, knows them. `now` is
always passed in (an aware UTC datetime); nothing here reads a clock, a database or a socket.
Store `to_dict(state)` and read it back with `from_dict`; send each viewer `view(state, now, id)`.
Decisions where ACTION_LEARNING.md is silent are in docs/decisions.md ("Live room").
"""
from .codec import from_dict, inconsistency, parse_command, to_dict
from .commands import COMMANDS, EXTENSIONS, RULES, SERVER_COMMANDS, Command, apply
from .floor import floor_rule, may_speak, message_kind
from .state import (LABELS, SYSTEM, Clock, Interrupted, Phase, Quorum, Refusal, Role, Slot, Spent, State,
                    Timings, new_meeting, overtime, quorum, remaining, role_of)
from .view import controls, view

__all__ = [
    "COMMANDS", "EXTENSIONS", "LABELS", "RULES", "SERVER_COMMANDS", "SYSTEM", "Clock", "Command", "Interrupted", "Phase",
    "Quorum", "Refusal", "Role", "Slot", "Spent", "State", "Timings", "apply", "controls", "floor_rule",
    "from_dict", "inconsistency", "may_speak", "message_kind", "new_meeting", "overtime", "parse_command",
    "quorum", "remaining", "role_of", "to_dict", "view",
]
