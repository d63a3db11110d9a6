"""News from outside threads (a consultation opened, an idea's status changed): a notification
with a subject and a link instead of a thread."""
from __future__ import annotations

from ...dates import utcnow
from ...members.models import Member
from .rows import insert


def notify_members(member_ids, actor: Member, kind: str, subject: str, link: str, key: str) -> list[int]:
    """One notification per member, once per `key`. Call inside the writing transaction; `link`
    is a path on this site. Not repeated in digests (their email, if any, is the caller's)."""
    now = utcnow()
    return insert([{"member_id": member_id, "kind": kind, "actor_id": actor.id, "thread_id": None,
                    "post_id": None, "dedupe_key": key, "subject": subject[:300], "link": link,
                    "reaction_count": 0, "actor_count": 1, "created_at": now, "updated_at": now}
                   for member_id in member_ids])
