"""Fill a database with a realistic community, fast: `python -m bench.seed --members 20000`.

Threads, comments, reactions and follows come from bench/seed_threads.py (`--threads`).

    python -m bench.seed --members 20000 --database-url sqlite:////tmp/bench/community.db
    python -m bench.seed --members 20000 --database-url postgresql+psycopg://postgres@127.0.0.1/community_bench
    python -m bench.seed --threads 10000 --comments 300000     # threads for the members already there

The schema comes from the real migrations (`flask db upgrade`); the rows go in with
SQLAlchemy Core executemany, keeping the invariants the services keep: emails lower-cased,
organisation names unique whatever their case, tags lower-cased and whitespace-collapsed,
bios stored as Markdown source plus the cleaned HTML the app would have rendered.
Every member shares one password (hashed once): PASSWORD below.

The same --seed gives the same people, organisations, tags and connections; only the
timestamps move with the clock.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import accumulate
from datetime import datetime, timedelta, timezone
from html import escape as html_escape

from flask_migrate import downgrade, upgrade
from sqlalchemy import func, insert, inspect, select, text

from community.content import render_markdown
from community.extensions import db
from community.members import passwords
from community.members.models import (OPEN_TO, Connection, Member, MemberOffer, MemberRole,
                                      MemberTag, Organisation)

from . import bench_app, database_url, describe, seed_threads
from . import vocabulary as v

PASSWORD = "bench-password-2026"

UNAPPROVED_SHARE = 0.03
SUSPENDED_SHARE = 0.01
UNCONFIRMED_SHARE = 0.02  # of approved members: joined, never clicked the link
BIO_SHARE = 0.30
BLANK_PLACE_SHARE = 0.08
ROLE_SHARES = {"facilitator": 0.02, "designer": 0.006, "moderator": 0.003}
ADMINS = 3
HISTORY_DAYS = 3 * 365

# Earlier surnames in a group are commoner (Smith before Featherstone).
SURNAME_WEIGHTS = {id(group[3]): list(accumulate(1 / (rank + 20) for rank in range(len(group[3]))))
                   for group in v.NAME_GROUPS.values()}
# Commoner topics first, plus the ones each discipline leans towards.
INTEREST_WEIGHTS = {
    discipline: list(accumulate(1 / (rank + 4) + (0.12 if topic in boosted else 0)
                                for rank, topic in enumerate(v.INTERESTS)))
    for discipline, boosted in ((d, set(topics)) for d, topics in v.DISCIPLINE_INTERESTS.items())
}


@dataclass
class Dataset:
    organisations: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    tags: list[dict] = field(default_factory=list)
    offers: list[dict] = field(default_factory=list)
    connections: list[dict] = field(default_factory=list)


def ascii_fold(text: str) -> str:
    """'Siân O'Connor' -> 'sianoconnor' for the local part of an email address."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())


def weighted_sample(rng: random.Random, items: list, cum_weights: list[float], k: int) -> list:
    """k distinct items, the heavier ones more often."""
    k = min(k, len(items))
    chosen: dict = {}
    while len(chosen) < k:
        chosen.setdefault(rng.choices(items, cum_weights=cum_weights)[0], None)
    return list(chosen)


class Generator:
    def __init__(self, members: int, seed: int, now: datetime, password_hash: str):
        self.n = members
        self.rng = random.Random(seed)
        self.now = now
        self.password_hash = password_hash
        self.data = Dataset()
        self._emails: Counter[str] = Counter()
        self._bio_html: dict[str, str] = {}
        self._inert_cache: dict[str, str] = {}
        self._bios = 0
        self._workplaces: dict[str, tuple[list[int], list[float]]] = {}

    # -- organisations ------------------------------------------------------------------

    def organisations(self) -> None:
        seen = set()
        self.org_by_kind: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.org_info: dict[int, tuple[str, str, str]] = {}
        for org_id, (name, kind, place, size, domain) in enumerate(v.ORGANISATIONS, start=1):
            name = " ".join(name.split())
            if name.lower() in seen:  # the case-insensitive unique index would refuse it
                raise ValueError(f"duplicate organisation {name!r}")
            seen.add(name.lower())
            self.data.organisations.append({"id": org_id, "name": name})
            self.org_by_kind[kind].append((org_id, size))
            self.org_info[org_id] = (name, place, domain)

    # -- members ------------------------------------------------------------------------

    def name(self) -> str:
        rng = self.rng
        groups = list(v.NAME_GROUPS.values())
        group = rng.choices(groups, [g[0] for g in groups])[0]
        first = rng.choice(group[1] if rng.random() < v.FEMALE_SHARE else group[2])
        # Marriage, adoption, a parent from elsewhere: one surname in eight crosses groups.
        surnames = group[3] if rng.random() > 0.125 else rng.choice(groups)[3]
        surname = rng.choices(surnames, cum_weights=SURNAME_WEIGHTS[id(surnames)])[0]
        if rng.random() < 0.02:
            surname = f"{rng.choice(v.NAME_GROUPS['british'][3])}-{surname}"
        return f"{first} {surname}"

    def email(self, name: str, domain: str) -> str:
        first, _, last = name.partition(" ")
        local = f"{ascii_fold(first)}.{ascii_fold(last)}"
        self._emails[(local, domain)] += 1
        count = self._emails[(local, domain)]
        # nhs.net style: the second Sarah Smith is sarah.smith2.
        return f"{local}{count if count > 1 else ''}@{domain}".lower()

    def organisation_for(self, discipline: str) -> int:
        if discipline not in self._workplaces:
            candidates = [org for kind in v.WORKPLACES[discipline] for org in self.org_by_kind[kind]]
            self._workplaces[discipline] = ([c[0] for c in candidates],
                                            list(accumulate(c[1] for c in candidates)))
        ids, cum_weights = self._workplaces[discipline]
        return self.rng.choices(ids, cum_weights=cum_weights)[0]

    def bio(self, title: str, organisation: str, place: str, interests: list[str]) -> tuple[str, str]:
        """Markdown source and the HTML render_markdown() gives for it.

        Rendering thousands of bios through markdown-it and bleach would take most of the
        seed's time, so each template is rendered once and filled in with plain-text values
        (checked to be inert in Markdown); every 25th bio is rendered in full as a check.
        """
        rng = self.rng
        template = rng.choice(v.BIO_OPENERS)
        if rng.random() < 0.7:
            template += "\n\n" + rng.choice(v.BIO_CLOSERS).replace("{interest}", "{last_interest}")
        fill = {"title": title, "organisation": organisation, "place": place or "the system",
                "interest": interests[0], "last_interest": interests[-1]}
        if template not in self._bio_html:
            self._bio_html[template] = render_markdown(template)
        source = template.format(**fill)
        html = self._bio_html[template].format(**{k: self._inert(x) for k, x in fill.items()})
        self._bios += 1
        if self._bios % 25 == 0 and html != render_markdown(source):
            raise AssertionError(f"bio HTML differs from render_markdown for {source!r}")
        return source, html

    def _inert(self, value: str) -> str:
        """`value` as HTML text, after checking Markdown would treat it as plain text."""
        if value not in self._inert_cache:
            escaped = html_escape(value, quote=False)
            if render_markdown(value) != f"<p>{escaped}</p>\n":
                raise ValueError(f"{value!r} is not plain text in Markdown; bench.seed fills "
                                 "bio templates with plain text only")
            self._inert_cache[value] = escaped
        return self._inert_cache[value]

    def interests(self, discipline: str) -> list[str]:
        k = self.rng.choices([2, 3, 4, 5, 6], [25, 30, 20, 15, 10])[0]
        return weighted_sample(self.rng, v.INTERESTS, INTEREST_WEIGHTS[discipline], k)

    def members(self) -> None:
        rng, now = self.rng, self.now
        disciplines = list(v.DISCIPLINE_WEIGHTS)
        discipline_weights = list(v.DISCIPLINE_WEIGHTS.values())
        offers, offer_weights = list(v.OFFER_WEIGHTS), list(accumulate(v.OFFER_WEIGHTS.values()))
        assert set(offers) == set(OPEN_TO), "OFFER_WEIGHTS must cover models.OPEN_TO"
        for member_id in range(1, self.n + 1):
            discipline = rng.choices(disciplines, discipline_weights)[0]
            name = self.name()
            org_id = self.organisation_for(discipline)
            org_name, org_place, domain = self.org_info[org_id]
            if rng.random() < BLANK_PLACE_SHARE:
                place = ""
            elif org_place and rng.random() < 0.8:
                place = org_place
            else:
                place = rng.choice(v.PLACES)
            title = rng.choice(v.JOB_TITLES[discipline])
            interests = self.interests(discipline)
            bio_source, bio_html = ("", "")
            if rng.random() < BIO_SHARE:
                bio_source, bio_html = self.bio(title, org_name, place, interests)

            status = rng.random()
            if status < UNAPPROVED_SHARE:  # waiting for a moderator: recent joiners
                joined = now - timedelta(minutes=rng.uniform(10, 21 * 24 * 60))
                approved = suspended = None
                confirmed = joined + timedelta(minutes=rng.uniform(1, 90)) if rng.random() < 0.7 else None
            else:
                joined = now - timedelta(minutes=rng.uniform(60, HISTORY_DAYS * 24 * 60))
                approved = min(now, joined + timedelta(hours=rng.expovariate(1 / 20)))
                confirmed = None if rng.random() < UNCONFIRMED_SHARE else \
                    min(now, joined + timedelta(minutes=rng.expovariate(1 / 30)))
                suspended = None
                if status < UNAPPROVED_SHARE + SUSPENDED_SHARE:
                    suspended = approved + (now - approved) * rng.random()
            if confirmed is not None:
                confirmed = min(confirmed, now)

            self.data.members.append({
                "id": member_id, "email": self.email(name, domain), "name": name,
                "password_hash": self.password_hash, "discipline": discipline,
                "organisation_id": org_id, "job_title": title, "place": place,
                "bio_source": bio_source, "bio_html": bio_html, "joined_at": joined,
                "confirmed_at": confirmed, "approved_at": approved, "suspended_at": suspended,
                "pending_email": None, "session_version": 1,
            })
            self.data.tags.extend({"member_id": member_id, "kind": "interest", "tag": t}
                                  for t in interests)
            expertise = rng.sample([e for e in v.EXPERTISE if e not in interests],
                                   rng.choices([0, 1, 2, 3], [45, 25, 20, 10])[0])
            self.data.tags.extend({"member_id": member_id, "kind": "expertise", "tag": t}
                                  for t in expertise)
            chosen = weighted_sample(rng, offers, offer_weights,
                                     rng.choices([0, 1, 2, 3], [35, 35, 20, 10])[0])
            self.data.offers.extend({"member_id": member_id, "offer": o} for o in chosen)

    def roles(self) -> None:
        listed = [m["id"] for m in self.data.members if self._listed(m)]
        for role, share in ROLE_SHARES.items():
            for member_id in self.rng.sample(listed, max(1, round(len(listed) * share))):
                self.data.roles.append({"member_id": member_id, "role": role})
        for member_id in self.rng.sample(listed, min(ADMINS, len(listed))):
            self.data.roles.append({"member_id": member_id, "role": "admin"})
        # The same member can be picked twice for one role only if a share is 100%.
        assert len({(r["member_id"], r["role"]) for r in self.data.roles}) == len(self.data.roles)

    @staticmethod
    def _listed(member: dict) -> bool:
        return member["approved_at"] is not None and member["suspended_at"] is None

    # -- connections --------------------------------------------------------------------

    def connections(self, accepted: int, pending: int) -> None:
        rng, now = self.rng, self.now
        # Only members who may connect: listed, with a confirmed email address.
        listed = [m for m in self.data.members if self._listed(m) and m["confirmed_at"] is not None]
        if len(listed) < 2:
            return
        by_org, by_place = defaultdict(list), defaultdict(list)
        for m in listed:
            by_org[m["organisation_id"]].append(m)
            if m["place"]:
                by_place[m["place"]].append(m)
        pairs: set[tuple[int, int]] = set()
        wanted = accepted + pending
        attempts = 0
        while len(pairs) < wanted and attempts < wanted * 20:
            attempts += 1
            a = rng.choice(listed)
            roll = rng.random()
            if roll < 0.45:  # colleagues in the same organisation
                pool = by_org[a["organisation_id"]]
            elif roll < 0.70 and a["place"]:  # the same place, across organisations
                pool = by_place[a["place"]]
            else:  # met through the academy
                pool = listed
            b = rng.choice(pool)
            low, high = sorted((a["id"], b["id"]))
            if low == high or (low, high) in pairs:
                continue
            pairs.add((low, high))
            requester, addressee = (a, b) if rng.random() < 0.5 else (b, a)
            since = max(a["approved_at"], b["approved_at"])
            requested = since + (now - since) * rng.random()
            is_accepted = len(pairs) <= accepted
            self.data.connections.append({
                "id": len(pairs), "requester_id": requester["id"], "addressee_id": addressee["id"],
                "pair_low": low, "pair_high": high,
                "status": "accepted" if is_accepted else "pending", "requested_at": requested,
                "accepted_at": min(now, requested + timedelta(hours=rng.expovariate(1 / 30)))
                if is_accepted else None,
            })


def generate(members: int, seed: int, password_hash: str, now: datetime | None = None) -> Dataset:
    generator = Generator(members, seed, now or datetime.now(timezone.utc), password_hash)
    generator.organisations()
    generator.members()
    generator.roles()
    generator.connections(accepted=members // 5, pending=members // 40)
    return generator.data


TABLES = [(Organisation, "organisations"), (Member, "members"), (MemberRole, "roles"),
          (MemberTag, "tags"), (MemberOffer, "offers"), (Connection, "connections")]


def load(data: Dataset) -> None:
    """One transaction, one executemany per table."""
    with db.engine.begin() as conn:
        for model, attribute in TABLES:
            rows = getattr(data, attribute)
            if rows:
                conn.execute(insert(model.__table__), rows)
        if conn.dialect.name == "postgresql":
            # The ids were given explicitly: move each sequence past them, or the app's next
            # INSERT collides.
            for table in ("organisations", "members", "connections"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"))


def analyse() -> None:
    """PostgreSQL: autovacuum would analyse the fresh tables within a minute or so; do it now,
    so the first benchmark after seeding sees the plans a running server would. SQLite never
    analyses by itself and the app does not ask it to, so neither do we."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))


def existing_members() -> int:
    if not inspect(db.engine).has_table("members"):
        return 0
    return db.session.scalar(select(func.count()).select_from(Member)) or 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.seed", description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=20000, help="how many members (default 20000)")
    parser.add_argument("--threads", type=int, default=0,
                        help="how many threads (default 0); added to existing members if there are some")
    parser.add_argument("--comments", type=int,
                        help="how many comments across the threads (default 30 per thread)")
    parser.add_argument("--database-url", help="default: $DATABASE_URL, else the app's instance/community.db")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--reset", action="store_true",
                        help="drop every table (migrations down to base) and start again")
    parser.add_argument("--if-empty", action="store_true",
                        help="do nothing (and succeed) if the database already holds what was asked for")
    args = parser.parse_args(argv)
    comments = 30 * args.threads if args.comments is None else args.comments
    if args.members < 2:
        parser.error("--members must be at least 2")
    if args.threads < 0 or comments < 0:
        parser.error("--threads and --comments cannot be negative")

    url = database_url(args.database_url)
    app = bench_app(url)
    started = time.perf_counter()
    data = made = None
    with app.app_context():
        if args.reset:
            downgrade(revision="base")
        upgrade()  # also brings an existing bench database up to the newest migration
        db.session.remove()
        count = existing_members()
        if count and args.if_empty and (not args.threads or _has_threads()):
            print(f"{describe(url)} already has {count} members"
                  + (" and threads" if args.threads else "") + "; leaving it as it is (--if-empty).")
            return 0
        if count and not args.threads:
            print(f"{describe(url)} already has {count} members. Seed an empty database, add "
                  "threads with --threads, or pass --reset to drop every table and start again.",
                  file=sys.stderr)
            return 2
        if args.threads and (threads := seed_threads.existing_threads()):
            print(f"{describe(url)} already has {threads} threads; pass --reset to start again.",
                  file=sys.stderr)
            return 2
        timings = {"schema": time.perf_counter() - started}

        if not count:
            password_hash = passwords.hash_password(PASSWORD)  # once: every member shares it
            data = generate(args.members, args.seed, password_hash)
            mark = time.perf_counter()
            load(data)
            timings["members"] = time.perf_counter() - mark
        if args.threads:
            mark = time.perf_counter()
            made = seed_threads.seed(args.threads, comments, args.seed + 1, datetime.now(timezone.utc))
            timings["threads"] = time.perf_counter() - mark
        analyse()
        db.engine.dispose()

    print(f"Seeded {describe(url)}")
    if data:
        report_members(data)
    else:
        print(f"  members        {count:>7}  (already there)")
    if made:
        report_threads(made)
    print(f"Took {time.perf_counter() - started:.1f}s: "
          + ", ".join(f"{step} {seconds:.1f}s" for step, seconds in timings.items()))
    return 0


def _has_threads() -> bool:
    return inspect(db.engine).has_table("threads") and seed_threads.existing_threads() > 0


def report_members(data: Dataset) -> None:
    listed = sum(1 for m in data.members if Generator._listed(m))
    sign_in = next(m["email"] for m in data.members
                   if Generator._listed(m) and m["confirmed_at"] is not None)
    by_discipline = Counter(m["discipline"] for m in data.members)
    accepted = sum(1 for c in data.connections if c["status"] == "accepted")
    print(f"  members        {len(data.members):>7}  ({listed} listed, "
          f"{sum(1 for m in data.members if m['approved_at'] is None)} awaiting approval, "
          f"{sum(1 for m in data.members if m['suspended_at'] is not None)} suspended)")
    print(f"  organisations  {len(data.organisations):>7}  places {len(v.PLACES)}")
    print(f"  tags           {len(data.tags):>7}  "
          f"({sum(1 for t in data.tags if t['kind'] == 'interest')} interests, "
          f"{sum(1 for t in data.tags if t['kind'] == 'expertise')} expertise)")
    print(f"  offers         {len(data.offers):>7}")
    print(f"  roles          {len(data.roles):>7}  " + ", ".join(
        f"{role} {n}" for role, n in Counter(r["role"] for r in data.roles).most_common()))
    print(f"  connections    {len(data.connections):>7}  ({accepted} accepted, "
          f"{len(data.connections) - accepted} pending)")
    print("  disciplines    " + ", ".join(f"{d} {n}" for d, n in by_discipline.most_common()))
    print(f"  sign in as     {sign_in} / {PASSWORD}  (every member shares this password)")


def report_threads(made: dict) -> None:
    print(f"  spaces         {made['spaces']:>7}")
    print(f"  threads        {made['threads']:>7}  ({made['unanswered']} unanswered; "
          f"{seed_threads.BIG_THREAD_COMMENTS} comments exactly: "
          f"{', '.join(map(str, made['big_threads'])) or 'none'})")
    print(f"  comments       {made['comments']:>7}  ({made['replies']} replies, {made['deleted']} removed, "
          f"{made['revisions']} revisions)")
    print(f"  reactions      {made['reactions']:>7}")
    print(f"  thread rows    {made['disciplines']:>7} disciplines, {made['tags']} tags, "
          f"{made['states']} follow/read states")
    print(f"  text blocks    {made['blocks']:>7}  (each rendered once)")


if __name__ == "__main__":
    sys.exit(main())
