"""Reactions: like, insightful, thank you; one of each per member per post."""
from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ...dates import utcnow
from ...db import atomic
from ...errors import InvalidInput
from ...extensions import db
from ...members.models import Member
from ...permissions import require
from ..models import REACTIONS, Post, Reaction
from ..signals import reaction_added


def _counter(kind: str):
    return getattr(Post, f"{kind}_count")


def react(member: Member, post: Post, kind: str) -> None:
    if kind not in REACTIONS:
        raise InvalidInput(kind="Choose like, insightful or thank you")
    require(member, "posts.react", post, "You cannot react to this post")
    try:
        with atomic():
            db.session.add(Reaction(post_id=post.id, member_id=member.id, kind=kind, created_at=utcnow()))
            db.session.flush()
            db.session.execute(update(Post).where(Post.id == post.id)
                               .values({_counter(kind): _counter(kind) + 1}))
            reaction_added.send(post, member=member, kind=kind)
    except IntegrityError:
        raise InvalidInput(kind=f"You have already reacted “{REACTIONS[kind]}” to this post") from None
    db.session.expire(post)


def unreact(member: Member, post: Post, kind: str) -> None:
    if kind not in REACTIONS:
        raise InvalidInput(kind="Choose like, insightful or thank you")
    with atomic():
        removed = db.session.execute(delete(Reaction).where(
            Reaction.post_id == post.id, Reaction.member_id == member.id, Reaction.kind == kind)).rowcount
        if not removed:
            raise InvalidInput(kind="You have not reacted that way to this post")
        db.session.execute(update(Post).where(Post.id == post.id)
                           .values({_counter(kind): _counter(kind) - 1}))
    db.session.expire(post)


def mine(member: Member, *posts_where) -> set[tuple[int, str]]:
    """(post id, kind) of the member's reactions to the posts that match `posts_where` (conditions
    on Post, e.g. one page of a thread). A join, not a list of ids: a page has hundreds."""
    return set(tuple(row) for row in db.session.execute(
        select(Reaction.post_id, Reaction.kind).join(Post, Post.id == Reaction.post_id)
        .where(Reaction.member_id == member.id, *posts_where)).all())


def who_reacted(post: Post) -> dict[str, list[Member]]:
    rows = db.session.execute(select(Reaction.kind, Member).join(Member, Member.id == Reaction.member_id)
                              .where(Reaction.post_id == post.id).order_by(Reaction.created_at)).all()
    people: dict[str, list[Member]] = {kind: [] for kind in REACTIONS}
    for kind, member in rows:
        people[kind].append(member)
    return people
