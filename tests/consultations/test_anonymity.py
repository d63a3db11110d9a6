"""Anonymous means anonymous: after members answer in a known order, nothing in the tables ties
an answer to a person (docs/decisions.md, "Consultations")."""
from __future__ import annotations

import pytest
from sqlalchemy import Date, DateTime, func, inspect, select, text

from community.consultations.models import Answer, Participants, Response
from community.consultations.services import results
from community.extensions import db
from tests.consultations.helpers import answer, make_consultation
from tests.factories import make_member

ANSWER_TABLES = ("consultation_responses", "consultation_answers", "consultation_participants")


@pytest.fixture
def answered(ctx):
    designer = make_member(name="Dee Designer", roles=("designer",))
    consultation = make_consultation(designer, anonymous=True)
    people = [make_member(name=f"Person {n}", discipline=d, place=f"Town {n}")
              for n, d in enumerate(["nursing", "medicine", "pharmacy", "nursing", "medicine", "nursing"])]
    # A known order, not the order they joined in: the last to join answers first.
    order = list(reversed(people))
    for position, person in enumerate(order):
        answer(person, consultation, single=position % 3, scale=str(1 + position % 5),
               text=f"Answer number {position}")
    return consultation, order


def test_no_column_holds_a_member_a_time_or_an_increasing_id(answered):
    inspector = inspect(db.engine)
    for table in ANSWER_TABLES:
        for column in inspector.get_columns(table):
            assert not isinstance(column["type"], (DateTime, Date)), f"{table}.{column['name']} is a time"
    # No autoincrement ids: a response is keyed by a random string, an answer by what it answers.
    assert inspector.get_pk_constraint("consultation_responses")["constrained_columns"] == ["id"]
    assert str(next(c["type"] for c in inspector.get_columns("consultation_responses")
                    if c["name"] == "id")).startswith("VARCHAR")
    assert inspector.get_pk_constraint("consultation_answers")["constrained_columns"] == [
        "response_id", "question_id", "item"]
    consultation, _ = answered
    rows = db.session.execute(select(Response.id, Response.member_id).where(
        Response.consultation_id == consultation.id)).all()
    assert len(rows) == 6
    assert all(member_id is None for _, member_id in rows)
    assert all(len(rid) == 32 and int(rid, 16) >= 0 for rid, _ in rows)


def test_who_took_part_is_one_sorted_list_that_points_at_no_response(answered):
    consultation, order = answered
    rows = db.session.scalars(select(Participants)).all()
    assert len(rows) == 1, "one row per consultation, not one per member"
    assert rows[0].ids == sorted(p.id for p in order) != [p.id for p in order]
    assert set(c["name"] for c in inspect(db.engine).get_columns("consultation_participants")) == {
        "consultation_id", "member_ids"}


def test_stored_order_is_the_random_id_not_the_order_people_answered(answered):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL keeps rows in the order written; decisions.md says what covers that")
    for table in ("consultation_responses", "consultation_answers"):
        sql = db.session.scalar(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table})
        assert "WITHOUT ROWID" in sql.upper(), table
    natural = db.session.scalars(text("SELECT id FROM consultation_responses")).all()
    assert natural == sorted(natural)
    # However SQLite walks the answers (by key or by the question index), within a question they
    # come in random-id order.
    by_question: dict[int, list[str]] = {}
    for question_id, response_id in db.session.execute(
            text("SELECT question_id, response_id FROM consultation_answers")):
        by_question.setdefault(question_id, []).append(response_id)
    assert by_question and all(ids == sorted(ids) for ids in by_question.values())


def test_answers_cannot_be_joined_to_people_by_what_they_said_in_order(answered):
    """The answers themselves, read back in any order the tables offer, do not line up with the
    answering order (a join by position would recover who said what)."""
    consultation, order = answered
    texts_by_id = [t for t in db.session.scalars(select(Answer.text).where(Answer.text.is_not(None))
                                                 .order_by(Answer.response_id))]
    assert sorted(texts_by_id) == sorted(f"Answer number {n}" for n in range(6))
    exported = results.export_data(consultation)
    assert "member" not in str(exported).lower()
    for person in order:
        assert person.name not in str(exported) and person.email not in str(exported)


def test_a_named_consultation_keeps_who_answered(ctx):
    designer = make_member(roles=("designer",))
    consultation = make_consultation(designer, anonymous=False)
    member = make_member()
    answer(member, consultation)
    assert db.session.scalar(select(Response.member_id)) == member.id


def test_closing_rewrites_the_answers_in_random_id_order_and_keeps_every_figure(answered):
    from community.consultations.services import building
    from community.consultations.models import AnswerTheme
    consultation, _ = answered
    designer = consultation.creator
    text_q = next(q for q in consultation.questions if q.kind == "text")
    some = db.session.scalar(select(Answer.response_id).where(Answer.question_id == text_q.id))
    results.tag_answer(designer, consultation, text_q, some, "time")
    before = results.export_data(consultation)
    counts = [db.session.scalar(select(func.count()).select_from(m)) for m in (Response, Answer, AnswerTheme)]
    participants = db.session.scalar(select(Participants.member_ids))
    building.close(designer, consultation)
    assert results.export_data(consultation) == before
    assert [db.session.scalar(select(func.count()).select_from(m)) for m in (Response, Answer, AnswerTheme)] == counts
    assert db.session.scalar(select(Participants.member_ids)) == participants
    if db.engine.dialect.name == "postgresql":
        # Rows now sit in random-id order and share the closing transaction's id.
        natural = db.session.scalars(text("SELECT id FROM consultation_responses")).all()
        assert natural == sorted(natural)
        xmins = set(db.session.scalars(text("SELECT xmin::text FROM consultation_responses UNION "
                                            "SELECT xmin::text FROM consultation_participants")))
        assert len(xmins) == 1
