"""Real parts for the browser journeys.

- `server`: `python wsgi.py` in its own process on a free port, with its own instance folder,
  SQLite file (schema made by the real migrations: `flask db upgrade`), secret key and outbox.
  Rate limits stay on, so the journeys must keep under them (see JOIN_BUDGET).
- `browser`: Debian's Chromium driven by Playwright, one per run.
- `new_context`: a fresh browser context (a separate person); every page in it records console
  errors and uncaught exceptions, and the test fails at teardown if there were any.
- `axe_check`: runs axe-core on the current page and fails on any WCAG 2.x A/AA violation.

e2e runs on SQLite even when TEST_DATABASE_URL points the unit tests at PostgreSQL.
"""
from __future__ import annotations

import email
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
# The interpreter running pytest is the project's venv (`make e2e` uses .venv/bin/python).
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_PATH = "/__axe-core__/axe.min.js"  # never a route of the app: the browser test answers it
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# POST /join allows 5 an hour per address and every test shares one server (and 127.0.0.1):
# the journeys together must stay at or under this many join submissions.
JOIN_BUDGET = 5

STARTUP_TIMEOUT = 20  # seconds for /healthz to answer 200
ACTION_TIMEOUT = 10_000  # ms for a click, fill or expect()
NAVIGATION_TIMEOUT = 20_000  # ms for a page load

# Settings the server reads from the environment that would change what the journeys see.
_SCRUBBED = ("COMMUNITY_ENV", "DATABASE_URL", "TEST_DATABASE_URL", "SECRET_KEY", "INSTANCE_PATH",
             "MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS",
             "MAIL_FROM", "MAIL_SENDER_THREAD", "MAIL_SEND_INTERVAL", "MAIL_MAX_ATTEMPTS",
             "MAIL_KEEP_SENT_DAYS", "SOCKETIO_MESSAGE_QUEUE", "RATELIMIT_STORAGE_URI",
             "RATELIMIT_ENABLED",
             "JOIN_ALLOWED_EMAIL_DOMAINS", "JOIN_REQUIRES_APPROVAL", "CONFIRM_TOKEN_MAX_AGE",
             "RESET_TOKEN_MAX_AGE", "SESSION_COOKIE_SECURE", "PROXY_FIX", "MAX_CONTENT_LENGTH",
             "FLASK_APP", "FLASK_DEBUG", "FLASK_RUN_PORT", "FLASK_RUN_HOST", "BASE_URL",
             "SOCKETIO_CHANNEL", "HOLD_WORDS", "HOLD_WORDS_FILE", "POSTS_PER_HOUR",
             "NEW_MEMBER_DAYS", "NEW_MEMBER_APPROVED_POSTS", "NEW_MEMBER_POSTS_PER_HOUR",
             "ROOM_MESSAGES_PER_MINUTE", "ROOM_PRESENCE_GRACE_SECONDS")

expect.set_options(timeout=ACTION_TIMEOUT)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@dataclass
class Server:
    """The running app: its address, its instance folder, and its command line."""

    url: str
    instance: Path
    env: dict
    process: subprocess.Popen
    log: Path

    def flask(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        """Run a `flask` command against the same database, as an operator would."""
        result = subprocess.run([str(BIN / "flask"), "--app", "wsgi.py", *args], cwd=ROOT,
                                env=self.env, capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, (
            f"flask {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result

    def flask_all(self, *commands: list[str], timeout: float = 60) -> None:
        """Run several `flask` commands at once (each pays the app's start-up cost)."""
        processes = [subprocess.Popen([str(BIN / "flask"), "--app", "wsgi.py", *args], cwd=ROOT,
                                      env=self.env, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True)
                     for args in commands]
        failures = []
        for args, process in zip(commands, processes):
            try:
                output, _ = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                output, _ = process.communicate()
            if process.returncode != 0:
                failures.append(f"flask {' '.join(args)} failed ({process.returncode}):\n{output}")
        assert not failures, "\n".join(failures)

    # Mail: with MAIL_SERVER unset the app writes each message to <instance>/outbox/*.eml.

    @property
    def outbox(self) -> Path:
        return self.instance / "outbox"

    def mail_to(self, address: str) -> list[Message]:
        """Messages to `address`, oldest first (file names start with a UTC timestamp)."""
        if not self.outbox.exists():
            return []
        messages = [email.message_from_bytes(p.read_bytes()) for p in sorted(self.outbox.glob("*.eml"))]
        return [m for m in messages if m["To"] == address]

    def link_mailed_to(self, address: str, path_prefix: str, timeout: float = 10) -> str:
        """The newest link starting with `path_prefix` in mail to `address` (waits for it)."""
        deadline = time.monotonic() + timeout
        while True:
            for message in reversed(self.mail_to(address)):
                body = message.get_payload(decode=True).decode()
                for link in re.findall(r"https?://\S+", body):
                    path = re.sub(r"^https?://[^/]+", "", link)
                    if path.startswith(path_prefix):
                        # The app builds absolute links from BASE_URL, set to this server's
                        # address: a person following it must land on the server they joined through.
                        assert link.startswith(self.url + "/"), (
                            f"mailed link {link} does not point at {self.url}")
                        return link
            if time.monotonic() > deadline:
                subjects = [m["Subject"] for m in self.mail_to(address)]
                raise AssertionError(f"no {path_prefix} link mailed to {address}; mail: {subjects}")
            time.sleep(0.05)

    def assert_healthy_log(self, since: int) -> None:
        """No tracebacks and no 500s in the server's log after byte offset `since`."""
        text = self.log.read_bytes()[since:].decode(errors="replace")
        problems = [line for line in text.splitlines()
                    if "Traceback" in line or re.search(r'" 5\d\d ', line) or "500 on " in line]
        assert not problems, "server logged errors:\n" + _tail(self.log, 80)


def _start(env: dict, log_path: Path) -> tuple[subprocess.Popen, str]:
    """Start wsgi.py on a free port; retry on another port if it dies at once (port taken)."""
    last_error = ""
    for _attempt in range(3):
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        log = log_path.open("ab")
        process = subprocess.Popen(
            [str(BIN / "python"), "wsgi.py", "--host", "127.0.0.1", "--port", str(port)],
            # Links in mail come from BASE_URL alone (community/links.py): this server's address.
            cwd=ROOT, env={**env, "BASE_URL": url}, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                last_error = f"server exited with {process.returncode}"
                break
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return process, url
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        else:
            _stop(process)
            raise AssertionError(f"/healthz did not answer 200 within {STARTUP_TIMEOUT}s:\n"
                                 + _tail(log_path))
    raise AssertionError(f"{last_error}:\n{_tail(log_path)}")


def _stop(process: subprocess.Popen) -> None:
    """By PID: terminate, then kill if it has not gone after a while."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def running_server() -> Iterator[Server]:
    """A server of its own: for tests whose data would change what other journeys see."""
    instance = Path(tempfile.mkdtemp(prefix="community-e2e-"))
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
    env.update({
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": f"sqlite:///{instance / 'e2e.db'}",
        "SECRET_KEY": secrets.token_urlsafe(36),  # 48 characters
        "COMMUNITY_ENV": "development",
        "RATELIMIT_STORAGE_URI": "memory://",  # this process's own counters, fresh every run
        "PYTHONUNBUFFERED": "1",
    })
    log_path = instance / "server.log"
    migrate = subprocess.run([str(BIN / "flask"), "--app", "wsgi.py", "db", "upgrade"], cwd=ROOT,
                             env=env, capture_output=True, text=True, timeout=60)
    assert migrate.returncode == 0, f"flask db upgrade failed:\n{migrate.stdout}\n{migrate.stderr}"
    process, url = _start(env, log_path)
    running = Server(url=url, instance=instance, env=env, process=process, log=log_path)
    try:
        yield running
    finally:
        _stop(process)
        if os.environ.get("E2E_KEEP_INSTANCE"):
            print(f"\ne2e instance kept at {instance}")
        else:
            shutil.rmtree(instance, ignore_errors=True)


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    with running_server() as running:
        yield running


@pytest.fixture(autouse=True)
def _server_stays_healthy(request, server):
    """Each test must leave no tracebacks or 500s in the server's log."""
    since = server.log.stat().st_size
    yield
    server.assert_healthy_log(since)


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (set E2E_CHROMIUM to another binary)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class BrowserProblems:
    """Console errors and uncaught exceptions seen by the pages of one test."""

    errors: list[str] = field(default_factory=list)
    # Form pages answer 422 when the form has errors (DESIGN: "a clear message and a 4xx
    # status"); Chromium logs that document's status as a console error. Only that is expected.
    expected_document_statuses: tuple[int, ...] = (422,)

    def watch(self, page: Page) -> None:
        failed_documents: set[str] = set()

        def on_response(response) -> None:
            if (response.request.resource_type == "document"
                    and response.status in self.expected_document_statuses):
                failed_documents.add(response.url)

        def on_console(message) -> None:
            if message.type != "error":
                return
            if (message.text.startswith("Failed to load resource")
                    and message.location.get("url") in failed_documents):
                return
            self.errors.append(f"console error on {page.url}: {message.text} "
                               f"({message.location.get('url')})")

        page.on("response", on_response)
        page.on("console", on_console)
        page.on("pageerror", lambda error: self.errors.append(f"page error on {page.url}: {error}"))


@pytest.fixture
def new_context(browser, server):
    """`new_context()` -> a BrowserContext for one person, pointed at the server.

    By default the real Content-Security-Policy applies, so an inline script would show up as a
    console error; axe_check works with it on. `new_context(axe=True)` bypasses CSP.
    `new_context(expect_statuses=(404,))`: documents answering those are not console errors.
    """
    contexts: list[BrowserContext] = []
    problems = BrowserProblems()

    def make(axe: bool = False, expect_statuses: tuple[int, ...] = ()) -> BrowserContext:
        # A test that opens error pages on purpose says which statuses it expects.
        problems.expected_document_statuses += tuple(expect_statuses)
        context = browser.new_context(base_url=server.url, bypass_csp=axe, locale="en-GB",
                                      timezone_id="Europe/London",
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(ACTION_TIMEOUT)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT)
        context.on("page", problems.watch)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert not problems.errors, "the browser reported problems:\n" + "\n".join(problems.errors)


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` in {ROOT}")
    return AXE_JS


@pytest.fixture
def axe_check(axe_source):
    """`axe_check(page, label)`: zero WCAG 2.0/2.1/2.2 A and AA violations on the page as it is."""

    def check(page: Page, label: str = "") -> dict:
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Served as if from the site itself, so the page's own CSP (script-src 'self') admits it.
            page.route(f"**{AXE_PATH}", lambda route: route.fulfill(path=str(axe_source),
                                                                    content_type="text/javascript"))
            page.add_script_tag(url=AXE_PATH)
        results = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            AXE_TAGS)
        violations = results["violations"]
        report = "\n".join(
            f"  {v['id']} ({v['impact']}): {v['help']}\n    "
            + "\n    ".join(" ".join(map(str, node["target"])) for node in v["nodes"][:3])
            for v in violations)
        assert not violations, f"axe: {len(violations)} violation(s) on {label or page.url}:\n{report}"
        assert results["passes"], f"axe ran no checks on {label or page.url}"
        return results

    return check
