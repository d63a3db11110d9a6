"""Discussion threads: spaces, threads, posts (the opening post and comments), reactions, follows."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from .. import activity, changes
    from ..extensions import socketio
    from . import events, markup
    from .models import Post, Thread
    from .services import reading
    from .views import bp, spaces_bp

    app.register_blueprint(bp)
    app.register_blueprint(spaces_bp)
    events.register(socketio)
    activity.add_source(reading.activity_of)
    changes.track(Thread, "thread")
    changes.track(Post, "post")
    app.jinja_env.globals.update(posts_alone=markup.alone)
    app.jinja_env.filters.update(link=markup.link, reaction_count=markup.reaction_count)
