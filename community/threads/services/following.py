"""Following, muting and read marks."""
from __future__ import annotations

from sqlalchemy import case

from ...db import atomic
from ...dialects import upsert
from ...members.models import Member
from ..models import Thread, ThreadState
from ..signals import thread_read


def set_follow(member: Member, thread: Thread, state: str | None) -> None:
    with atomic():
        upsert(ThreadState, {"member_id": member.id, "thread_id": thread.id, "follow": state,
                             "last_read_number": 0},
               index=["member_id", "thread_id"], set_={"follow": state})


def mark_read(member: Member, thread: Thread, number: int) -> None:
    """Read up to `number`; marks only move forward, and never past the thread's last post."""
    number = min(number, thread.last_number)
    with atomic():
        upsert(ThreadState, {"member_id": member.id, "thread_id": thread.id, "follow": None,
                             "last_read_number": number},
               index=["member_id", "thread_id"],
               set_={"last_read_number": case((ThreadState.last_read_number < number, number),
                                                  else_=ThreadState.last_read_number)})
        thread_read.send(thread, member=member, number=number)
