"""The one visibility rule (community/visibility.py): its predicates as a table, and each SQL
condition against its predicate over every state a thread and a post can be in, for every kind of
viewer, on the real database. Rows are made by the services, then put in their states."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from community import visibility
from community.dates import utcnow
from community.db import atomic
from community.extensions import db
from community.moderation.services import members as moderation
from community.threads.models import Post, Thread
from community.threads.services import posting
from tests.factories import make_member, make_space, make_thread

VIEWERS = ("author", "other", "moderator", "visitor", "suspended")
THREAD_STATES = {"shown": (), "hidden": ("hidden_at",), "held": ("held_at",),
                 "hidden and held": ("hidden_at", "held_at")}
POST_STATES = {"shown": (), "hidden": ("hidden_at",), "held": ("held_at",),
               "held and hidden": ("held_at", "hidden_at"), "removed": ("deleted_at",),
               "removed while hidden": ("deleted_at", "hidden_at")}


@dataclass
class World:
    people: dict
    threads: dict    # (whose, thread state) -> Thread
    posts: dict      # (whose thread, thread state, post state) -> Post (a comment by "author")


def _set(row, columns) -> None:
    for column in columns:
        setattr(row, column, utcnow())


@pytest.fixture
def world(ctx) -> World:
    make_space()
    people = {"author": make_member(name="Ada Author"), "other": make_member(name="Olu Other"),
              "moderator": make_member(name="Mo Moderator", roles=("moderator",)),
              "visitor": AnonymousUserMixin(), "suspended": make_member(name="Sam Suspended")}
    admin = make_member(roles=("admin",))
    threads, posts = {}, {}
    for whose in ("author", "other"):
        for thread_state, thread_columns in THREAD_STATES.items():
            thread = make_thread(people[whose], title=f"{whose}'s {thread_state} thread")
            comments = {state: posting.add_comment(people["author"], thread, body=f"A {state} comment")
                        for state in POST_STATES}
            with atomic():
                _set(thread, thread_columns)
                if "held_at" in thread_columns:
                    _set(db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.is_opening)),
                         ("held_at",))
                for state, post in comments.items():
                    _set(post, POST_STATES[state])
            threads[whose, thread_state] = thread
            posts.update({(whose, thread_state, state): post for state, post in comments.items()})
    moderation.suspend(admin, people["suspended"])
    return World(people=people, threads=threads, posts=posts)


# The comment's author is "author"; the thread is theirs or someone else's ("other").
#  whose thread, its state,    the comment's state,      may_read_post   may_see_post
#                                                        a o M v s       a o M v s
TABLE = [
    ("author", "shown",           "shown",                "YYY--",        "YYY--"),
    ("author", "shown",           "hidden",               "Y-Y--",        "YYY--"),
    ("author", "shown",           "held",                 "Y-Y--",        "Y-Y--"),
    ("author", "shown",           "held and hidden",      "Y-Y--",        "Y-Y--"),
    ("author", "shown",           "removed",              "--Y--",        "YYY--"),
    ("author", "shown",           "removed while hidden", "--Y--",        "YYY--"),
    ("author", "hidden",          "shown",                "Y-Y--",        "Y-Y--"),
    ("author", "hidden",          "hidden",               "Y-Y--",        "Y-Y--"),
    ("author", "hidden",          "removed",              "--Y--",        "Y-Y--"),
    ("author", "held",            "shown",                "Y-Y--",        "Y-Y--"),
    ("author", "held",            "held",                 "Y-Y--",        "Y-Y--"),
    ("author", "hidden and held", "shown",                "Y-Y--",        "Y-Y--"),
    ("other",  "shown",           "shown",                "YYY--",        "YYY--"),
    ("other",  "shown",           "held",                 "Y-Y--",        "Y-Y--"),
    ("other",  "hidden",          "shown",                "-YY--",        "-YY--"),
    ("other",  "hidden",          "held",                 "--Y--",        "--Y--"),
    ("other",  "hidden",          "removed",              "--Y--",        "-YY--"),
    ("other",  "held",            "shown",                "-YY--",        "-YY--"),
    ("other",  "hidden and held", "hidden",               "--Y--",        "-YY--"),
]


def _row(predicate, world, post) -> str:
    return "".join("Y" if predicate(world.people[v], post) else "-" for v in VIEWERS)


def test_the_post_predicates_as_a_table(world):
    wrong = []
    for whose, thread_state, post_state, read, see in TABLE:
        post = world.posts[whose, thread_state, post_state]
        got = (_row(visibility.may_read_post, world, post), _row(visibility.may_see_post, world, post))
        if got != (read, see):
            wrong.append(f"{whose}'s {thread_state} thread, {post_state} comment: "
                         f"expected {read} {see}, got {got[0]} {got[1]}")
    assert not wrong, "\n".join(["columns: " + " ".join(VIEWERS), *wrong])


def test_the_thread_predicate_as_a_table(world):
    expected = {("author", "shown"): "YYY--", ("author", "hidden"): "Y-Y--", ("author", "held"): "Y-Y--",
                ("author", "hidden and held"): "Y-Y--", ("other", "shown"): "YYY--",
                ("other", "hidden"): "-YY--", ("other", "held"): "-YY--", ("other", "hidden and held"): "-YY--"}
    got = {key: _row(visibility.may_read_thread, world, thread) for key, thread in world.threads.items()}
    assert got == expected


def _ids(model, condition) -> set[int]:
    return set(db.session.scalars(select(model.id).where(condition)))


def test_each_sql_condition_selects_exactly_what_its_predicate_allows(world):
    posts = db.session.scalars(select(Post).order_by(Post.id)).all()
    threads = db.session.scalars(select(Thread).order_by(Thread.id)).all()
    assert len(posts) == 2 * len(THREAD_STATES) * (len(POST_STATES) + 1)
    assert visibility.post_shown_to_all(posts[0]) is True  # guards the set comparisons below
    assert _ids(Post, visibility.posts_shown_to_all()) == {p.id for p in posts if visibility.post_shown_to_all(p)}
    assert _ids(Thread, visibility.threads_shown_to_all()) == {
        t.id for t in threads if visibility.thread_shown_to_all(t)}
    sizes = set()
    for name in VIEWERS:
        viewer = world.people[name]
        for condition, predicate, model, rows in (
                (visibility.visible_posts, visibility.may_read_post, Post, posts),
                (visibility.listed_posts, visibility.may_see_post, Post, posts),
                (visibility.visible_threads, visibility.may_read_thread, Thread, threads)):
            allowed = {row.id for row in rows if predicate(viewer, row)}
            assert _ids(model, condition(viewer)) == allowed, (name, condition.__name__)
            sizes.add((condition.__name__, len(allowed)))
    # Every condition selects different amounts for different viewers: the matrix has teeth.
    for condition in ("visible_posts", "listed_posts", "visible_threads"):
        assert len({size for name, size in sizes if name == condition}) >= 3, sizes
