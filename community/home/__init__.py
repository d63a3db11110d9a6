"""The landing page, the member's home and the health check."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from .views import bp
    app.register_blueprint(bp)
