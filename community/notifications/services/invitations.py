"""Invitations: the thread's author asks a member to join the conversation."""
from __future__ import annotations

from ...links import site_url
from ...dates import utcnow
from ...db import atomic
from ...errors import InvalidInput, NotFound
from ...extensions import db
from ...mail import queue_mail
from ...members.models import Member
from ...permissions import can, is_active_member, require
from ...threads.models import Thread, ThreadState
from .rows import insert, mail_footer, row


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
