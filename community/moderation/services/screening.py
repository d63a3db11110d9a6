"""What happens to a post before it is written: posting rate limits and the hold word list.

The posting services send `threads.signals.screening` once, before they write; `screen` answers
it (connected by `moderation.register`). For a new post it raises `RateLimited` when the author
has posted too often in the last hour (tighter for new members); for a new post or an edit it
answers why the post must be held for review, or None.

The limits count the author's stored posts in the database, so they hold across server processes,
count only what was really posted (not failed attempts or double clicks), and apply to every way
of posting (forms, live sockets, the CLI).
"""
from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from ...dates import utcnow
from ...errors import RateLimited
from ...extensions import db
from ...members.models import Member
from ...permissions import is_moderator
from ...threads.models import Post

HOUR = timedelta(hours=1)

# path -> (modification time, words): the file is read again only when it changes.
_file_cache: dict[str, tuple[float, tuple[str, ...]]] = {}


def screen(author: Member, *, text: str, post: Post | None = None, **_) -> str | None:
    """`threads.signals.screening` receiver. A new post (`post` None) over the author's rate limit
    is refused; a new post or an edit (`post`, the post being edited) that brings in a listed word
    is held for review. Moderators' words are never held."""
    if post is None:
        check_rate(author)
    elif post.held_at is not None:
        return None
    if is_moderator(author):
        return None
    matched = held_words(text)
    if not matched:
        return None
    lead = "Matched the review list: " if post is None else "Edited to match the review list: "
    return lead + ", ".join(matched)


def is_new_member(member: Member, now: datetime | None = None) -> bool:
    """In their first NEW_MEMBER_DAYS days and with fewer than NEW_MEMBER_APPROVED_POSTS visible posts."""
    config = current_app.config
    if is_moderator(member) or member.joined_at is None:
        return False
    if (now or utcnow()) - member.joined_at >= timedelta(days=config["NEW_MEMBER_DAYS"]):
        return False
    visible = db.session.scalar(select(func.count()).select_from(Post).where(
        Post.author_id == member.id, Post.held_at.is_(None), Post.hidden_at.is_(None)))
    return visible < config["NEW_MEMBER_APPROVED_POSTS"]


def check_rate(author: Member) -> None:
    config = current_app.config
    general = config["POSTS_PER_HOUR"]
    newcomer = config["NEW_MEMBER_POSTS_PER_HOUR"]
    if not general and not newcomer:
        return
    now = utcnow()
    count, oldest = db.session.execute(select(func.count(), func.min(Post.created_at)).where(
        Post.author_id == author.id, Post.created_at > now - HOUR)).one()
    if general and count >= general:
        raise RateLimited(body=f"You can post up to {general} times an hour. {_wait(oldest, now)}")
    if newcomer and count >= newcomer and is_new_member(author, now):
        raise RateLimited(body=(
            f"While you are new here you can post up to {newcomer} times an hour; this changes "
            f"once a few of your posts are up, or after {config['NEW_MEMBER_DAYS']} days. "
            f"{_wait(oldest, now)}"))


def _wait(oldest: datetime | None, now: datetime) -> str:
    minutes = max(1, math.ceil(((oldest + HOUR) - now).total_seconds() / 60)) if oldest else 60
    return (f"You can post again in {minutes} minute{'s' if minutes != 1 else ''}. "
            "What you wrote is still here.")


def hold_words() -> tuple[str, ...]:
    """HOLD_WORDS from the settings plus the lines of HOLD_WORDS_FILE (# starts a comment)."""
    config = current_app.config
    words = [w.strip().lower() for w in config.get("HOLD_WORDS") or [] if w.strip()]
    return tuple(dict.fromkeys([*words, *_file_words(config.get("HOLD_WORDS_FILE"))]))


def _file_words(path: str | None) -> tuple[str, ...]:
    if not path:
        return ()
    file = Path(path)
    try:
        mtime = file.stat().st_mtime
    except OSError:
        return ()
    cached = _file_cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    lines = (line.split("#", 1)[0].strip().lower() for line in file.read_text(errors="replace").splitlines())
    words = tuple(dict.fromkeys(line for line in lines if line))
    _file_cache[path] = (mtime, words)
    return words


def _pattern(word: str) -> str:
    """A whole word or phrase, any spacing between words; a trailing * matches any ending."""
    stem, wildcard = (word[:-1], True) if word.endswith("*") else (word, False)
    body = r"\s+".join(re.escape(part) for part in stem.split())
    ending = r"\w*" if wildcard else r"(?!\w)"
    return r"(?<!\w)" + body + ending


def held_words(text: str) -> list[str]:
    """The listed words and phrases that `text` contains, in list order."""
    lowered = text.lower()
    return [w for w in hold_words() if w.rstrip("*").strip() and re.search(_pattern(w), lowered)]
