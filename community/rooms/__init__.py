"""Action learning sets and their live room: sets, meetings, the room's process and its nudges.

`process` is the meeting's state machine (pure, standard library only); `nudge` tells advice
from open questions. The database, pages and Socket.IO handlers are built around them.
"""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from ..extensions import socketio
    from . import events
    from .views import bp
    app.register_blueprint(bp)
    events.register(socketio)
