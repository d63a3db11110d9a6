"""Starting threads and writing, editing, deleting and marking posts."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ...content import clean_text, mention_text, parse_tags, render_markdown
from ...dates import utcnow
from ...db import atomic, is_unique_violation
from ...dialects import upsert
from ...disciplines import DISCIPLINES
from ...errors import InvalidInput, NotFound
from ...extensions import db
from ...lookups import get_or_404
from ...members.models import Member
from ...permissions import can, require
from ..models import (BODY_MAX, MAX_TAGS, TITLE_MAX, Post, PostRevision, Space, Thread, ThreadDiscipline,
                      ThreadState, ThreadTag)
from ..signals import post_created, post_deleted, post_edited, screening
from .counting import count_thread, counts, recount_post



def _check_body(body: str, field: str = "body") -> str:
    body = clean_text(body).strip()
    if not body:
        raise InvalidInput({field: "Enter what you want to say"})
    if len(body) > BODY_MAX:
        raise InvalidInput({field: f"Keep it to {BODY_MAX:,} characters or fewer"})
    return body


def _screen(author: Member, text: str, post: Post | None = None) -> str | None:
    """Why the post must be held for review, or None; a receiver may refuse it outright."""
    reasons = [reason for _, reason in screening.send(author, text=text, post=post) if reason]
    return "; ".join(reasons) or None


def _existing_by_token(author: Member, client_token: str | None) -> Post | None:
    if not client_token:
        return None
    return db.session.scalar(select(Post).where(Post.author_id == author.id,
                                                Post.client_token == client_token))


def start_thread(author: Member, *, title: str, body: str, space: str, disciplines: list[str],
                 tags: str, client_token: str | None = None) -> Thread:
    require(author, "threads.start", message="Confirm your email address before you start a thread")
    problems: dict[str, str] = {}
    title = " ".join(clean_text(title).split())
    if not title:
        problems["title"] = "Enter a title"
    elif len(title) > TITLE_MAX:
        problems["title"] = f"Title must be {TITLE_MAX} characters or fewer"
    try:
        body = _check_body(body)
    except InvalidInput as error:
        problems.update(error.errors)
    space_row = db.session.scalar(select(Space).where(Space.slug == space))
    if space_row is None:
        problems["space"] = "Choose a space for your thread"
    if any(d not in DISCIPLINES for d in disciplines):
        problems["disciplines"] = "Choose disciplines from the list"
    tag_names = parse_tags(tags)
    if len(tag_names) > MAX_TAGS or any(len(t) > 40 for t in tag_names):
        problems["tags"] = f"Enter up to {MAX_TAGS} topics of 40 characters or fewer, separated by commas"
    if problems:
        raise InvalidInput(problems)
    earlier = _existing_by_token(author, client_token)
    if earlier is not None:
        return db.session.get(Thread, earlier.thread_id)
    now = utcnow()
    held = _screen(author, f"{title}\n{body}")  # refuses past a rate limit; may hold for review
    try:
        with atomic():
            thread = Thread(space_id=space_row.id, author_id=author.id, title=title, created_at=now,
                            last_activity_at=now, last_number=1, last_position=0,
                            held_at=now if held else None)
            db.session.add(thread)
            db.session.flush()
            opening = Post(thread_id=thread.id, author_id=author.id, number=1, position=0,
                           is_opening=True, body_source=body, body_html=render_markdown(body),
                           created_at=now, client_token=client_token, held_at=thread.held_at,
                           held_reason=held)
            db.session.add(opening)
            db.session.add_all([ThreadDiscipline(thread_id=thread.id, discipline=d, wanted=True)
                                for d in dict.fromkeys(disciplines)])
            db.session.add_all([ThreadTag(thread_id=thread.id, tag=t) for t in tag_names])
            db.session.add(ThreadState(member_id=author.id, thread_id=thread.id, follow="following",
                                       last_read_number=1))
            if held is None:  # a held thread is counted and announced once a moderator approves it
                count_thread(space_row.id, +1)
                db.session.flush()
                post_created.send(opening, author=author, thread=thread)
    except IntegrityError as error:
        earlier = _existing_by_token(author, client_token) if is_unique_violation(error) else None
        if earlier is None:
            raise
        return db.session.get(Thread, earlier.thread_id)
    return thread


def get_thread(thread_id: int) -> Thread:
    return get_or_404(Thread, thread_id)


def get_post(post_id: int) -> Post:
    return get_or_404(Post, post_id)


def readable_post(member: Member, post_id: int) -> Post:
    """The post every post-scoped page and action starts from, answering alike for each.

    Its thread closed to the member (hidden, held): 403, as the thread page answers. The post
    itself hidden from them (held for review or hidden and not theirs, or removed): 404, as if
    it were not there, so no route tells such a post from a missing one.
    """
    post = get_or_404(Post, post_id)
    require(member, "threads.read", post.thread)
    if not can(member, "posts.read", post):
        raise NotFound()
    return post


def add_comment(author: Member, thread: Thread, *, body: str, parent_id: int | None = None,
                client_token: str | None = None) -> Post:
    """A comment, or a reply to a comment (replies to a reply attach to its top-level comment)."""
    require(author, "threads.comment", thread,
            "This thread is locked" if thread.is_locked else "You cannot comment here yet")
    body = _check_body(body)
    parent = None
    if parent_id is not None:
        parent = db.session.get(Post, parent_id)
        if parent is None or parent.thread_id != thread.id:
            raise InvalidInput(body="The comment you are replying to is not in this thread")
        if parent.deleted_at is not None or parent.hidden_at is not None or parent.held_at is not None:
            raise InvalidInput(body="You cannot reply to a comment that has been removed")
        if parent.is_opening:
            parent = None
        elif parent.parent_id is not None:
            parent = db.session.get(Post, parent.parent_id)
    earlier = _existing_by_token(author, client_token)
    if earlier is not None:
        return earlier
    now = utcnow()
    held = _screen(author, body)  # refuses past a rate limit; may hold for review
    try:
        with atomic():
            # Numbers come from one UPDATE ... RETURNING, so two comments at once never share one.
            counters = update(Thread).where(Thread.id == thread.id).values(last_number=Thread.last_number + 1)
            if held is None:  # a held comment is counted and announced once a moderator approves it
                counters = counters.values(comment_count=Thread.comment_count + 1, last_activity_at=now)
            if parent is None:
                counters = counters.values(last_position=Thread.last_position + 1)
            number, position = db.session.execute(
                counters.returning(Thread.last_number, Thread.last_position)).one()
            post = Post(thread_id=thread.id, author_id=author.id, parent_id=parent.id if parent else None,
                        number=number, position=parent.position if parent else position,
                        body_source=body, body_html=render_markdown(body), created_at=now,
                        client_token=client_token, held_at=now if held else None, held_reason=held)
            db.session.add(post)
            if held is None:
                upsert(ThreadDiscipline, {"thread_id": thread.id, "discipline": author.discipline,
                                          "wanted": False, "comments": 1},
                       index=["thread_id", "discipline"],
                       set_={"comments": ThreadDiscipline.comments + 1})
            _follow_on_posting(author.id, thread.id, number)
            db.session.flush()
            if held is None:
                post_created.send(post, author=author, thread=thread)
    except IntegrityError as error:
        earlier = _existing_by_token(author, client_token) if is_unique_violation(error) else None
        if earlier is None:
            raise
        return earlier
    db.session.expire(thread)
    return post


def _follow_on_posting(member_id: int, thread_id: int, number: int) -> None:
    # Posting follows the thread, unless the member muted it; what they wrote counts as read.
    upsert(ThreadState, {"member_id": member_id, "thread_id": thread_id, "follow": "following",
                         "last_read_number": number},
           index=["member_id", "thread_id"],
           set_={"last_read_number": number})
    db.session.execute(update(ThreadState).where(
        ThreadState.member_id == member_id, ThreadState.thread_id == thread_id,
        ThreadState.follow.is_(None)).values(follow="following"))


def edit_post(member: Member, post: Post, *, body: str) -> Post:
    require(member, "posts.edit", post)
    body = _check_body(body)
    if body == post.body_source:
        return post
    held = _screen(member, body, post)
    with atomic():
        db.session.add(PostRevision(post_id=post.id, body_source=post.body_source,
                                    written_at=post.edited_at or post.created_at))
        post.body_source = body
        post.body_html = render_markdown(body)
        post.edited_at = utcnow()
        if held:  # only the post waits: an opening post held this way leaves its thread in view
            was_counted = counts(post)
            post.held_at, post.held_reason = utcnow(), held
            recount_post(post, was_counted)
        db.session.flush()
        if post.held_at is None:  # a held post is announced when a moderator approves it
            post_edited.send(post, member=member)
    return post


def delete_post(member: Member, post: Post) -> None:
    """Shown as 'comment removed' so the conversation still reads; the text is kept for moderators."""
    require(member, "posts.delete", post)
    with atomic():
        db.session.add(PostRevision(post_id=post.id, body_source=post.body_source,
                                    written_at=post.edited_at or post.created_at))
        was_counted = counts(post)
        post.deleted_at = utcnow()
        post.body_html = ""
        recount_post(post, was_counted)
        db.session.flush()
        post_deleted.send(post, member=member)


def mark_helpful(member: Member, post: Post, helpful: bool = True) -> Post:
    require(member, "posts.mark_helpful", post)
    with atomic():
        post.is_helpful = helpful
    return post


def revisions(post: Post) -> list[PostRevision]:
    return list(db.session.scalars(select(PostRevision).where(PostRevision.post_id == post.id)
                                   .order_by(PostRevision.id.desc())))


QUOTE_MAX = 1_000


def quotation(viewer: Member, post_id: int, thread: Thread) -> str:
    """Markdown that quotes a post of this thread, to start a comment with; "" if it can't be.

    Mentions become plain `@Name`, so quoting someone does not notify the people they mentioned.
    """
    post = db.session.get(Post, post_id)
    if (post is None or post.thread_id != thread.id or post.deleted_at or post.hidden_at
            or getattr(post, "held_at", None)):
        return ""
    text = mention_text(post.body_source).strip()
    if len(text) > QUOTE_MAX:
        text = text[:QUOTE_MAX].rsplit(None, 1)[0] + " …"
    lines = [f"**{post.author.name}** wrote:", "", *text.splitlines()]
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"
