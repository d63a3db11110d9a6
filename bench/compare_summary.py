"""Summarise a bench/compare_flaskbb.sh run: req/s of both apps, the ratio, and how busy the
machine was with other work before each measurement.

    python bench/compare_summary.py bench/results/compare-<time>

Reads runs.jsonl (ours, plus idle checks), flaskbb-summary.json and flaskbb-runs.jsonl (from the
anchor's harness), meta.json and plan.json; writes summary.md and summary.json beside them.
"""
from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

TARGET_RATIO = 10.0
OURS = {"ours_thread_p1": "Community: 200-comment thread, page 1 (50 a page, as shipped), signed in",
        "ours_thread_all": "Community: 200-comment thread, all on one page, signed in"}
THEIRS = {"topic_big": "FlaskBB 2.2.0: 200-post topic on one page, anonymous",
          "topic_big_10pp": "FlaskBB 2.2.0: same topic, its default 10 posts a page, anonymous"}


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def _ours(runs: list[dict], page: str) -> dict | None:
    load = [r for r in runs if r["page"] == page and r["kind"] == "load"]
    if not load:
        return None
    c1 = [r for r in runs if r["page"] == page and r["kind"] == "c1"]
    requests = sum(r["requests"] for r in load)
    return {"rps": _median([r["rps"] for r in load]), "rps_all": [r["rps"] for r in load],
            "p50_ms": _median([r["lat_p50_ms"] for r in load]), "p99_ms": _median([r["lat_p99_ms"] for r in load]),
            "errors": sum(r["err_connect"] + r["err_read"] + r["err_write"] + r["err_status"] + r["err_timeout"]
                          for r in load),
            "requests": requests, "kb": round(sum(r["bytes"] for r in load) / max(1, requests) / 1024),
            "c1_p50_ms": _median([r["lat_p50_ms"] for r in c1])}


def _worker_share(runs: list[dict], page: str) -> str:
    """'52/48': how the load's CPU time split between the gunicorn workers."""
    row = next((r for r in runs if r.get("kind") == "worker_cpu" and r["page"] == page), None)
    if not row:
        return ""
    used = [float(b) - float(a) for a, b in zip(row["before"].split(), row["after"].split())]
    total = sum(used)
    return "/".join(str(round(100 * u / total)) for u in used) if total > 0 else ""


def _idle(runs: list[dict], page: str) -> int | None:
    checks = [r["busy_pct"] for r in runs if r.get("kind") == "idle_check" and r["page"] == page]
    return max(checks) if checks else None


def main(folder: str) -> int:
    res = Path(folder)
    runs = _lines(res / "runs.jsonl")
    theirs_runs = _lines(res / "flaskbb-runs.jsonl")
    flaskbb = json.loads((res / "flaskbb-summary.json").read_text())
    meta = json.loads((res / "meta.json").read_text()) if (res / "meta.json").exists() else {}
    plan = json.loads((res / "plan.json").read_text()) if (res / "plan.json").exists() else {}
    rows = []
    for page, label in THEIRS.items():
        row = next((r for r in flaskbb.get("rows", []) if r["page"] == page), None)
        if row:
            idle = _idle(theirs_runs, page)
            if idle is None:
                idle = flaskbb.get("meta", {}).get("idle_busy_pct_max")
            rows.append({"page": page, "label": label, "rps": row["rps"], "rps_all": row["rps_all"],
                         "p50_ms": row["lat_p50_ms"], "p99_ms": row["lat_p99_ms"], "errors": row["errors"],
                         "requests": row["requests"], "kb": round(row["bytes_per_resp"] / 1024),
                         "c1_p50_ms": row["c1_p50_ms"], "idle_busy_pct": idle})
    for page, label in OURS.items():
        row = _ours(runs, page)
        if row:
            rows.append({"page": page, "label": label, **row, "idle_busy_pct": _idle(runs, page),
                         "worker_cpu_split": _worker_share(runs, page)})
    base = next((r["rps"] for r in rows if r["page"] == "topic_big"), None)
    for row in rows:
        row["x_flaskbb_200"] = round(row["rps"] / base, 1) if base else None

    lines = [f"| what | req/s (median of {meta.get('repeats', 3)}) | runs | p50 ms | p99 ms | errors/requests | 1-conn p50 ms | "
             "KB/resp | idle busy % | x FlaskBB 200-post |", "|" + "---|" * 10]
    for r in rows:
        lines.append(f"| {r['label']} | **{r['rps']}** | {' / '.join(map(str, r['rps_all']))} | {r['p50_ms']} | "
                     f"{r['p99_ms']} | {r['errors']}/{r['requests']} | {r['c1_p50_ms']} | {r['kb']} | "
                     f"{'' if r['idle_busy_pct'] is None else r['idle_busy_pct']} | {r['x_flaskbb_200']} |")
    verdict = []
    for page in OURS:
        row = next((r for r in rows if r["page"] == page), None)
        if row and row["x_flaskbb_200"] is not None:
            verdict.append(f"{page}: {row['rps']} req/s = {row['x_flaskbb_200']}x FlaskBB's {base} req/s "
                           f"({'meets' if row['x_flaskbb_200'] >= TARGET_RATIO else 'MISSES'} the {TARGET_RATIO:g}x target)")
    busy = [r["idle_busy_pct"] for r in rows if r["idle_busy_pct"] is not None]
    if busy and max(busy) > 10:
        verdict.append(f"machine up to {max(busy)} % busy with other work between runs: not a quiet machine, "
                       "rerun for clean figures")
    context = ", ".join(f"{k}={v}" for k, v in meta.items())
    thread = (f"Community thread {plan.get('thread_id')} ({plan.get('thread_comments')} comments, "
              f"{plan.get('pages')} pages of 50), signed in as {plan.get('email')}; {plan.get('threads')} "
              f"threads, {plan.get('comments')} comments in the database") if plan else ""
    split = [f"{r['page']}: worker CPU split {r['worker_cpu_split']} %" for r in rows if r.get("worker_cpu_split")]
    md = "\n".join([context, thread, "", *lines, "", *verdict, *split])
    print(md)
    (res / "summary.md").write_text(md + "\n")
    (res / "summary.json").write_text(json.dumps({"meta": meta, "plan": plan, "rows": rows,
                                                  "verdict": verdict}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
