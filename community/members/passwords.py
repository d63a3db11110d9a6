"""Password rules and hashing."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 10
MAX_LENGTH = 200


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    text = resources.files("community").joinpath("data/common-passwords.txt").read_text()
    return frozenset(line.strip() for line in text.splitlines() if line and not line.startswith("#"))


def problem_with(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why a new password is refused, or None if it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    lowered = password.lower()
    if lowered in _common():
        return "This password is too common. Choose one that would be hard to guess"
    if email and lowered == email.lower():
        return "Password must not be your email address"
    if name and lowered.replace(" ", "") == name.lower().replace(" ", ""):
        return "Password must not be your name"
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config.get("PASSWORD_HASH_METHOD",
                                                                          "scrypt"))


def verify(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


_DUMMY: dict[str, str] = {}


def spend_time_like_a_check(password: str) -> None:
    """Check against a dummy hash, so an unknown email takes as long as a known one."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    if method not in _DUMMY:
        _DUMMY[method] = generate_password_hash("not-a-real-password", method=method)
    check_password_hash(_DUMMY[method], password)
