"""The idea board: members post ideas and support them (once each); the discussion is the idea's
thread; designers set a status with a written response, and the author and supporters hear of it."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import and_, or_, select, update

from ...content import clean_block
from ...dates import utcnow
from ...db import atomic
from ...errors import InvalidInput, NotFound
from ...extensions import db
from ...lookups import get_or_404
from ...members.models import Member
from ...notifications.services import notify_members
from ...pagination import Page
from ...permissions import can, is_moderator, require
from ...threads.models import Post, Space, Thread
from ...threads.services import posting
from ..models import IDEA_RESPONSE_MAX, IDEA_STATUSES, Idea, IdeaSupport

SPACE = "idea-board"
PAGE_SIZE = 20


def _space() -> None:
    """The idea board's discussion space, made the first time someone posts an idea."""
    if db.session.scalar(select(Space.id).where(Space.slug == SPACE)) is None:
        with atomic():
            db.session.add(Space(slug=SPACE, name="Idea board",
                                 description="Ideas members posted for the academy, and what people said about them."))


def post_idea(member: Member, *, title: str, body: str) -> Idea:
    require(member, "ideas.post", message="Confirm your email address before you post an idea")
    _space()
    with atomic():
        thread = posting.start_thread(member, title=title, body=body, space=SPACE, disciplines=[], tags="")
        idea = Idea(author_id=member.id, thread_id=thread.id, title=thread.title)
        db.session.add(idea)
    return idea


def get(idea_id: int) -> Idea:
    return get_or_404(Idea, idea_id)


def thread_of(idea: Idea) -> Thread:
    return db.session.get(Thread, idea.thread_id)


def _visible(member: Member):
    """Ideas whose thread the member may read: a held or hidden one only to its author and moderators."""
    if is_moderator(member):
        return True
    shown = and_(Thread.hidden_at.is_(None), Thread.held_at.is_(None))
    return or_(shown, Idea.author_id == member.id)


def board(member: Member, number: int = 1, status: str = "") -> Page[tuple[Idea, bool, int]]:
    """Most supported first: (idea, whether the member supports it, comment count); three statements."""
    query = (select(Idea, Thread.last_number).join(Thread, Thread.id == Idea.thread_id).where(_visible(member)))
    if status in IDEA_STATUSES:
        query = query.where(Idea.status == status)
    rows = db.session.execute(query.order_by(Idea.support_count.desc(), Idea.id.desc())
                              .limit(PAGE_SIZE + 1).offset((number - 1) * PAGE_SIZE)).all()
    ids = [idea.id for idea, _ in rows]
    mine = set(db.session.scalars(select(IdeaSupport.idea_id).where(
        IdeaSupport.member_id == member.id, IdeaSupport.idea_id.in_(ids)))) if ids else set()
    return Page.peeked([(idea, idea.id in mine, max(last - 1, 0)) for idea, last in rows], number, PAGE_SIZE)


def supports(member: Member, idea: Idea) -> bool:
    return db.session.get(IdeaSupport, (idea.id, member.id)) is not None


def support(member: Member, idea: Idea) -> None:
    require(member, "ideas.support", idea, "You cannot support your own idea" if idea.author_id == member.id else "")
    if supports(member, idea):
        raise InvalidInput(support="You already support this idea")
    with atomic():
        db.session.add(IdeaSupport(idea_id=idea.id, member_id=member.id))
        db.session.execute(update(Idea).where(Idea.id == idea.id).values(support_count=Idea.support_count + 1))
    db.session.refresh(idea)


def withdraw_support(member: Member, idea: Idea) -> None:
    row = db.session.get(IdeaSupport, (idea.id, member.id))
    if row is None:
        raise InvalidInput(support="You do not support this idea")
    with atomic():
        db.session.delete(row)
        db.session.execute(update(Idea).where(Idea.id == idea.id).values(support_count=Idea.support_count - 1))
    db.session.refresh(idea)


def contributors(idea_ids: list[int]) -> set[int]:
    """Authors and supporters of the ideas, and everyone who commented on them."""
    if not idea_ids:
        return set()
    authors = set(db.session.scalars(select(Idea.author_id).where(Idea.id.in_(idea_ids))))
    backers = set(db.session.scalars(select(IdeaSupport.member_id).where(IdeaSupport.idea_id.in_(idea_ids))))
    commenters = set(db.session.scalars(select(Post.author_id).join(Idea, Idea.thread_id == Post.thread_id)
                                        .where(Idea.id.in_(idea_ids), Post.deleted_at.is_(None))))
    return authors | backers | commenters


def respond(designer: Member, idea: Idea, *, status: str, response: str) -> Idea:
    require(designer, "ideas.respond")
    response = clean_block(response)
    errors = {}
    if status not in IDEA_STATUSES:
        errors["status"] = "Choose a status"
    if not response:
        errors["response"] = "Write a response: members see it beside the status"
    elif len(response) > IDEA_RESPONSE_MAX:
        errors["response"] = f"Keep the response to {IDEA_RESPONSE_MAX} characters or fewer"
    if errors:
        raise InvalidInput(errors)
    changed = status != idea.status
    with atomic():
        now = utcnow()
        idea.status, idea.response, idea.responded_by_id, idea.responded_at = status, response, designer.id, now
        if changed:
            told = [i for i in contributors([idea.id]) if i != designer.id]
            notify_members(told, designer, "consultation", f"Idea “{idea.title}”: {IDEA_STATUSES[status]}",
                           url_for("consultations.idea", idea_id=idea.id), f"idea:{idea.id}:{int(now.timestamp())}")
    return idea


def may_read(member: Member, idea: Idea) -> bool:
    return can(member, "threads.read", thread_of(idea))


def require_readable(member: Member, idea: Idea) -> Thread:
    thread = thread_of(idea)
    if thread is None:
        raise NotFound()
    require(member, "threads.read", thread)
    return thread


def opening_post(thread: Thread) -> Post | None:
    return db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.is_opening))
