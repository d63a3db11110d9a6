"""Moderation and administration: reports, holding and hiding posts, thread actions, approving
joiners, roles, suspensions and the audit log."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from ..threads.signals import screening
    from .services import screening as screening_service
    from .views import bp

    app.register_blueprint(bp)
    screening.connect(screening_service.screen)
