"""Rate limits across real server processes: the counters live in Redis (RATELIMIT_STORAGE_URI),
so two processes enforce one limit; with PROXY_FIX they count the client's address from
X-Forwarded-For, and without it the header is ignored (anyone could write one).

Three `python wsgi.py` processes: A and B behind a proxy (PROXY_FIX=1) sharing one set of
counters; C with PROXY_FIX=0 and counters of its own (another key prefix on the same Redis).
Like tests/threads/test_live_redis.py, it fails, never skips, without Redis.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from community import create_app
from community.extensions import db
from tests.factories import PASSWORD, make_member
from tests.threads.test_live_redis import (_CSRF, _SCRUBBED, REDIS_URL, ROOT, STARTUP_TIMEOUT, Server,
                                           _NoRedirect, _require_redis)

pytestmark = pytest.mark.redis

RESETS_PER_HOUR = 5  # community/members/auth_views.py: POST /reset, per client address


class Client:
    """One browser (its own cookies), optionally behind the proxy as `forwarded_for`."""

    def __init__(self, forwarded_for: str | None = None):
        self.headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()),
                                                  _NoRedirect())

    def _open(self, url: str, data: bytes | None = None):
        request = urllib.request.Request(url, data=data, headers=self.headers)
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:  # 3xx (not followed) and 4xx land here
            return answer.code, answer.read().decode(errors="replace")

    def post(self, server: Server, path: str, fields: dict) -> int:
        status, page = self._open(server.url + path)
        assert status == 200, (path, status)
        token = _CSRF.search(page).group(1)
        data = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        return self._open(server.url + path, data)[0]

    def reset(self, server: Server, n: int) -> int:
        return self.post(server, "/reset", {"email": f"someone{n}.{uuid.uuid4().hex[:6]}@example.nhs.uk"})


@pytest.fixture(scope="module")
def servers():
    _require_redis()
    instance = Path(tempfile.mkdtemp(prefix="community-limits-"))
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED + ("PROXY_FIX", "RATELIMIT_KEY_PREFIX")}
    env.update({"INSTANCE_PATH": str(instance), "DATABASE_URL": f"sqlite:///{instance / 'limits.db'}",
                "SECRET_KEY": uuid.uuid4().hex * 2, "COMMUNITY_ENV": "development",
                "RATELIMIT_STORAGE_URI": REDIS_URL, "PYTHONUNBUFFERED": "1"})
    run = uuid.uuid4().hex[:12]
    proxied = {**env, "PROXY_FIX": "1", "RATELIMIT_KEY_PREFIX": f"limits-test-{run}-proxied"}
    direct = {**env, "PROXY_FIX": "0", "RATELIMIT_KEY_PREFIX": f"limits-test-{run}-direct"}
    started: list[Server] = []
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        started = [Server(proxied, instance / "a.log"), Server(proxied, instance / "b.log"),
                   Server(direct, instance / "c.log")]
        migrate = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi.py", "db", "upgrade"],
                                 cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert migrate.returncode == 0, f"flask db upgrade failed:\n{migrate.stdout}\n{migrate.stderr}"
        _seed(env["DATABASE_URL"], instance)
        for server in started:
            server.wait_until_healthy(deadline)
        yield started
    finally:
        for server in started:
            server.stop()
        shutil.rmtree(instance, ignore_errors=True)


def _seed(database_url: str, instance: Path) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": str(instance),
                      "SECRET_KEY": "seeding-only-" + "x" * 32, "MAIL_SENDER_THREAD": False,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.test_request_context():
        make_member(name="Ada Lovelace", email="ada@example.nhs.uk")
        db.session.remove()
        db.engine.dispose()


def test_a_limit_counts_requests_to_both_processes(servers):
    a, b, _ = servers
    client = Client()
    statuses = [client.reset(server, n) for n, server in enumerate([a, b, a, b, a])]
    assert statuses == [200] * RESETS_PER_HOUR
    # Each process has seen fewer than five; together they have seen five.
    assert client.reset(b, 6) == 429
    assert client.reset(a, 7) == 429


def test_behind_the_proxy_each_client_address_has_its_own_limit(servers):
    a, b, _ = servers
    first, second = Client("198.51.100.10"), Client("198.51.100.20")
    assert [first.reset(a if n % 2 else b, n) for n in range(RESETS_PER_HOUR)] == [200] * RESETS_PER_HOUR
    assert first.reset(a, 6) == 429
    assert first.reset(b, 7) == 429
    # Another client behind the same proxy (the same connecting address) is not limited by it.
    assert second.reset(a, 8) == 200
    assert second.reset(b, 9) == 200


def test_without_proxy_fix_the_forwarded_header_is_ignored(servers):
    _, _, c = servers
    # Every request claims another client address; without PROXY_FIX they are all one client.
    statuses = [Client(f"203.0.113.{n}").reset(c, n) for n in range(RESETS_PER_HOUR + 1)]
    assert statuses == [200] * RESETS_PER_HOUR + [429]


def test_a_locked_address_is_locked_on_every_process(servers):
    a, b, _ = servers
    attacker = Client("192.0.2.66")
    wrong = [attacker.post(a if n % 2 else b, "/login", {"email": "ada@example.nhs.uk", "password": f"guess-{n}"})
             for n in range(5)]
    assert wrong == [422] * 5
    owner = Client("192.0.2.77")
    assert owner.post(b, "/login", {"email": "ada@example.nhs.uk", "password": PASSWORD}) == 429
    assert owner.post(a, "/login", {"email": "ada@example.nhs.uk", "password": PASSWORD}) == 429
