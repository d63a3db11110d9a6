"""Notification operations, one module per kind of work: notifying (who hears about what happens
in threads: the signal receivers), invitations, inbox (a member's own list: reading, opening,
marking read), news (notifications from outside threads), digests, suggestions (@mention suggestions) and rows (the dedupe insert, unread
counter and reaction batches they share).

The functions callers use are named here too, so `from community.notifications import services`
keeps reading as one face of the domain."""
from .digests import DigestRun, send_digests, set_digest_frequency
from .inbox import PAGE_SIZE, describe, mark_all_read, on_thread_read, open_notification, page, snippet
from .invitations import answered_set_invitation, invite, notify_set_invitation
from .news import notify_members
from .notifying import notify_post, on_post_created, on_post_edited, on_reaction_added
from .suggestions import SUGGESTIONS, suggest_members

__all__ = [
    "DigestRun", "PAGE_SIZE", "SUGGESTIONS", "answered_set_invitation", "describe", "invite", "mark_all_read",
    "notify_members", "notify_post", "notify_set_invitation", "on_post_created", "on_post_edited",
    "on_reaction_added", "on_thread_read", "open_notification",
    "page", "send_digests", "set_digest_frequency", "snippet", "suggest_members",
]
