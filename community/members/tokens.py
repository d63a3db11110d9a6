"""Signed, expiring links sent by email. Pure functions of the secret key and the member."""
from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

CONFIRM = "confirm-email"
CHANGE_EMAIL = "change-email"
RESET = "reset-password"


class TokenError(Exception):
    def __init__(self, expired: bool):
        self.expired = expired
        super().__init__("expired" if expired else "invalid")


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def password_fingerprint(password_hash: str) -> str:
    # Bound into reset links: once the password changes, every earlier link is spent.
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def make(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read(purpose: str, token: str, max_age: int) -> dict:
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenError(expired=True) from None
    except BadSignature:
        raise TokenError(expired=False) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("m"), int):
        raise TokenError(expired=False)
    return payload
