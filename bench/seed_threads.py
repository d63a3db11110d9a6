"""Spaces, threads, comments, reactions and follows for bench.seed (`--threads`, `--comments`).

The rows are what the services would have left after months of use (posting.start_thread,
add_comment, delete_post, edit_post, reactions.react, following): posts numbered in writing
order, top-level comments positioned 1, 2, 3... with replies sharing their parent's position,
Thread.comment_count / last_number / last_position / last_activity_at, one ThreadDiscipline row
per wanted or replying discipline with its live comment count, Space.thread_count, the
reaction counters on each post, a ThreadState for every author and commenter (following, read
up to their own last post), a revision for every edited or removed post.

Ids follow time, as they would in a live database: a thread's 200 comments are spread across
the posts table among everything else written in those weeks, not stored side by side.

The text (titles and Markdown bodies, rendered as the app would) comes from bench/thread_text.py.
"""
from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate

from sqlalchemy import func, insert, select, text

from community.extensions import db
from community.members.models import Member
from community.threads.models import (Post, PostRevision, Reaction, Space, Thread, ThreadDiscipline,
                                      ThreadState, ThreadTag)

from . import thread_vocabulary as tv
from . import vocabulary as v
from .thread_text import ThreadText

BIG_THREAD_COMMENTS = 200   # bench.pages times a thread of exactly this many comments
BIG_THREADS = 5
HISTORY_DAYS = 2 * 365
UNANSWERED_SHARE = 0.08
REPLY_SHARE = 0.15
DELETED_SHARE = 0.005
EDITED_SHARE = 0.03
HIDDEN_THREAD_SHARE = 0.003
LOCKED_THREAD_SHARE = 0.005
PINNED_PER_SPACE = 2
CHUNK = 5000


@dataclass(slots=True)
class Poster:
    id: int
    discipline: str
    since: datetime   # approved and confirmed: may post from here on


@dataclass
class ThreadRow:
    id: int
    space_id: int
    topic: str
    author: Poster
    created_at: datetime
    title: str
    wanted: list[str]
    tags: list[str]
    comments: int = 0
    big: bool = False


@dataclass(slots=True)
class PostMeta:
    """One post before ids are known; its body is a tuple of block indexes."""
    created_at: datetime
    thread: ThreadRow
    number: int
    position: int
    author: Poster
    blocks: tuple[int, ...]
    parent_number: int | None = None
    deleted_at: datetime | None = None
    edited_at: datetime | None = None
    helpful: bool = False
    id: int = 0


def _cumulative(weights) -> list[float]:
    return list(accumulate(weights))


class ThreadGenerator:
    def __init__(self, posters: list[Poster], spaces: list[dict], seed: int, now: datetime):
        self.rng = random.Random(seed)
        self.now = now
        self.spaces = spaces
        self.posters = sorted(posters, key=lambda p: p.id)
        rng = self.rng
        # A few people write most of it; a third of members hardly ever post.
        activity = [rng.paretovariate(1.3) if rng.random() > 0.35 else 0.05 for _ in self.posters]
        self.poster_weights = _cumulative(activity)
        by_discipline: dict[str, list[tuple[Poster, float]]] = defaultdict(list)
        for poster, weight in zip(self.posters, activity):
            by_discipline[poster.discipline].append((poster, weight))
        self.by_discipline = {d: ([p for p, _ in rows], _cumulative(w for _, w in rows))
                              for d, rows in by_discipline.items()}
        self.topic_weights = _cumulative(1 / (rank + 6) for rank in range(len(v.INTERESTS)))
        self.space_weights = _cumulative(s["share"] for s in spaces)
        self.wanted_names = list(tv.WANTED_WEIGHTS)
        self.text = ThreadText(rng)

    # -- people -------------------------------------------------------------------------

    def poster(self, at: datetime, discipline: str | None = None, fallback: Poster | None = None) -> Poster:
        """Someone who could post at `at`, the more active more often."""
        people, weights = (self.by_discipline[discipline] if discipline in self.by_discipline
                           else (self.posters, self.poster_weights))
        for _ in range(8):
            chosen = self.rng.choices(people, cum_weights=weights)[0]
            if chosen.since < at:
                return chosen
        return fallback or min(self.posters, key=lambda p: p.since)

    # -- threads ------------------------------------------------------------------------

    def threads(self, count: int) -> list[ThreadRow]:
        rng, now = self.rng, self.now
        earliest = min(p.since for p in self.posters)
        span = min(timedelta(days=HISTORY_DAYS), now - earliest - timedelta(hours=1))
        stamps = sorted(now - span * rng.random() ** 0.8 for _ in range(count))  # busier lately
        rows = []
        for thread_id, created in enumerate(stamps, start=1):
            topic = rng.choices(v.INTERESTS, cum_weights=self.topic_weights)[0]
            author = self.poster(created)
            created = max(created, author.since + timedelta(minutes=5))
            k = rng.choices([0, 1, 2, 3], [10, 35, 35, 20])[0]
            wanted = []
            while len(wanted) < k:
                d = rng.choices(self.wanted_names, list(tv.WANTED_WEIGHTS.values()))[0]
                if d != author.discipline and d not in wanted:
                    wanted.append(d)
            tags = list(dict.fromkeys([topic, *rng.sample(v.INTERESTS, rng.choice((0, 1, 1, 2, 3)))]))
            rows.append(ThreadRow(id=thread_id, space_id=rng.choices(self.spaces, cum_weights=self.space_weights)[0]["id"],
                                  topic=topic, author=author, created_at=created,
                                  title=self.text.title(topic), wanted=sorted(wanted), tags=sorted(tags)))
        return rows

    def comment_counts(self, threads: list[ThreadRow], total: int) -> None:
        """`total` comments: a few threads of exactly 200, the rest long-tailed, some unanswered."""
        rng, now = self.rng, self.now
        big = min(BIG_THREADS, total // (2 * BIG_THREAD_COMMENTS), len(threads))
        # Busy threads from the last few months: old enough to have gathered 200 comments.
        recent = [t for t in threads if now - t.created_at > timedelta(days=14)][-max(big * 20, 1):]
        for thread in rng.sample(recent, min(big, len(recent))):
            thread.big, thread.comments = True, BIG_THREAD_COMMENTS
        rest = [t for t in threads if not t.big and rng.random() > UNANSWERED_SHARE]
        remaining = total - sum(t.comments for t in threads)
        if not rest or remaining <= 0:
            return
        cap = BIG_THREAD_COMMENTS - 1
        if remaining > cap * len(rest):
            raise ValueError(f"{total} comments do not fit in {len(threads)} threads "
                             f"(at most {cap} each besides the {big} of {BIG_THREAD_COMMENTS})")
        weights = [rng.lognormvariate(0, 1.1) for _ in rest]
        scale = remaining / sum(weights)
        for thread, weight in zip(rest, weights):
            thread.comments = min(cap, int(weight * scale))
        left = remaining - sum(t.comments for t in rest)
        while left > 0:
            thread = rng.choice(rest)
            if thread.comments < cap:
                thread.comments += 1
                left -= 1

    def posts(self, thread: ThreadRow) -> list[PostMeta]:
        """The opening post and every comment of one thread, in writing order."""
        rng, now = self.rng, self.now
        opening = PostMeta(created_at=thread.created_at, thread=thread, number=1, position=0,
                           author=thread.author, blocks=self.text.opening_blocks(thread.topic))
        posts = [opening]
        if not thread.comments:
            return posts
        # Gaps grow as a conversation cools; squeeze the whole thread into its lifetime.
        gaps = [rng.expovariate(1) * (0.3 + k * 0.15) for k in range(thread.comments)]
        lifetime = (now - thread.created_at).total_seconds() * 0.97
        hours = min(1.0, lifetime / 3600 / sum(gaps))
        stamp, position, top_level = thread.created_at, 0, []
        reply_share = REPLY_SHARE * (0.66 if thread.big else 1)
        for k, gap in enumerate(gaps):
            stamp = stamp + timedelta(hours=gap * hours, seconds=1)
            roll = rng.random()
            if roll < 0.08:
                author = thread.author
            elif roll < 0.38 and thread.wanted:
                author = self.poster(stamp, rng.choice(thread.wanted), fallback=thread.author)
            else:
                author = self.poster(stamp, fallback=thread.author)
            parent = None
            live = [p for p in top_level[-6:] if p.deleted_at is None or p.deleted_at > stamp]
            if live and rng.random() < reply_share:
                parent = rng.choice(live)
            if parent is None:
                position += 1
            post = PostMeta(created_at=stamp, thread=thread, number=k + 2,
                            position=parent.position if parent else position, author=author,
                            blocks=self.text.comment_blocks(thread.topic),
                            parent_number=parent.number if parent else None)
            if not thread.big and rng.random() < DELETED_SHARE:
                post.deleted_at = min(now, stamp + timedelta(hours=rng.expovariate(1 / 12)))
            elif rng.random() < EDITED_SHARE:
                post.edited_at = min(now, stamp + timedelta(minutes=rng.expovariate(1 / 20) + 1))
            if (author is not thread.author and post.deleted_at is None and rng.random() < 0.04):
                post.helpful = True
            if parent is None:
                top_level.append(post)
            posts.append(post)
        return posts


# -- rows ---------------------------------------------------------------------------------

def thread_rows(thread: ThreadRow, posts: list[PostMeta], rng: random.Random, now: datetime) -> dict:
    comments = [p for p in posts if p.number > 1]
    hidden = rng.random() < HIDDEN_THREAD_SHARE
    return {
        "id": thread.id, "space_id": thread.space_id, "author_id": thread.author.id,
        "title": thread.title, "created_at": thread.created_at,
        "last_activity_at": comments[-1].created_at if comments else thread.created_at,
        "comment_count": sum(1 for p in comments if p.deleted_at is None),
        "last_number": len(posts), "last_position": max(p.position for p in posts),
        "is_locked": not thread.big and rng.random() < LOCKED_THREAD_SHARE, "is_pinned": False,
        "hidden_at": min(now, thread.created_at + timedelta(days=rng.uniform(0.1, 3))) if hidden else None,
    }


def discipline_rows(thread: ThreadRow, posts: list[PostMeta]) -> list[dict]:
    replying = Counter(p.author.discipline for p in posts if p.number > 1 and p.deleted_at is None)
    ever = {p.author.discipline for p in posts if p.number > 1}
    return [{"thread_id": thread.id, "discipline": d, "wanted": d in thread.wanted,
             "comments": replying.get(d, 0)} for d in sorted(ever | set(thread.wanted))]


def state_rows(thread: ThreadRow, posts: list[PostMeta], gen: ThreadGenerator) -> list[dict]:
    rng = gen.rng
    last_read: dict[int, int] = {}
    for post in posts:  # posting follows and marks your own post read
        last_read[post.author.id] = post.number
    rows = [{"member_id": member_id, "thread_id": thread.id,
             "follow": "muted" if rng.random() < 0.02 else "following", "last_read_number": number}
            for member_id, number in last_read.items()]
    # Readers who never posted: some followed by hand, most just read part of the way.
    for _ in range(min(8, int(rng.expovariate(1 / 3)))):
        reader = gen.poster(posts[-1].created_at)
        if reader.id not in last_read:
            last_read[reader.id] = 0
            rows.append({"member_id": reader.id, "thread_id": thread.id,
                         "follow": "following" if rng.random() < 0.2 else None,
                         "last_read_number": rng.randint(1, len(posts))})
    return rows


def reaction_rows(post: PostMeta, gen: ThreadGenerator) -> tuple[list[dict], Counter]:
    rng, now = gen.rng, gen.now
    if post.deleted_at is not None:
        return [], Counter()
    wanted = int(rng.expovariate(1 / (3.0 if post.number == 1 else 1.2)))
    seen, rows, counts = set(), [], Counter()
    for _ in range(min(wanted, 25)):
        member = gen.poster(post.created_at)
        kind = rng.choices(("like", "insightful", "thanks"), (6, 2, 2))[0]
        if member.id == post.author.id or (member.id, kind) in seen:
            continue
        seen.add((member.id, kind))
        counts[kind] += 1
        rows.append({"post_id": post.id, "member_id": member.id, "kind": kind,
                     "created_at": min(now, max(post.created_at, member.since)
                                       + timedelta(hours=rng.expovariate(1 / 6)))})
    return rows, counts


def _insert(conn, table, rows: list[dict]) -> None:
    # executemany: SQLite's own, psycopg's pipelined one on PostgreSQL. (One multi-row VALUES
    # statement per batch was tried on PostgreSQL: compiling it made the seed six times slower.)
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(table), rows[start:start + CHUNK])


def existing_threads() -> int:
    return db.session.scalar(select(func.count()).select_from(Thread)) or 0


def read_posters() -> list[Poster]:
    rows = db.session.execute(select(Member.id, Member.discipline, Member.approved_at, Member.confirmed_at)
                              .where(Member.approved_at.is_not(None), Member.suspended_at.is_(None),
                                     Member.confirmed_at.is_not(None))).all()
    return [Poster(id=r.id, discipline=r.discipline, since=max(r.approved_at, r.confirmed_at)) for r in rows]


def seed(threads: int, comments: int, seed_value: int, now: datetime) -> dict:
    """Generate and insert everything in one transaction; returns what was made, for the report."""
    posters = read_posters()
    if len(posters) < 10:
        raise ValueError("seed members first: threads need at least 10 members who may post")
    with db.engine.begin() as conn:
        known = {row.slug: row.id for row in conn.execute(select(Space.slug, Space.id))}
        next_id = max(known.values(), default=0) + 1
        spaces = []
        for position, (slug, name, description, share) in enumerate(tv.SPACES):
            if slug not in known:
                conn.execute(insert(Space.__table__), [{"id": next_id, "slug": slug, "name": name,
                                                        "description": description,
                                                        "position": position, "thread_count": 0}])
                known[slug], next_id = next_id, next_id + 1
            spaces.append({"id": known[slug], "slug": slug, "share": share})

        gen = ThreadGenerator(posters, spaces, seed_value, now)
        gen.text.build_pools()
        rows = gen.threads(threads)
        gen.comment_counts(rows, comments)
        all_posts: list[PostMeta] = []
        per_thread: list[tuple[ThreadRow, list[PostMeta]]] = []
        for thread in rows:
            posts = gen.posts(thread)
            per_thread.append((thread, posts))
            all_posts.extend(posts)
        # Ids in order of writing, across every thread, as a live database would give them.
        all_posts.sort(key=lambda p: (p.created_at, p.thread.id, p.number))
        for post_id, post in enumerate(all_posts, start=1):
            post.id = post_id
        by_number = {(p.thread.id, p.number): p.id for p in all_posts}

        thread_dicts, disciplines, tags, states = [], [], [], []
        for thread, posts in per_thread:
            thread_dicts.append(thread_rows(thread, posts, gen.rng, now))
            disciplines.extend(discipline_rows(thread, posts))
            tags.extend({"thread_id": thread.id, "tag": t} for t in thread.tags)
            states.extend(state_rows(thread, posts, gen))
        pin_by_space = defaultdict(list)
        for row in thread_dicts:
            if row["hidden_at"] is None:
                pin_by_space[row["space_id"]].append(row)
        for candidates in pin_by_space.values():
            for row in gen.rng.sample(candidates, min(PINNED_PER_SPACE, len(candidates))):
                row["is_pinned"] = True
        _insert(conn, Thread.__table__, thread_dicts)

        reactions_total = revisions_total = 0
        for start in range(0, len(all_posts), CHUNK):
            chunk = all_posts[start:start + CHUNK]
            post_dicts, reactions, revisions = [], [], []
            for post in chunk:
                source, html = gen.text.body(post.blocks)
                made, counts = reaction_rows(post, gen)
                reactions.extend(made)
                if post.edited_at or post.deleted_at:
                    earlier, _ = gen.text.blocks.body(gen.text.comment_blocks(post.thread.topic))
                    revisions.append({"post_id": post.id, "written_at": post.created_at,
                                      "body_source": source if post.deleted_at else earlier})
                post_dicts.append({
                    "id": post.id, "thread_id": post.thread.id, "author_id": post.author.id,
                    "parent_id": by_number[(post.thread.id, post.parent_number)] if post.parent_number else None,
                    "number": post.number, "position": post.position, "is_opening": post.number == 1,
                    "body_source": source, "body_html": "" if post.deleted_at else html,
                    "created_at": post.created_at, "edited_at": post.edited_at,
                    "deleted_at": post.deleted_at, "hidden_at": None, "hidden_reason": None,
                    "is_helpful": post.helpful, "like_count": counts["like"],
                    "insightful_count": counts["insightful"], "thanks_count": counts["thanks"],
                    "client_token": None,
                })
            _insert(conn, Post.__table__, post_dicts)
            _insert(conn, Reaction.__table__, reactions)
            _insert(conn, PostRevision.__table__, revisions)
            reactions_total += len(reactions)
            revisions_total += len(revisions)
        _insert(conn, ThreadDiscipline.__table__, disciplines)
        _insert(conn, ThreadTag.__table__, tags)
        _insert(conn, ThreadState.__table__, states)
        per_space = Counter(row["space_id"] for row in thread_dicts)
        for space in spaces:
            conn.execute(Space.__table__.update().where(Space.id == space["id"])
                         .values(thread_count=Space.thread_count + per_space.get(space["id"], 0)))
        if conn.dialect.name == "postgresql":
            for table in ("spaces", "threads", "posts", "post_revisions"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"))
    big = sorted(t.id for t in rows if t.big)
    return {
        "spaces": len(spaces), "threads": len(rows), "posts": len(all_posts),
        "comments": len(all_posts) - len(rows),
        "unanswered": sum(1 for t in rows if not t.comments),
        "replies": sum(1 for p in all_posts if p.parent_number),
        "deleted": sum(1 for p in all_posts if p.deleted_at), "revisions": revisions_total,
        "reactions": reactions_total, "disciplines": len(disciplines), "tags": len(tags),
        "states": len(states), "blocks": len(gen.text.blocks.source), "big_threads": big,
    }
