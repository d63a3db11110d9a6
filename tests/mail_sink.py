"""A real SMTP server for the outbox tests: `python tests/mail_sink.py PORT DIRECTORY`.

It accepts mail on 127.0.0.1:PORT and stores each message as DIRECTORY/<n>.eml. The recipient's
address picks how it behaves, so one server can play every part a test needs:

- `refuse-…`  RCPT answered 550 (refused for good)
- `later-…`   the first RCPT for the address answered 451 (try later), then accepted
- `stall-…`   the first RCPT for the address writes DIRECTORY/stalled, then waits a minute
- `hang-…`    the message is stored, then the reply to DATA waits a minute
- `vanish-…`  the message is stored, then the connection is dropped without a reply

With --delay every accepted message waits that many seconds before its reply (to make two
senders overlap).
"""
from __future__ import annotations

import argparse
import asyncio
import email
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from email.message import Message
from pathlib import Path

WAIT = 60


class Sink:
    def __init__(self, directory: Path, delay: float):
        self.directory = directory
        self.delay = delay
        self.numbers = itertools.count(1)
        self.seen: set[str] = set()

    def _first_time(self, address: str) -> bool:
        first = address not in self.seen
        self.seen.add(address)
        return first

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refuse-"):
            return "550 5.1.1 No such mailbox here"
        if address.startswith("later-") and self._first_time(address):
            return "451 4.3.0 Try again later"
        if address.startswith("stall-") and self._first_time(address):
            (self.directory / "stalled").write_text(address)
            await asyncio.sleep(WAIT)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        path = self.directory / f"{next(self.numbers):05d}.eml"
        draft = path.with_suffix(".part")
        draft.write_bytes(envelope.content)
        draft.replace(path)
        recipient = envelope.rcpt_tos[0]
        if recipient.startswith("vanish-"):
            server.transport.abort()
        elif recipient.startswith("hang-"):
            await asyncio.sleep(WAIT)
        elif self.delay:
            await asyncio.sleep(self.delay)
        return "250 2.0.0 Accepted"


def main() -> None:
    from aiosmtpd.controller import Controller

    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--delay", type=float, default=0)
    args = parser.parse_args()
    args.directory.mkdir(parents=True, exist_ok=True)
    controller = Controller(Sink(args.directory, args.delay), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(f"listening on 127.0.0.1:{args.port} (pid {os.getpid()})", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


class SmtpSink:
    """The test's handle on the server process: start it, stop it (the server is down), start it
    again on the same port, and read what it received."""

    def __init__(self, directory: Path, delay: float = 0):
        self.directory = directory
        self.delay = delay
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> "SmtpSink":
        self.process = subprocess.Popen(
            [sys.executable, __file__, str(self.port), str(self.directory), "--delay", str(self.delay)],
            stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"the SMTP sink did not start on port {self.port}")
            time.sleep(0.05)
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    @property
    def messages(self) -> list[Message]:
        return [email.message_from_bytes(p.read_bytes()) for p in sorted(self.directory.glob("*.eml"))]

    def wait_until(self, condition, what: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"the SMTP sink never saw {what}")
            time.sleep(0.05)

    def wait_for_file(self, name: str) -> None:
        self.wait_until((self.directory / name).exists, name)

    def wait_for_messages(self, count: int) -> None:
        self.wait_until(lambda: len(self.messages) >= count, f"{count} message(s)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    main()
