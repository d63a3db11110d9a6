"""What happened to members' sign-ins, for domains that hold live connections open."""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent after the commit that ended sessions. sender: the member's id; kwargs: keys, the ended
# sessions' ids (MemberSession.id, as in the member's get_id()), or None for every session of
# that member (sign out everywhere, a password change or reset, a suspension).
sessions_ended = _signals.signal("sessions-ended")
