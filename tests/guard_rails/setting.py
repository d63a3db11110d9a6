"""The app and the authorization world, built once for a test module in a database of its own.

Shared by the authorization table (test_authorization.py) and the bad-input sweep
(tests/bad_input/): one person of each kind signed in, the things each route is about, and a
reader of every table to tell what a request changed and put it back.
"""
from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event, text

from community import create_app
from community.extensions import db
from tests.conftest import PG_URL, Client
from tests.guard_rails import authorization_world
from tests.guard_rails.database_state import DatabaseState


@dataclass
class Setting:
    app: object
    world: authorization_world.World
    state: DatabaseState
    start: dict   # the world's database, which every request starts from

    def client(self, kind: str) -> Client:
        """A client carrying `kind`'s session cookie (the visitor's holds only a CSRF token)."""
        client = self.app.test_client()
        client.set_cookie(self.app.config["SESSION_COOKIE_NAME"], self.world.cookies[kind])
        return client

    def changes_put_back(self) -> list[str]:
        """What the last request changed (table by table), the world then put back."""
        after = self.state.read()
        changes = self.state.changes(self.start, after)
        if changes:
            self.state.restore(self.start, after)
            assert not self.state.changes(self.start, self.state.read()), "the world was not put back"
        return changes


@contextmanager
def world_setting(folder: Path, sqlite_template: Path, **config) -> Iterator[Setting]:
    schema = None
    if PG_URL:
        schema = f"t_{uuid.uuid4().hex[:10]}"
        with create_engine(PG_URL).begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        database = {"SQLALCHEMY_DATABASE_URI": PG_URL,
                    "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}}}
    else:
        shutil.copyfile(sqlite_template, folder / "test.db")
        database = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'test.db'}"}
    app = create_app({
        "TESTING": True, "INSTANCE_PATH": str(folder / "instance"),
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "SERVER_NAME": "localhost",
        "POSTS_PER_HOUR": 0, "NEW_MEMBER_POSTS_PER_HOUR": 0, "ROOM_MESSAGES_PER_MINUTE": 0,
        # Presence leaves at once: a grace period would write to the world after it is put back.
        "ROOM_PRESENCE_GRACE_SECONDS": 0,
        # Every kind submits the same forms many times; rate limits are tested on their own.
        "RATELIMIT_ENABLED": False,
        "HOLD_WORDS": [authorization_world.HOLD_WORD], **database, **config})
    app.test_client_class = Client
    with app.app_context():
        engine = db.engine
        if schema:
            db.create_all()
        else:
            event.listen(engine, "connect", _without_fsync)
    with app.test_request_context():
        world = authorization_world.make_things(app)
    authorization_world.sign_in_everyone(app, world)
    with app.test_request_context():
        authorization_world.change_standing(world)
    # No context stays open: each request and live event pushes its own, as on a real server
    # (an open one would share `g`, and Flask-Login's cached member, between them).
    state = DatabaseState(engine)
    try:
        yield Setting(app, world, state, state.read())
    finally:
        state.close()
        engine.dispose()
        if schema:
            with create_engine(PG_URL).begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def _without_fsync(connection, _record) -> None:
    # Durability is not what these modules test, and the world lives for one run. Its build, allowed
    # writes and restores make several hundred commits; on a busy disk an fsync costs 10-20 ms.
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA journal_mode = MEMORY")
