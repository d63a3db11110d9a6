"""Fixtures: a real database per test (SQLite file, or PostgreSQL with TEST_DATABASE_URL),
the real app with CSRF on, and a client that signs in through the real form."""
from __future__ import annotations

import contextvars
import email
import os
import re
import shutil
import uuid
from email.message import Message
from pathlib import Path

import flask
import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from community import create_app
from community.db import StatementCounter
from community.extensions import db
from tests.mail_sink import SmtpSink

PG_URL = os.environ.get("TEST_DATABASE_URL")
_TOKEN = re.compile(r'name="csrf(?:_token|-token)"\s+(?:value|content)="([^"]+)"')


@pytest.fixture(scope="session")
def pg_schema():
    """One throwaway PostgreSQL schema for the whole run, dropped at the end."""
    if not PG_URL:
        yield None
        return
    schema = f"t_{uuid.uuid4().hex[:10]}"
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    yield schema
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An empty schema built once; each test gets its own copy (each CREATE costs an fsync)."""
    path = tmp_path_factory.mktemp("template") / "schema.db"
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "INSTANCE_PATH": str(path.parent / "instance")})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return path


def _database_config(tmp_path: Path, schema: str | None, template: Path) -> dict:
    if schema:
        return {"SQLALCHEMY_DATABASE_URI": PG_URL,
                "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}}}
    shutil.copyfile(template, tmp_path / "test.db")
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.db'}"}


class Client(FlaskClient):
    """The Flask test client, plus `post_form`, which carries the page's CSRF token like a browser.

    Each request runs in an empty context, as on a real server: Flask would otherwise reuse the
    test's own app context (the `ctx` fixture), sharing `g` (Flask-Login's cached member) and the
    database session between requests and the test. Afterwards the test's session is expired, so
    objects the test holds reload what the request wrote.
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if flask.has_app_context():
            db.session.expire_all()
        return response

    def csrf_token(self) -> str:
        for path in ("/", "/login"):
            match = _TOKEN.search(self.get(path).get_data(as_text=True))
            if match:
                return match.group(1)
        raise AssertionError("no CSRF token on / or /login")

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)


@pytest.fixture
def app_config(tmp_path, pg_schema) -> dict:
    """Override in a test module (or parametrize) to change settings before the app is built."""
    return {}


@pytest.fixture
def app(tmp_path, pg_schema, app_config, sqlite_template):
    config = {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        # Cheap hashing keeps the suite fast; production uses scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SERVER_NAME": "localhost",
        # Links in mail come from BASE_URL alone (community/links.py); the same site as SERVER_NAME.
        "BASE_URL": "http://localhost",
        # Factories write many posts by one member at once; tests of the posting limits turn them on.
        "POSTS_PER_HOUR": 0,
        "NEW_MEMBER_POSTS_PER_HOUR": 0,
        **_database_config(tmp_path, pg_schema, sqlite_template),
        **app_config,
    }
    app = create_app(config)
    app.test_client_class = Client
    if pg_schema:
        with app.app_context():
            db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if pg_schema:
            tables = ", ".join(t.name for t in db.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


@pytest.fixture
def ctx(app):
    """A request context, for calling services directly as a view would."""
    with app.test_request_context():
        yield


@pytest.fixture
def client(app) -> Client:
    return app.test_client()


@pytest.fixture
def another_client(app) -> Client:
    return app.test_client()


def sign_in(client: Client, email_address: str, password: str):
    return client.post_form("/login", {"email": email_address, "password": password})


@pytest.fixture
def statements(app):
    """Count SQL statements: `with statements() as counter: ...; counter.count`."""
    def counter():
        with app.app_context():
            return StatementCounter(db.engine)
    return counter


class Outbox:
    """The .eml files the app wrote to instance/outbox/, oldest first."""

    def __init__(self, app):
        self.path = Path(app.config["MAIL_OUTBOX"])

    @property
    def messages(self) -> list[Message]:
        if not self.path.exists():
            return []
        return [email.message_from_bytes(p.read_bytes()) for p in sorted(self.path.glob("*.eml"))]

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def body(message: Message) -> str:
        return message.get_payload(decode=True).decode()

    def links(self, message: Message) -> list[str]:
        return re.findall(r"https?://\S+", self.body(message))

    def last_link(self, address: str, path_prefix: str) -> str:
        """The path of the newest link starting with `path_prefix` mailed to `address`."""
        for message in reversed(self.to(address)):
            for link in self.links(message):
                path = re.sub(r"^https?://[^/]+", "", link)
                if path.startswith(path_prefix):
                    return path
        raise AssertionError(f"no {path_prefix} link mailed to {address}")


@pytest.fixture
def outbox(app) -> Outbox:
    return Outbox(app)


@pytest.fixture
def smtp_sink(tmp_path):
    """A real SMTP server process on 127.0.0.1 (tests/mail_sink.py), stopped after the test."""
    sink = SmtpSink(tmp_path / "smtp-sink").start()
    yield sink
    sink.stop()


@pytest.fixture
def smtp_config(smtp_sink) -> dict:
    """Settings that send the app's mail to `smtp_sink`; return it from a module's `app_config`."""
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_sink.port, "MAIL_USE_TLS": False}
