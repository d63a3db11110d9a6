"""Members: joining, signing in, profiles, the directory and connections."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from .. import changes, content, sockets
    from ..extensions import login_manager
    from .models import Member
    from .services import profiles
    from .auth_views import bp as auth_bp
    from .sessions import load_member
    from .views import bp

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to see that page."
    login_manager.user_loader(load_member)
    app.register_blueprint(auth_bp)
    app.register_blueprint(bp)
    content.answer_mentions_with(profiles.mentionable_names)
    changes.track(Member, "member")
    sockets.follow_session_versions(Member)
