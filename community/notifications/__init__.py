"""In-app notifications and email about what happens in threads."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from ..threads import signals
    from . import cli, services
    from .views import bp

    app.register_blueprint(bp)
    signals.post_created.connect(services.on_post_created)
    signals.post_edited.connect(services.on_post_edited)
    signals.reaction_added.connect(services.on_reaction_added)
    signals.thread_read.connect(services.on_thread_read)
    cli.init_app(app)
