"""Settings read from the environment, with safe local defaults."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

DEV_SECRET_FILE = "secret_key"


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str) -> list[str]:
    return [part.strip().lower() for part in os.environ.get(name, "").split(",") if part.strip()]


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def from_environment(instance_path: str) -> dict:
    """Build the settings mapping; create_app() lets an explicit mapping win over it."""
    env = os.environ.get("COMMUNITY_ENV", "development").lower()
    production = env == "production"
    instance = Path(instance_path)
    return {
        "COMMUNITY_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance / 'community.db'}"
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Where the site is: every absolute link in mail is built from it, never from the request's
        # Host header. Required in production (ensure_site_address); a local default otherwise.
        "BASE_URL": os.environ.get("BASE_URL") or None,
        # Host names the site answers besides BASE_URL's (comma-separated; production only: other
        # hosts get 400). A leading dot admits subdomains, as in werkzeug's host_is_trusted.
        "EXTRA_TRUSTED_HOSTS": _list("TRUSTED_HOSTS"),
        "SOCKETIO_MESSAGE_QUEUE": os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None,
        # Redis pub/sub channels ignore the database number: deployments (or test runs) sharing
        # one Redis need a channel each, or they receive each other's broadcasts.
        "SOCKETIO_CHANNEL": os.environ.get("SOCKETIO_CHANNEL") or "flask-socketio",
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Keys in a shared store start with it: deployments (or test runs) sharing one Redis
        # database keep their counters apart.
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", ""),
        "RATELIMIT_ENABLED": _flag("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": _int("MAIL_PORT", 587),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS", True),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Community <no-reply@community.localhost>"),
        "MAIL_OUTBOX": str(instance / "outbox"),
        # The outbox's sender (community/outbox.py): a thread in each serving process, unless
        # turned off for `flask mail send` from cron; how often it looks for due mail; how many
        # tries before a message is marked failed; how long sent messages are kept.
        "MAIL_SENDER_THREAD": _flag("MAIL_SENDER_THREAD", True),
        "MAIL_SEND_INTERVAL": _int("MAIL_SEND_INTERVAL", 30),
        "MAIL_MAX_ATTEMPTS": _int("MAIL_MAX_ATTEMPTS", 20),
        "MAIL_KEEP_SENT_DAYS": _int("MAIL_KEEP_SENT_DAYS", 30),
        "JOIN_ALLOWED_EMAIL_DOMAINS": _list("JOIN_ALLOWED_EMAIL_DOMAINS"),
        "JOIN_REQUIRES_APPROVAL": _flag("JOIN_REQUIRES_APPROVAL"),
        "CONFIRM_TOKEN_MAX_AGE": _int("CONFIRM_TOKEN_MAX_AGE", 48 * 3600),
        "RESET_TOKEN_MAX_AGE": _int("RESET_TOKEN_MAX_AGE", 2 * 3600),
        "SEARCH_INDEX_DIR": str(instance / "search-index"),
        # A whole form is a few KB; anything near this is not a person typing.
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 1024 * 1024),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", production),
        "PROXY_FIX": _int("PROXY_FIX", 0),
        "WTF_CSRF_TIME_LIMIT": None,
        "DIRECTORY_PAGE_SIZE": 20,
        # Moderation. A new member (their first NEW_MEMBER_DAYS days, until NEW_MEMBER_APPROVED_POSTS
        # of their posts are visible) may post NEW_MEMBER_POSTS_PER_HOUR times an hour; everyone
        # POSTS_PER_HOUR. 0 turns a limit off.
        "NEW_MEMBER_DAYS": _int("NEW_MEMBER_DAYS", 7),
        "NEW_MEMBER_APPROVED_POSTS": _int("NEW_MEMBER_APPROVED_POSTS", 3),
        "NEW_MEMBER_POSTS_PER_HOUR": _int("NEW_MEMBER_POSTS_PER_HOUR", 5),
        "POSTS_PER_HOUR": _int("POSTS_PER_HOUR", 30),
        # Messages one member may send in one meeting's room a minute (0: no limit). Counted in
        # the database under the room's lock, so it holds across server processes.
        "ROOM_MESSAGES_PER_MINUTE": _int("ROOM_MESSAGES_PER_MINUTE", 20),
        # Seconds a member whose last socket dropped still counts as here (a blip or a reload is
        # not leaving the meeting, and must not cost them the floor); 0 leaves at once.
        "ROOM_PRESENCE_GRACE_SECONDS": _int("ROOM_PRESENCE_GRACE_SECONDS", 20),
        # Words and phrases that hold a post for review (comma-separated), plus the file's lines.
        "HOLD_WORDS": _list("HOLD_WORDS"),
        "HOLD_WORDS_FILE": os.environ.get("HOLD_WORDS_FILE", str(instance / "hold-words.txt")),
    }


# Words that mark a key copied from documentation; a random key contains none of them.
_PLACEHOLDER_WORDS = ("change", "secret", "example", "replace", "default", "insecure", "password")


def weak_secret_key(key: str | None) -> bool:
    """Short, made of a few characters or a repeated pattern, or a placeholder phrase."""
    if not key or len(key) < 32 or len(set(key)) < 10:
        return True
    if key in (key + key)[1:-1]:  # "abcdefghij" * 4: long, but no longer than its pattern
        return True
    return any(word in key.lower() for word in _PLACEHOLDER_WORDS)


LOCAL_BASE_URL = "http://127.0.0.1:5000"


def ensure_site_address(config: dict) -> None:
    """Production needs BASE_URL and answers only its own host names; development gets a default."""
    from .links import base_url_problem

    production = config["COMMUNITY_ENV"] == "production"
    if not config.get("BASE_URL") and not production:
        config["BASE_URL"] = LOCAL_BASE_URL
    problem = base_url_problem(config.get("BASE_URL"))
    if problem:
        raise RuntimeError(f"{problem}. COMMUNITY_ENV=production needs BASE_URL set to the address "
                           "people use to reach the site, e.g. https://community.example.nhs.uk"
                           if production else problem)
    if production and config.get("TRUSTED_HOSTS") is None:
        host = urlsplit(config["BASE_URL"]).hostname
        config["TRUSTED_HOSTS"] = [host, *config.get("EXTRA_TRUSTED_HOSTS", [])]


def ensure_secret_key(config: dict, instance_path: str) -> None:
    """Refuse to run production without a real key; give development a stable local one."""
    key = config.get("SECRET_KEY")
    if config["COMMUNITY_ENV"] == "production":
        if weak_secret_key(key):
            raise RuntimeError(
                "COMMUNITY_ENV=production needs SECRET_KEY set to a random value of at least "
                "32 characters (python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        return
    if key:
        return
    # A key kept in instance/ (git-ignored) keeps local sessions across restarts.
    path = Path(instance_path) / DEV_SECRET_FILE
    if not path.exists():
        # Written private, then linked into place whole: two processes starting at once agree
        # on one key, and neither reads a half-written file.
        draft = path.with_name(f".{DEV_SECRET_FILE}.{os.getpid()}")
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    config["SECRET_KEY"] = path.read_text().strip()
