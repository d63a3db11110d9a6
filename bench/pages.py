"""Time the member directory's pages in-process: `python -m bench.pages`.

    python -m bench.pages --database-url sqlite:////tmp/bench/community.db
    python -m bench.pages --database-url postgresql+psycopg://postgres@127.0.0.1/community_bench

Builds the real app against a database filled by `python -m bench.seed`, signs in through the
real /login form (CSRF on), warms up, then times each page with the Flask test client: the whole
request (routing, session, queries, template) without a network or a WSGI server around it.
Prints median, p95 and max per page with the SQL statements each request sends, an aligned
table for people and, as the last line, one JSON object for machines.
"""
from __future__ import annotations

import argparse
import json
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from urllib.parse import urlencode

from sqlalchemy import func, select

from community import ROOT
from community.db import StatementCounter
from community.extensions import db
from community.members.models import Member

from . import bench_app, database_url, describe
from .seed import PASSWORD

# What people do in the directory. The values exist in every database bench.seed makes.
PAGES: list[tuple[str, dict]] = [
    ("directory", {}),
    ("page 50", {"page": 50}),
    ("name search", {"q": "son"}),
    ("discipline", {"discipline": "nursing"}),
    ("organisation", {"organisation": "Riverside University Hospitals NHS Trust"}),
    ("place", {"place": "Eastgate"}),
    ("interest", {"interest": "quality improvement"}),
    ("open to", {"open_to": "mentoring"}),
    ("combined", {"discipline": "medicine", "organisation": "riverside",
                  "interest": "quality improvement", "open_to": "mentoring"}),
]

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
_TOTAL = re.compile(r'role="status"[^>]*>\s*([\d,]+) members?')


class BenchError(Exception):
    pass


def sign_in(client, email: str, password: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    match = _CSRF.search(page)
    if not match:
        raise BenchError("no csrf_token field on /login")
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": match.group(1) or match.group(2)})
    if response.status_code != 302:
        raise BenchError(f"signing in as {email} answered {response.status_code}, not a redirect")


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    index = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def measure(engine, client, url: str, requests: int, warmup: int) -> dict:
    # Warm-up requests also pin the statement count: it must be the same every time.
    counts = set()
    total = None
    for _ in range(warmup):
        with StatementCounter(engine) as counter:
            response = client.get(url)
        if response.status_code != 200:
            raise BenchError(f"{url} answered {response.status_code}")
        counts.add(counter.count)
        match = _TOTAL.search(response.get_data(as_text=True))
        total = int(match.group(1).replace(",", "")) if match else None
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        response.get_data()
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise BenchError(f"{url} answered {response.status_code}")
    timings.sort()
    return {
        "url": url, "results": total, "requests": requests,
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "max_ms": round(timings[-1], 2),
        "statements": max(counts), "statements_vary": len(counts) > 1,
    }


def machine_context(app) -> dict:
    engine = db.engine
    server = engine.dialect.server_version_info or ()
    kind = engine.dialect.name + (" " + ".".join(map(str, server)) if server else "")
    members = db.session.scalar(select(func.count()).select_from(Member))
    listed = db.session.scalar(select(func.count()).select_from(Member).where(
        Member.approved_at.is_not(None), Member.suspended_at.is_(None)))
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True, timeout=5).stdout.strip()
    except OSError:
        commit = ""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info
                        if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "database": kind, "database_url": describe(str(engine.url)),
        "members": members, "listed": listed, "page_size": app.config["DIRECTORY_PAGE_SIZE"],
        "platform": platform.platform(), "cpu": cpu, "commit": commit,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: $DATABASE_URL, else the app's instance/community.db")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per page first (default 10)")
    parser.add_argument("--target-ms", type=float, default=50.0, help="p95 target per page (default 50)")
    parser.add_argument("--check", action="store_true", help="exit 1 if any page misses the target")
    parser.add_argument("--only", action="append", metavar="PAGE",
                        help="time only this page (repeatable): " + ", ".join(n for n, _ in PAGES))
    args = parser.parse_args(argv)
    if args.requests < 1 or args.warmup < 1:
        parser.error("--requests and --warmup must be at least 1")
    pages = [(n, p) for n, p in PAGES if not args.only or n in args.only]
    if not pages:
        parser.error("--only matched no page")

    url = database_url(args.database_url)
    # One login is all we send, but a shared limiter store elsewhere should not see us.
    app = bench_app(url, RATELIMIT_ENABLED=False)
    with app.app_context():
        try:
            context = machine_context(app)
        except Exception as error:  # no tables yet, wrong URL, server down
            print(f"Cannot read members from {describe(url)}: {error.__class__.__name__}: {error}\n"
                  "Run `python -m bench.seed --database-url ...` first.", file=sys.stderr)
            return 2
        if not context["listed"]:
            print(f"{describe(url)} has no listed members. Run `python -m bench.seed` first.",
                  file=sys.stderr)
            return 2
        email = db.session.scalar(
            select(Member.email).where(Member.approved_at.is_not(None), Member.suspended_at.is_(None),
                                       Member.confirmed_at.is_not(None))
            .order_by(Member.id).limit(1))
        engine = db.engine
        db.session.remove()

    print("Member directory, in-process (Flask test client)")
    for key in ("database", "database_url", "members", "listed", "page_size", "python", "sqlite",
                "platform", "cpu", "commit"):
        print(f"  {key:<13} {context[key]}")
    print(f"  signed in as  {email}")
    print(f"  requests      {args.requests} timed per page after {args.warmup} warm-up")
    print()

    client = app.test_client()
    results = []
    try:
        # No app context held here: each request pushes and tears down its own, as in a
        # server, so every request gets a fresh database session.
        sign_in(client, email, PASSWORD)
        for name, params in pages:
            path = "/members" + ("?" + urlencode(params) if params else "")
            results.append({"page": name, **measure(engine, client, path, args.requests, args.warmup)})
    except BenchError as error:
        print(f"bench.pages: {error}", file=sys.stderr)
        return 2

    headers = ("page", "results", "median ms", "p95 ms", "max ms", "statements", "p95 target")
    rows = [(r["page"], "" if r["results"] is None else str(r["results"]), f"{r['median_ms']:.1f}",
             f"{r['p95_ms']:.1f}", f"{r['max_ms']:.1f}",
             str(r["statements"]) + (" (varies!)" if r["statements_vary"] else ""),
             "ok" if r["p95_ms"] < args.target_ms else "MISSED")
            for r in results]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    align = ["<", ">", ">", ">", ">", ">", "<"]
    line = "  ".join(f"{{:{a}{w}}}" for a, w in zip(align, widths))
    print(line.format(*headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line.format(*row))
    for r in results:
        print(f"  {r['page']:<13} {r['url']}")
    missed = [r["page"] for r in results if r["p95_ms"] >= args.target_ms]
    print()
    print(f"p95 target {args.target_ms:g} ms: " + (f"missed by {', '.join(missed)}" if missed else "every page meets it"))
    print(json.dumps({"bench": "members.directory", "target_p95_ms": args.target_ms,
                      "context": context, "pages": results}, separators=(",", ":")))
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
