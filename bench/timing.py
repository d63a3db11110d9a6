"""What the in-process benchmarks share: signing in, timing a page, the machine's idle load,
the table printed for people and the JSON kept in bench/results/."""
from __future__ import annotations

import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from community import ROOT
from community.db import StatementCounter

from . import describe

RESULTS = ROOT / "bench" / "results"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


class BenchError(Exception):
    pass


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    if not match:
        raise BenchError("no csrf_token field on the page")
    return match.group(1) or match.group(2)


def sign_in(client, email: str, password: str) -> None:
    """Through the real /login form, CSRF token and all."""
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    if response.status_code != 302:
        raise BenchError(f"signing in as {email} answered {response.status_code}, not a redirect")


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    index = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def _cpu_times() -> tuple[int, int]:
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:9]]
    return sum(fields), fields[3] + fields[4]  # total, idle + iowait


def idle_busy_pct(seconds: float) -> int | None:
    """CPU busy % of the whole machine while we sleep: other people's load, not ours.

    The same measure as ../shared/anchors/flaskbb/bench.sh's idle_check. Above ~10 % the
    figures next to it were taken on a machine that was not quiet.
    """
    if seconds <= 0:
        return None
    try:
        total_a, idle_a = _cpu_times()
        time.sleep(seconds)
        total_b, idle_b = _cpu_times()
    except OSError:
        return None
    total = total_b - total_a
    return round(100 * (total - (idle_b - idle_a)) / total) if total > 0 else 0


def measure(engine, client, url: str, requests: int, warmup: int,
            count: Callable[[str], int | None] | None = None, idle_seconds: float = 1.0) -> dict:
    """Median, p95 and max of `requests` timed GETs after `warmup` untimed ones."""
    busy = idle_busy_pct(idle_seconds)
    # Warm-up requests also pin the statement count: it must be the same every time.
    counts, results = set(), None
    for _ in range(warmup):
        with StatementCounter(engine) as counter:
            response = client.get(url)
        if response.status_code != 200:
            raise BenchError(f"{url} answered {response.status_code}")
        counts.add(counter.count)
        results = count(response.get_data(as_text=True)) if count else None
    size = len(response.get_data())
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
        "url": url, "results": results, "requests": requests,
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "max_ms": round(timings[-1], 2),
        "statements": max(counts), "statements_vary": len(counts) > 1,
        "kb": round(size / 1024, 1), "idle_busy_pct": busy,
    }


def machine_context(engine) -> dict:
    server = engine.dialect.server_version_info or ()
    kind = engine.dialect.name + (" " + ".".join(map(str, server)) if server else "")
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
        "platform": platform.platform(), "cpu": cpu, "cores": _cores(), "commit": commit,
        "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def print_table(results: list[dict], target_ms: float) -> list[str]:
    """The aligned table; returns the pages that missed the target."""
    headers = ("page", "results", "median ms", "p95 ms", "max ms", "SQL", "KB", "idle busy %", "p95 target")
    rows = [(r["page"], "" if r["results"] is None else str(r["results"]), f"{r['median_ms']:.1f}",
             f"{r['p95_ms']:.1f}", f"{r['max_ms']:.1f}",
             str(r["statements"]) + (" (varies!)" if r["statements_vary"] else ""), f"{r['kb']:.0f}",
             "" if r["idle_busy_pct"] is None else str(r["idle_busy_pct"]),
             "ok" if r["p95_ms"] < target_ms else "MISSED")
            for r in results]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    align = ["<", ">", ">", ">", ">", ">", ">", ">", "<"]
    line = "  ".join(f"{{:{a}{w}}}" for a, w in zip(align, widths))
    print(line.format(*headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line.format(*row))
    for r in results:
        print(f"  {r['page']:<{widths[0]}} {r['url']}")
    missed = [r["page"] for r in results if r["p95_ms"] >= target_ms]
    busy = [r["idle_busy_pct"] for r in results if r["idle_busy_pct"] is not None]
    print(f"p95 target {target_ms:g} ms: "
          + (f"missed by {', '.join(missed)}" if missed else "every page meets it")
          + (f"; machine {min(busy)}-{max(busy)} % busy with other work while we paused"
             + (" (not quiet: rerun on a quiet machine for clean figures)" if max(busy) > 10 else "")
             if busy else ""))
    return missed


def save(name: str, engine, payload: dict) -> Path:
    """bench/results/<name>-<database>-<UTC time>.json (the folder is git-ignored)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{name}-{engine.dialect.name}-{stamp}.json"
    path.write_text(json.dumps(payload, indent=1) + "\n")
    return path
