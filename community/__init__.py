"""Community: a community of practice for clinical and care professional leaders."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the application. `config` wins over the environment (tests, CLI tools)."""
    from . import cli, config as settings, errors, security, templating
    from .extensions import csrf, db, limiter, login_manager, migrate, socketio
    from .home.views import bp as home_bp
    from .members.auth_views import bp as auth_bp
    from .members.sessions import load_member
    from .members.views import bp as members_bp
    from .moderation.views import bp as moderation_bp
    from .notifications import cli as notifications_cli
    from .notifications.views import bp as notifications_bp
    from .threads.space_views import bp as spaces_bp
    from .threads.views import bp as threads_bp
    from .threads import events as thread_events

    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get("INSTANCE_PATH") \
        or str(ROOT / "instance")
    app = Flask(__name__, instance_path=instance_path, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(settings.from_environment(app.instance_path))
    app.config.update(config or {})
    settings.ensure_secret_key(app.config, app.instance_path)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to see that page."
    login_manager.user_loader(load_member)
    socketio.init_app(app, message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
                      channel=app.config["SOCKETIO_CHANNEL"], async_mode="threading",
                      manage_session=False)
    thread_events.register(socketio)

    for blueprint in (home_bp, auth_bp, members_bp, threads_bp, spaces_bp, moderation_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(notifications_bp)
    errors.register_error_pages(app)
    security.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    notifications_cli.init_app(app)
    return app
