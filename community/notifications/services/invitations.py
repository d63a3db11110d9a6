"""Invitations: the thread's author asks a member to join the conversation; a facilitator asks a
member to join an action learning set (rooms.services.sets writes the set side)."""
from __future__ import annotations

from sqlalchemy import update

from ...links import site_url
from ...dates import utcnow
from ...db import atomic
from ...errors import InvalidInput, NotFound
from ...extensions import db
from ...mail import queue_mail
from ...members.models import Member
from ...permissions import can, is_active_member, require
from ...threads.models import Thread, ThreadState
from ..models import Notification
from .rows import count_unread, insert, mail_footer, row


def invite(inviter: Member, thread: Thread, invitee_id: int) -> Member:
    """The thread's author asks a member to join in: a notification and an email, once."""
    require(inviter, "threads.invite", thread,
            "This thread is locked" if thread.author_id == inviter.id
            else "Only the person who started this thread can invite people to it")
    invitee = db.session.get(Member, invitee_id)
    if invitee is None or not is_active_member(invitee):
        raise NotFound()
    if invitee.id == inviter.id:
        raise InvalidInput(member="You started this thread, so you are already in it")
    if not can(invitee, "threads.read", thread):
        raise InvalidInput(member=f"{invitee.name} cannot see this thread")
    state = db.session.get(ThreadState, (invitee.id, thread.id))
    if state is not None and state.follow == "muted":
        raise InvalidInput(member=f"{invitee.name} has turned off notifications from this thread")
    with atomic():
        now = utcnow()
        if not insert([row(invitee.id, "invitation", inviter, thread.id, None,
                             f"invitation:{thread.id}", now)]):
            raise InvalidInput(member=f"You have already invited {invitee.name} to this thread")
        if invitee.is_confirmed:
            link = site_url("threads.show", thread_id=thread.id)
            queue_mail(
                invitee.email, f"{inviter.name} invites you to “{thread.title}”",
                f"Hello {invitee.name},\n\n{inviter.name} ({inviter.discipline_label}) would like "
                f"to hear your perspective ({invitee.discipline_label}) in “{thread.title}”.\n\n"
                f"Join the conversation: {link}\n\n{mail_footer()}")
    return invitee


def notify_set_invitation(invitee: Member, facilitator: Member, set_id: int) -> None:
    """A facilitator invited `invitee` to a set (call inside the inviting transaction). The row
    names the set by id only: a set's words never go into notification or digest text."""
    now = utcnow()
    insert([{"member_id": invitee.id, "kind": "set_invite", "actor_id": facilitator.id, "thread_id": None,
             "set_id": set_id, "post_id": None, "dedupe_key": f"set:{set_id}", "reaction_count": 0,
             "actor_count": 1, "created_at": now, "updated_at": now}])


def answered_set_invitation(member_id: int, set_id: int) -> None:
    """The invitation was accepted, declined or withdrawn: its notification is read, and closed
    (the key freed) so a later invitation to the same set notifies again."""
    about = (Notification.member_id == member_id, Notification.set_id == set_id,
             Notification.kind == "set_invite", Notification.dedupe_key.is_not(None))
    read_now = db.session.execute(update(Notification).where(*about, Notification.read_at.is_(None))
                                  .values(read_at=utcnow())).rowcount
    db.session.execute(update(Notification).where(*about).values(dedupe_key=None))
    count_unread([member_id], -read_now)
