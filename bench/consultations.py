"""Seed consultations, responses and ideas, then time the results page and the idea board:
`python -m bench.consultations`.

    python -m bench.consultations --database-url sqlite:////tmp/bench/consultations.db
    python -m bench.consultations --consultations 50 --responses 2000 --ideas 1000   # the issue's sizes

The schema comes from the real migrations. Members (one per response a consultation gets, across
disciplines, organisations and places) and the rows go in with SQLAlchemy Core executemany, shaped
exactly as the services write them (random response ids, answers keyed by response, question and
item, the sorted participant list); the first consultation is built through the real services,
the rest copy its questions. Ideas are threads in the idea board's space, as `ideas.post_idea`
makes them. Then it signs in a designer through the real /login form and times, with the Flask
test client: the results page by discipline and by organisation (the breakdowns), and the idea
board. Target: p95 under 50 ms (issue 12).
"""
from __future__ import annotations

import argparse
import random
import secrets
import sys
from datetime import timedelta

from flask_migrate import upgrade
from sqlalchemy import func, insert, select
from werkzeug.security import generate_password_hash

from community.consultations.models import (Answer, Consultation, Idea, IdeaSupport, Participants, Question,
                                            Response)
from community.consultations.services import building
from community.dates import utcnow
from community.disciplines import DISCIPLINES
from community.extensions import db
from community.members.models import Member, MemberRole, Organisation
from community.threads.models import Post, Space, Thread

from . import bench_app, database_url
from .timing import BenchError, machine_context, measure, print_table, save, sign_in

PASSWORD = "bench-password-2026"
DESIGNER = "bench.designer@example.nhs.uk"
TARGET_MS = 50.0
PLACES = ["Northfield", "Eastgate", "Riverside", "Westbury", "Southmoor", "Hillcrest", "Lakeside"]


def _members(count: int, rng: random.Random) -> None:
    have = db.session.scalar(select(func.count()).select_from(Member)) or 0
    if have >= count + 1:
        return
    password = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    now = utcnow()
    orgs = [f"Bench Trust {n}" for n in range(40)]
    db.session.execute(insert(Organisation), [{"name": o} for o in orgs
                                              if not db.session.scalar(select(Organisation.id).where(Organisation.name == o))])
    org_ids = list(db.session.scalars(select(Organisation.id)))
    slugs = list(DISCIPLINES)
    rows = [{"email": f"bench{n}@example.nhs.uk", "name": f"Bench Member {n}", "password_hash": password,
             "discipline": rng.choices(slugs, weights=[30, 5, 15, 12, 6, 3, 3, 2, 10, 4, 8, 2])[0],
             "organisation_id": rng.choice(org_ids), "place": rng.choice(PLACES), "joined_at": now,
             "confirmed_at": now, "approved_at": now, "session_version": 1, "unread_notifications": 0,
             "digest_frequency": "off", "job_title": "", "bio_source": "", "bio_html": ""}
            for n in range(have, count)]
    rows.append({**rows[0], "email": DESIGNER, "name": "Bench Designer"})
    db.session.execute(insert(Member), rows)
    designer = db.session.scalar(select(Member.id).where(Member.email == DESIGNER))
    db.session.execute(insert(MemberRole), [{"member_id": designer, "role": "designer"}])
    db.session.commit()


def _answers(questions: list[Question], rng: random.Random, response_id: str) -> list[dict]:
    rows = []
    for q in questions:
        if q.kind == "single":
            rows.append({"response_id": response_id, "question_id": q.id, "item": rng.choice(q.options).id,
                         "value": None, "text": None})
        elif q.kind == "multiple":
            for option in rng.sample(q.options, rng.randint(0, len(q.options))):
                rows.append({"response_id": response_id, "question_id": q.id, "item": option.id, "value": None,
                             "text": None})
        elif q.kind == "scale":
            rows.append({"response_id": response_id, "question_id": q.id, "item": 0, "value": rng.randint(1, 5),
                         "text": None})
        elif q.kind == "ranking":
            for option, rank in zip(q.options, rng.sample(range(1, len(q.options) + 1), len(q.options))):
                rows.append({"response_id": response_id, "question_id": q.id, "item": option.id, "value": rank,
                             "text": None})
        elif rng.random() < 0.4:
            rows.append({"response_id": response_id, "question_id": q.id, "item": 0, "value": None,
                         "text": rng.choice(["More protected time", "Mentoring across professions",
                                             "Shorter online sessions", "Involve social care earlier"])})
    return rows


def seed(consultations: int, responses: int, ideas: int, rng: random.Random) -> None:
    if db.session.scalar(select(func.count()).select_from(Consultation)):
        return
    _members(responses, rng)
    designer = db.session.scalar(select(Member).where(Member.email == DESIGNER))
    from tests.consultations.helpers import make_consultation  # the same five questions the tests use
    people = db.session.execute(select(Member.id, Member.discipline, Organisation.name, Member.place)
                                .join(Organisation, Organisation.id == Member.organisation_id, isouter=True)
                                .where(Member.email != DESIGNER).limit(responses)).all()
    for n in range(consultations):
        consultation = make_consultation(designer, title=f"Bench consultation {n}", anonymous=n % 2 == 0)
        questions = list(consultation.questions)
        chosen = people[:responses]
        response_rows, answer_rows = [], []
        for member_id, discipline, organisation, place in chosen:
            rid = secrets.token_hex(16)
            response_rows.append({"id": rid, "consultation_id": consultation.id,
                                  "member_id": None if consultation.anonymous else member_id, "submitted": True,
                                  "discipline": discipline, "organisation": organisation or "", "place": place})
            answer_rows += _answers(questions, rng, rid)
        db.session.execute(insert(Response), response_rows)
        db.session.execute(insert(Answer), answer_rows)
        db.session.get(Participants, consultation.id).member_ids = ",".join(str(m) for m, *_ in sorted(chosen))
        building.close(designer, consultation)
        print(f"consultation {n + 1}/{consultations}: {len(response_rows)} responses, {len(answer_rows)} answers",
              flush=True)
    _ideas(ideas, [p[0] for p in people], rng)


def _ideas(count: int, member_ids: list[int], rng: random.Random) -> None:
    space = db.session.scalar(select(Space).where(Space.slug == "idea-board"))
    if space is None:
        space = Space(slug="idea-board", name="Idea board", description="Ideas for the academy")
        db.session.add(space)
        db.session.flush()
    now = utcnow()
    for n in range(count):
        author = rng.choice(member_ids)
        at = now - timedelta(minutes=count - n)
        thread = Thread(space_id=space.id, author_id=author, title=f"Bench idea {n}", created_at=at,
                        last_activity_at=at, last_number=1 + n % 4, last_position=0)
        db.session.add(thread)
        db.session.flush()
        db.session.add(Post(thread_id=thread.id, author_id=author, number=1, position=0, is_opening=True,
                            body_source="An idea", body_html="<p>An idea</p>", created_at=at))
        backers = rng.sample(member_ids, rng.randint(0, 30))
        idea = Idea(author_id=author, thread_id=thread.id, title=thread.title, support_count=len(backers),
                    status=rng.choice(["new", "considering", "adopted", "not-now"]), created_at=at)
        db.session.add(idea)
        db.session.flush()
        db.session.execute(insert(IdeaSupport), [{"idea_id": idea.id, "member_id": b} for b in backers]) if backers else None
    db.session.commit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.consultations", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: $DATABASE_URL, else the app's instance/community.db")
    parser.add_argument("--consultations", type=int, default=50)
    parser.add_argument("--responses", type=int, default=2000)
    parser.add_argument("--ideas", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="exit 1 if any page misses the target")
    args = parser.parse_args(argv)
    app = bench_app(database_url(args.database_url), RATELIMIT_ENABLED=False, POSTS_PER_HOUR=0,
                    NEW_MEMBER_POSTS_PER_HOUR=0, MAIL_SENDER_THREAD=False)
    with app.app_context():
        upgrade()
        with app.test_request_context():
            seed(args.consultations, args.responses, args.ideas, random.Random(12))
        consultation_id = db.session.scalar(select(Consultation.id).order_by(Consultation.id.desc()).limit(1))
        client = app.test_client()
        sign_in(client, DESIGNER, PASSWORD)
        pages = [("results by discipline", f"/consultations/{consultation_id}/results?by=discipline"),
                 ("results by organisation", f"/consultations/{consultation_id}/results?by=organisation"),
                 ("idea board", "/ideas"), ("idea board page 10", "/ideas?page=10")]
        try:
            results = [{"page": name, **measure(db.engine, client, url, args.requests, args.warmup)}
                       for name, url in pages]
        except BenchError as error:
            print(error, file=sys.stderr)
            return 2
        missed = print_table(results, TARGET_MS)
        path = save("consultations", db.engine, {"context": machine_context(db.engine), "target_p95_ms": TARGET_MS,
                                                 "pages": results})
        print(f"saved {path}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
