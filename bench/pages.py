"""Time the member directory and the discussion pages in-process: `python -m bench.pages`.

    python -m bench.pages --database-url sqlite:////tmp/bench/community.db
    python -m bench.pages --database-url postgresql+psycopg://postgres@127.0.0.1/community_bench
    python -m bench.pages --suite directory        # or: --suite threads, or python -m bench.threads

Builds the real app against a database filled by `python -m bench.seed`, signs in through the
real /login form (CSRF on), warms up, then times each page with the Flask test client: the whole
request (routing, session, queries, template) without a network or a WSGI server around it.
Prints median, p95 and max per page with the SQL statements each request sends, the page size,
and how busy the machine was with other work during a pause just before that page (above ~10 %
the figures are not clean). An aligned table for people; one JSON line for machines, also
written to bench/results/. Targets: directory p95 < 50 ms (issue 2), threads p95 < 60 ms (issue 3).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from urllib.parse import urlencode

from sqlalchemy import func, select

from community.extensions import db
from community.members.models import Member

from . import bench_app, database_url, describe
from . import threads as thread_bench
from .seed import PASSWORD
from .timing import BenchError, machine_context, measure, print_table, save, sign_in

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

_TOTAL = re.compile(r'role="status"[^>]*>\s*([\d,]+) members?')


def directory_total(html: str) -> int | None:
    match = _TOTAL.search(html)
    return int(match.group(1).replace(",", "")) if match else None


def _listed():
    return (Member.approved_at.is_not(None), Member.suspended_at.is_(None))


def directory_context(app) -> dict:
    return {
        "members": db.session.scalar(select(func.count()).select_from(Member)),
        "listed": db.session.scalar(select(func.count()).select_from(Member).where(*_listed())),
        "page_size": app.config["DIRECTORY_PAGE_SIZE"],
    }


def run_pages(app, engine, email: str, pages: list[tuple[str, str]], args, count) -> list[dict]:
    client = app.test_client()
    # No app context held here: each request pushes and tears down its own, as in a server,
    # so every request gets a fresh database session.
    sign_in(client, email, PASSWORD)
    return [{"page": name, **measure(engine, client, url, args.requests, args.warmup, count,
                                     args.idle_seconds)}
            for name, url in pages if not args.only or name in args.only]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: $DATABASE_URL, else the app's instance/community.db")
    parser.add_argument("--suite", choices=("all", "directory", "threads"), default="all",
                        help="which pages (default all; threads are skipped if none are seeded)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per page first (default 10)")
    parser.add_argument("--target-ms", type=float, default=50.0, help="directory p95 target (default 50)")
    parser.add_argument("--threads-target-ms", type=float, default=thread_bench.TARGET_MS,
                        help="thread pages p95 target (default 60)")
    parser.add_argument("--idle-seconds", type=float, default=1.0,
                        help="pause before each page to measure the machine's other load (default 1; 0 = skip)")
    parser.add_argument("--check", action="store_true", help="exit 1 if any page misses its target")
    parser.add_argument("--only", action="append", metavar="PAGE", help="time only this page (repeatable)")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.warmup < 1:
        parser.error("--requests and --warmup must be at least 1")

    url = database_url(args.database_url)
    # One login per suite is all we send, but a shared limiter store elsewhere should not see us.
    app = bench_app(url, RATELIMIT_ENABLED=False)
    with app.app_context():
        engine = db.engine
        try:
            context = {**machine_context(engine), **directory_context(app)}
            plan = thread_bench.plan() if args.suite != "directory" else None
        except Exception as error:  # no tables yet, wrong URL, server down
            print(f"Cannot read {describe(url)}: {error.__class__.__name__}: {error}\n"
                  "Run `python -m bench.seed --database-url ...` first.", file=sys.stderr)
            return 2
        if not context["listed"]:
            print(f"{describe(url)} has no listed members. Run `python -m bench.seed` first.", file=sys.stderr)
            return 2
        if args.suite == "threads" and plan is None:
            print(f"{describe(url)} has no threads. Run `python -m bench.seed --threads 10000 "
                  "--comments 300000` first.", file=sys.stderr)
            return 2
        email = db.session.scalar(select(Member.email).where(*_listed(), Member.confirmed_at.is_not(None))
                                  .order_by(Member.id).limit(1))
        db.session.remove()

    print("In-process page timings (Flask test client)")
    for key in ("database", "database_url", "members", "listed", "python", "sqlite", "platform",
                "cpu", "cores", "commit"):
        print(f"  {key:<13} {context[key]}")
    print(f"  requests      {args.requests} timed per page after {args.warmup} warm-up")
    missed, report = [], {"context": context, "suites": {}}
    try:
        if args.suite in ("all", "directory"):
            print(f"\nMember directory ({context['page_size']} a page), signed in as {email}")
            pages = [(name, "/members" + ("?" + urlencode(p) if p else "")) for name, p in PAGES]
            results = run_pages(app, engine, email, pages, args, directory_total)
            missed += print_table(results, args.target_ms)
            report["suites"]["directory"] = {"target_p95_ms": args.target_ms, "pages": results}
        if plan is not None:
            c = plan.context
            print(f"\nThreads: {c['threads']} threads, {c['comments']} live comments; thread "
                  f"{c['timed_thread']} has {c['timed_thread_comments']} comments on {c['timed_thread_pages']} pages")
            print(f"  signed in as {plan.viewer_email} ({plan.viewer_discipline}, follows "
                  f"{c['viewer_follows']} threads); 'thread, author' as {plan.author_email}")
            results = run_pages(app, engine, plan.viewer_email, plan.pages, args, _thread_count)
            results += run_pages(app, engine, plan.author_email, plan.author_pages, args, _thread_count)
            missed += print_table(results, args.threads_target_ms)
            report["suites"]["threads"] = {"target_p95_ms": args.threads_target_ms,
                                           "context": plan.context, "pages": results}
    except BenchError as error:
        print(f"bench.pages: {error}", file=sys.stderr)
        return 2
    path = save("pages", engine, report)
    print(f"\nSaved {path}")
    print(json.dumps({"bench": "pages", **report}, separators=(",", ":")))
    return 1 if (args.check and missed) else 0


def _thread_count(html: str) -> int:
    """Threads listed, or posts shown on a thread page."""
    return thread_bench.count_rows(html) or thread_bench.count_posts(html)


if __name__ == "__main__":
    sys.exit(main())
