"""In-app notifications and email about what happens in threads."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from ..threads import signals
    from . import cli
    from .services import inbox, notifying
    from .views import bp

    app.register_blueprint(bp)
    signals.post_created.connect(notifying.on_post_created)
    signals.post_edited.connect(notifying.on_post_edited)
    signals.reaction_added.connect(notifying.on_reaction_added)
    signals.thread_read.connect(inbox.on_thread_read)
    cli.init_app(app)
