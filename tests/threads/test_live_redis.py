"""Live comments across processes: two real servers (python wsgi.py) share rooms over Redis, as
production's several gunicorn processes do. A reader connected to server A receives, once, the
comment a colleague posts through server B.

Part of the normal suite, not the browser journeys: it needs Redis (as CI's machine has), and
fails — never skips — when Redis does not answer, so a missing Redis cannot pass unnoticed.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import redis
import socketio as socketio_client

from community import create_app
from community.extensions import db
from tests.factories import PASSWORD, make_member, make_space, make_thread

pytestmark = pytest.mark.redis

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
# Generous: on a busy machine (CI beside other work) importing, migrating and seeding takes a while.
STARTUP_TIMEOUT = 90
# Settings of whoever runs the tests must not reach the servers.
_SCRUBBED = ("DATABASE_URL", "SECRET_KEY", "COMMUNITY_ENV", "INSTANCE_PATH", "MAIL_SERVER",
             "SOCKETIO_MESSAGE_QUEUE", "SOCKETIO_CHANNEL", "RATELIMIT_STORAGE_URI",
             "RATELIMIT_ENABLED", "FLASK_APP", "FLASK_DEBUG", "TEST_DATABASE_URL")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _require_redis() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        return
    except (redis.RedisError, OSError) as error:
        problem = str(error)
    pytest.fail(f"Redis does not answer at {REDIS_URL} ({problem}). The two-process live test "
                "needs it, as production does: start it (redis-server --daemonize yes --bind 127.0.0.1 "
                "--port 6379 --save '' --appendonly no) or point TEST_REDIS_URL at one.", pytrace=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One `python wsgi.py` process, started and stopped by its PID."""

    def __init__(self, env: dict, log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "wsgi.py", "--host", "127.0.0.1", "--port", str(self.port)],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait_until_healthy(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited with {self.process.returncode}:\n{self.tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        raise AssertionError(f"{self.url}/healthz did not answer in time:\n{self.tail()}")

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


class Browser:
    """A person's cookie jar and the forms they post, over plain HTTP."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies),
                                                  _NoRedirect())

    def get(self, path: str) -> str:
        with self.opener.open(self.base_url + path, timeout=5) as response:
            return response.read().decode()

    def post_form(self, form_page: str, path: str, fields: dict) -> int:
        token = _CSRF.search(self.get(form_page)).group(1)
        data = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        try:
            with self.opener.open(self.base_url + path, data=data, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as answer:  # 3xx (not followed) and 4xx land here
            return answer.code

    def sign_in(self, email: str) -> None:
        assert self.post_form("/login", "/login", {"email": email, "password": PASSWORD}) == 302

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.cookies)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def two_servers(prefix: str, seed, **settings):
    """A migrated SQLite database seeded by `seed(database_url, instance)`, and two servers sharing
    rooms over Redis; yields (servers, what seed returned) and stops both by their PIDs."""
    _require_redis()
    instance = Path(tempfile.mkdtemp(prefix=prefix))
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
    env.update({"INSTANCE_PATH": str(instance), "DATABASE_URL": f"sqlite:///{instance / 'live.db'}",
                "SECRET_KEY": uuid.uuid4().hex * 2, "COMMUNITY_ENV": "development",
                "SOCKETIO_MESSAGE_QUEUE": REDIS_URL,
                # A channel of its own: other runs on the same Redis never cross into this one.
                "SOCKETIO_CHANNEL": f"community-test-{uuid.uuid4().hex}",
                "RATELIMIT_STORAGE_URI": "memory://", "PYTHONUNBUFFERED": "1", **settings})
    servers: list[Server] = []
    try:
        # The servers take a moment to import; the database is built meanwhile (nothing reads it
        # before the first request).
        deadline = time.monotonic() + STARTUP_TIMEOUT
        servers = [Server(env, instance / "a.log"), Server(env, instance / "b.log")]
        migrate = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi.py", "db", "upgrade"],
                                 cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert migrate.returncode == 0, f"flask db upgrade failed:\n{migrate.stdout}\n{migrate.stderr}"
        seeded = seed(env["DATABASE_URL"], instance)
        for server in servers:
            server.wait_until_healthy(deadline)
        yield servers, seeded
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(instance, ignore_errors=True)


@pytest.fixture(scope="module")
def deployment():
    """A migrated SQLite database with a thread in it, and two servers sharing rooms over Redis."""
    yield from two_servers("community-live-redis-", _seed)


def _seed(database_url: str, instance: Path) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": str(instance),
                      "SECRET_KEY": "seeding-only-" + "x" * 32,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.test_request_context():
        make_space()
        author = make_member(name="Ana Author", email="ana@example.nhs.uk", discipline="medicine")
        make_member(name="Rex Reader", email="rex@example.nhs.uk", discipline="pharmacy")
        thread_id = make_thread(author, title="Across two processes").id
        db.session.remove()
        db.engine.dispose()
    return {"author": "ana@example.nhs.uk", "reader": "rex@example.nhs.uk", "thread": thread_id}


def test_a_comment_posted_through_one_process_reaches_a_reader_on_another(deployment):
    (server_a, server_b), people = deployment
    thread_id = people["thread"]

    reader = Browser(server_a.url)
    reader.sign_in(people["reader"])
    received: list[dict] = []
    arrived = threading.Event()
    client = socketio_client.Client(reconnection=False)

    @client.on("comment", namespace="/threads")
    def on_comment(message):
        received.append(message)
        arrived.set()

    client.connect(server_a.url, namespaces=["/threads"], transports=["websocket"],
                   headers={"Cookie": reader.cookie_header}, wait_timeout=5)
    try:
        answer = client.call("join", {"thread": thread_id, "after": 1}, namespace="/threads", timeout=5)
        assert answer == {"ok": True, "missed": [], "more": False}

        author = Browser(server_b.url)
        author.sign_in(people["author"])
        marker = f"Posted through process B {uuid.uuid4().hex}"
        assert author.post_form(f"/threads/{thread_id}", f"/threads/{thread_id}/comments",
                                {"body": marker}) == 302

        assert arrived.wait(5), ("no comment reached the reader on process A\n--- A ---\n"
                                 f"{server_a.tail()}\n--- B ---\n{server_b.tail()}")
        time.sleep(0.3)  # room for a duplicate to show up, were there one
        mine = [m for m in received if marker in m["html"]]
        assert len(mine) == 1 and len(received) == 1
        assert mine[0]["thread"] == thread_id and mine[0]["number"] == 2
        assert mine[0]["author"] == "Ana Author"
    finally:
        client.disconnect()


def test_an_anonymous_socket_is_refused_by_a_real_server(deployment):
    (server_a, _), _ = deployment
    client = socketio_client.Client(reconnection=False)
    with pytest.raises(socketio_client.exceptions.ConnectionError):
        client.connect(server_a.url, namespaces=["/threads"], transports=["websocket"], wait_timeout=5)
    client.disconnect()


def _live(server: Server, browser: Browser, thread_id: int):
    """A socket on `server` in the thread's room, recording its comments and its disconnection."""
    client = socketio_client.Client(reconnection=False)
    client.comments, client.cut = [], threading.Event()
    client.on("comment", client.comments.append, namespace="/threads")
    client.on("disconnect", lambda *reason: client.cut.set(), namespace="/threads")
    client.connect(server.url, namespaces=["/threads"], transports=["websocket"],
                   headers={"Cookie": browser.cookie_header}, wait_timeout=5)
    assert client.call("join", {"thread": thread_id, "after": 99}, namespace="/threads", timeout=5)["ok"]
    return client


def test_signing_out_through_one_process_disconnects_that_browsers_socket_on_another(deployment):
    (server_a, server_b), people = deployment
    thread_id = people["thread"]
    here, elsewhere = Browser(server_a.url), Browser(server_a.url)
    here.sign_in(people["reader"])
    elsewhere.sign_in(people["reader"])
    here_socket, elsewhere_socket = _live(server_a, here, thread_id), _live(server_a, elsewhere, thread_id)
    try:
        signing_out = Browser(server_b.url)
        signing_out.cookies = here.cookies     # the same browser, its next request served by B
        signing_out.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(here.cookies), _NoRedirect())
        assert signing_out.post_form(f"/threads/{thread_id}", "/logout", {}) == 302
        assert here_socket.cut.wait(5), f"still connected\n--- A ---\n{server_a.tail()}\n--- B ---\n{server_b.tail()}"

        author = Browser(server_b.url)
        author.sign_in(people["author"])
        marker = f"After one device signed out {uuid.uuid4().hex}"
        assert author.post_form(f"/threads/{thread_id}", f"/threads/{thread_id}/comments",
                                {"body": marker}) == 302
        deadline = time.monotonic() + 5
        while not elsewhere_socket.comments and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [marker in m["html"] for m in elsewhere_socket.comments] == [True]
        assert not elsewhere_socket.cut.is_set() and here_socket.comments == []
    finally:
        here_socket.disconnect()
        elsewhere_socket.disconnect()
