"""One transaction per service call, and side effects that wait for the commit.

Services write inside `atomic()`; anything that must not happen for a write that
rolls back (mail, search indexing, live broadcasts) is queued with `on_commit()`
and runs only once the commit has succeeded.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .extensions import db

log = logging.getLogger(__name__)

_PENDING = "community.on_commit"
_DEPTH = "community.atomic_depth"


@contextmanager
def atomic() -> Iterator[Session]:
    """Commit on success, roll back and re-raise on error.

    A service that calls another service's function joins the outer transaction:
    only the outermost block commits, so one user intention is one commit.
    """
    session = db.session()
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    try:
        yield session
        if depth == 0:
            session.commit()
    except BaseException:
        if depth == 0:
            session.rollback()
        raise
    finally:
        session.info[_DEPTH] = depth


def in_atomic() -> bool:
    """Whether the caller is inside `atomic()`, so what it writes commits or rolls back with it."""
    return db.session().info.get(_DEPTH, 0) > 0


def on_commit(callback: Callable[[], None]) -> None:
    """Run `callback` after the current transaction commits; drop it on rollback."""
    db.session().info.setdefault(_PENDING, []).append(callback)


def is_unique_violation(error: IntegrityError) -> bool:
    text = str(error.orig).lower()
    return "unique" in text or "duplicate key" in text


@event.listens_for(Session, "after_commit")
def _run_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, [])
    for callback in pending:
        try:
            callback()
        except Exception:  # a failed side effect never undoes a committed write
            log.exception("after-commit task %r failed", callback)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, previous_transaction) -> None:
    session.info.pop(_PENDING, None)


class StatementCounter:
    """Counts SQL statements sent to an engine; tests use it to pin queries per page."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[str] = []

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    def __enter__(self) -> "StatementCounter":
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        return len(self.statements)
