"""Which tracked rows a transaction changed, handed to subscribers once it commits.

Search (and anything else that keeps a copy of what members wrote) must follow the database: a
post created, edited, hidden, unhidden, moved or deleted is re-read after the commit and its copy
brought up to date; a rolled-back write hands over nothing. Domains say which models matter in
their `register()` (`track(Post, "post")`); subscribers say what to do (`subscribe(fn)`, with
`fn(changes)` called after each commit that changed a tracked row, outside the transaction).

What is recorded is only (kind, id, what happened): subscribers read the row again, so they see
the committed state (hidden or not, which space) and need no diff. An UPDATE statement that
bypasses the ORM is not seen here; code that changes a tracked row that way calls `record()`.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

CREATED, CHANGED, DELETED = "created", "changed", "deleted"
_KEY = "community.changes"

_tracked: dict[type, str] = {}
_subscribers: list[Callable[[list["Change"]], None]] = []


@dataclass(frozen=True)
class Change:
    kind: str    # "post", "thread", "member", ...
    id: int
    what: str    # CREATED, CHANGED or DELETED


def track(model: type, kind: str) -> None:
    _tracked[model] = kind


def subscribe(subscriber: Callable[[list[Change]], None]) -> None:
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def unsubscribe(subscriber: Callable[[list[Change]], None]) -> None:
    if subscriber in _subscribers:
        _subscribers.remove(subscriber)


def record(session: Session, kind: str, ident: int, what: str = CHANGED) -> None:
    """Note a change the ORM cannot see (a bulk UPDATE or DELETE of a tracked row)."""
    pending: dict[tuple[str, int], str] = session.info.setdefault(_KEY, {})
    key = (kind, ident)
    before = pending.get(key)
    if before == CREATED and what == DELETED:
        del pending[key]           # made and unmade in one transaction: nobody needs to know
    elif before == CREATED:
        pass                       # still new, whatever else happened to it
    else:
        pending[key] = what


@event.listens_for(Session, "after_flush")
def _collect(session: Session, flush_context) -> None:
    if not _tracked:
        return
    for what, objects in ((CREATED, session.new), (CHANGED, session.dirty), (DELETED, session.deleted)):
        for obj in objects:
            kind = _tracked.get(type(obj))
            if kind is None or (what == CHANGED and not session.is_modified(obj, include_collections=False)):
                continue
            # New rows have their key by now, though not yet their identity (that comes after).
            ident = inspect(obj).mapper.primary_key_from_instance(obj)[0]
            if ident is not None:
                record(session, kind, ident, what)


@event.listens_for(Session, "after_commit")
def _hand_over(session: Session) -> None:
    pending = session.info.pop(_KEY, None)
    if not pending:
        return
    changes = [Change(kind, ident, what) for (kind, ident), what in pending.items()]
    for subscriber in list(_subscribers):
        try:
            subscriber(changes)
        except Exception:  # a copy that failed to follow is rebuilt later; the write stands
            log.exception("change subscriber %r failed", subscriber)


@event.listens_for(Session, "after_soft_rollback")
def _drop(session: Session, previous_transaction) -> None:
    session.info.pop(_KEY, None)
