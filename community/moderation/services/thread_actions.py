"""Moderating whole threads: lock, unlock, pin, unpin, move."""
from __future__ import annotations

from sqlalchemy import select

from ...db import atomic
from ...errors import InvalidInput
from ...extensions import db
from ...members.models import Member
from ...permissions import require
from ...threads.models import Space, Thread
from ...threads.services.counting import count_thread
from ...threads.signals import thread_locked, thread_moved, thread_unlocked
from . import audit

# Switches that change who may do what in the thread are announced (threads.signals).
_ANNOUNCED = {"lock": thread_locked, "unlock": thread_unlocked}

THREAD_SWITCHES = {
    # action: (attribute, new value, refusal when it is already so)
    "lock": ("is_locked", True, "This thread is already locked"),
    "unlock": ("is_locked", False, "This thread is not locked"),
    "pin": ("is_pinned", True, "This thread is already pinned"),
    "unpin": ("is_pinned", False, "This thread is not pinned"),
}


def _thread_summary(thread: Thread) -> str:
    return f"“{thread.title}” in {thread.space.name}"


def switch_thread(moderator: Member, thread: Thread, action: str, reason: str = "") -> Thread:
    """Lock, unlock, pin or unpin a thread."""
    require(moderator, "threads.moderate", thread)
    attribute, value, refusal = THREAD_SWITCHES[action]
    reason = audit.checked_reason(reason, required=False)
    if getattr(thread, attribute) == value:
        raise InvalidInput(thread=refusal)
    with atomic():
        setattr(thread, attribute, value)
        audit.record(moderator, f"thread.{action}", target_type="thread", target_id=thread.id,
                     thread_id=thread.id, summary=_thread_summary(thread), reason=reason)
        if action in _ANNOUNCED:
            db.session.flush()
            _ANNOUNCED[action].send(thread, member=moderator, reason=reason)
    return thread


def move_thread(moderator: Member, thread: Thread, space: str, reason: str = "") -> Thread:
    """Move a thread to another space; both spaces' thread counts follow."""
    require(moderator, "threads.moderate", thread)
    reason = audit.checked_reason(reason, required=False)
    target = db.session.scalar(select(Space).where(Space.slug == space))
    if target is None:
        raise InvalidInput(space="Choose a space to move the thread to")
    if target.id == thread.space_id:
        raise InvalidInput(space=f"The thread is already in {target.name}")
    source = thread.space
    with atomic():
        if thread.held_at is None:
            count_thread(source.id, -1)
            count_thread(target.id, +1)
        thread.space_id = target.id
        audit.record(moderator, "thread.move", target_type="thread", target_id=thread.id,
                     thread_id=thread.id, reason=reason,
                     summary=f"“{thread.title}” from {source.name} to {target.name}")
        db.session.flush()
        thread_moved.send(thread, member=moderator, source=source, target=target, reason=reason)
    db.session.expire(thread)
    db.session.expire(source)
    db.session.expire(target)
    return thread
