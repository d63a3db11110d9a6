"""Community: a community of practice for clinical and care professional leaders."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


# Each domain wires itself in (blueprints, socket events, signal receivers, commands) in an explicit
# register(app); nothing connects by being imported. Order: a domain after those it listens to.
DOMAINS = ("home", "members", "threads", "moderation", "notifications", "rooms", "consultations")


def create_app(config: dict | None = None) -> Flask:
    """Build the application. `config` wins over the environment (tests, CLI tools)."""
    from importlib import import_module

    from . import cli, config as settings, errors, outbox, security, sockets, templating
    from .web import IdConverter
    from .extensions import csrf, db, limiter, login_manager, migrate, socketio

    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get("INSTANCE_PATH") \
        or str(ROOT / "instance")
    app = Flask(__name__, instance_path=instance_path, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.url_map.converters["int"] = IdConverter   # before any blueprint adds its rules
    app.config.update(settings.from_environment(app.instance_path))
    app.config.update(config or {})
    settings.ensure_secret_key(app.config, app.instance_path)
    settings.ensure_site_address(app.config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    socketio.init_app(app, client_manager=sockets.client_manager(app.config["SOCKETIO_MESSAGE_QUEUE"],
                                                                 app.config["SOCKETIO_CHANNEL"]),
                      async_mode="threading", manage_session=False)
    sockets.init_app(app)
    errors.register_socket_errors(socketio)
    for name in DOMAINS:
        import_module(f".{name}", __name__).register(app)
    errors.register_error_pages(app)
    security.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    outbox.init_app(app)
    return app
