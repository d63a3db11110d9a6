"""Data generators and benchmarks (not tests): `python -m bench.seed`, `python -m bench.pages`,
`python -m bench.threads`, `bash bench/compare_flaskbb.sh`. See bench/README.md."""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from community import ROOT, create_app

BENCH_INSTANCE = Path(tempfile.gettempdir()) / "community-bench-instance"


def database_url(given: str | None) -> str:
    """--database-url, else DATABASE_URL, else the app's default (instance/community.db)."""
    return given or os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'instance' / 'community.db'}"


def describe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def bench_app(url: str, **config):
    """The real application, pointed at `url`, with nothing written to the developer's instance/."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    BENCH_INSTANCE.mkdir(parents=True, exist_ok=True)
    return create_app({
        "SQLALCHEMY_DATABASE_URI": url,
        # Mail outbox, search index and the like go here, not into the checkout's instance/.
        "INSTANCE_PATH": str(BENCH_INSTANCE),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48),
        **config,
    })
