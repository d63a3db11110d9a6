"""Consultations: designers ask members (surveys with anonymous or named answers), read the
results with small groups suppressed, and publish them."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from .views import bp

    app.register_blueprint(bp)
