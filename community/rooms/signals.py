"""Signals the rooms domain sends; the live room listens (rooms/events.py)."""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent inside the transaction that ends an active membership (removed by the facilitator, or
# left): `sender` is the set's id, `member_id` whose membership ended. After the commit, their
# sockets stop receiving that set's rooms.
membership_ended = _signals.signal("set-membership-ended")
