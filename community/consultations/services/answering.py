"""A member answers: save and come back, change until it closes, one response each.

Anonymous consultations (docs/decisions.md, "Consultations"): the response row has a random id
and no member; the member's browser keeps that id (a signed cookie the view sets), which is the
only thing that leads back to it. `Participants` lists who took part (sorted ids in one row),
with nothing that points at a response, so a second response is refused without the answers
knowing whose they are. A member who took part from another browser is told their answers
cannot be found, because nothing on the server can find them.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from sqlalchemy import delete, select, update

from ...content import clean_block
from ...db import atomic
from ...errors import InvalidInput
from ...extensions import db
from ...members.models import Member
from ...permissions import require
from ..models import (TEXT_ANSWER_MAX, Answer, Consultation, Participants, Question, RawAnswers, Response,
                      parse_ids)
from .building import today


class NotOpen(InvalidInput):
    """Answering outside the dates, or after a designer closed it."""

    status = 409


class AlreadyAnswered(InvalidInput):
    status = 409


@dataclass
class Draft:
    """A member's answers as the form shows them again: values by field name."""

    values: dict[int, list[str]] = field(default_factory=dict)
    ranks: dict[int, dict[int, str]] = field(default_factory=dict)
    submitted: bool = False
    participated: bool = False
    lost: bool = False          # took part (anonymously) from another browser: cannot be opened here


def _open_or_refuse(consultation: Consultation) -> None:
    state = consultation.state_on(today())
    if state == "scheduled":
        raise NotOpen(form=f"This consultation opens on {consultation.opens_on.strftime('%-d %B %Y')}")
    if state != "open":
        raise NotOpen(form="This consultation has closed, so answers can no longer be given or changed")


def _judge(consultation: Consultation, raw: RawAnswers, submit: bool) -> tuple[list[Answer], dict[str, str]]:
    """Answer rows for the valid answers, and a message per question that is wrong or missing."""
    questions = {q.id: q for q in consultation.questions}
    if raw.unknown or set(raw.values) - set(questions) or set(raw.ranks) - set(questions):
        raise InvalidInput(form="Some answers are for questions that are not in this consultation. "
                                "Reload the page and try again.")
    rows: list[Answer] = []
    errors: dict[str, str] = {}
    for question in consultation.questions:
        try:
            items = _items(question, raw)
        except ValueError as problem:
            errors[question.field_name] = str(problem)
            continue
        if not items and submit and question.required:
            errors[question.field_name] = ("Rank every option" if question.kind == "ranking"
                                           else "Answer this question")
        rows += items
    return rows, errors


def _items(question: Question, raw: RawAnswers) -> list[Answer]:
    values = [v.strip() for v in raw.values.get(question.id, [])]
    values = [v for v in values if v]
    option_ids = {o.id for o in question.options}
    if question.kind == "text":
        typed = "\n".join(raw.values.get(question.id, []))
        if any(ord(ch) < 0x20 and ch not in "\t\n\r" for ch in typed):
            # As every form does (community/forms.py): nobody types these on purpose.
            raise ValueError("Remove the unusual characters from your answer")
        text = clean_block(typed)
        if len(text) > TEXT_ANSWER_MAX:
            raise ValueError(f"Keep your answer to {TEXT_ANSWER_MAX} characters or fewer")
        return [Answer(question_id=question.id, item=0, text=text)] if text else []
    if question.kind == "scale":
        if not values:
            return []
        if len(values) > 1 or values[0] not in ("1", "2", "3", "4", "5"):
            raise ValueError("Choose a number from 1 to 5")
        return [Answer(question_id=question.id, item=0, value=int(values[0]))]
    if question.kind == "ranking":
        return _ranking(question, raw.ranks.get(question.id, {}), option_ids)
    chosen = [int(v) if v.isdigit() and len(v) < 19 else -1 for v in values]
    if any(c not in option_ids for c in chosen):
        raise ValueError("Choose from the options given")
    if len(set(chosen)) != len(chosen):
        raise ValueError("Choose each option only once")
    if question.kind == "single" and len(chosen) > 1:
        raise ValueError("Choose one option")
    return [Answer(question_id=question.id, item=c) for c in chosen]


def _ranking(question: Question, ranks: dict[int, str], option_ids: set[int]) -> list[Answer]:
    if set(ranks) - option_ids:
        raise ValueError("Rank only the options given")
    given = {o: r.strip() for o, r in ranks.items() if r.strip()}
    if not given:
        return []
    size = len(option_ids)
    if any(not r.isdigit() or not 1 <= int(r) <= size for r in given.values()):
        raise ValueError(f"Give each option a rank from 1 to {size}")
    if len(given) != size:
        raise ValueError("Rank every option, or leave them all blank")
    if len({int(r) for r in given.values()}) != size:
        raise ValueError("Give each option a different rank")
    return [Answer(question_id=question.id, item=o, value=int(r)) for o, r in sorted(given.items())]


def _participants(consultation: Consultation) -> str:
    return db.session.scalar(select(Participants.member_ids).where(
        Participants.consultation_id == consultation.id)) or ""


def _participated(consultation: Consultation, member: Member) -> bool:
    return member.id in parse_ids(_participants(consultation))


def _take_part(consultation: Consultation, member: Member) -> None:
    """Add the member to the sorted list, or refuse if they are on it: a compare-and-set update,
    so two first answers at once cannot both pass (the second finds the list changed)."""
    before = _participants(consultation)
    ids = parse_ids(before)
    if member.id in ids:
        raise AlreadyAnswered(form="You have already answered this consultation")
    after = ",".join(str(i) for i in sorted([*ids, member.id]))
    if db.session.get(Participants, consultation.id) is None:
        db.session.add(Participants(consultation_id=consultation.id, member_ids=after))
        db.session.flush()
        return
    changed = db.session.execute(update(Participants).where(
        Participants.consultation_id == consultation.id, Participants.member_ids == before)
        .values(member_ids=after).execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        raise AlreadyAnswered(form="Others were answering at the same moment. Send your answers again.")


def participant_ids(consultation: Consultation) -> list[int]:
    """For notifying contributors (never shown): who took part, in id order."""
    return parse_ids(_participants(consultation))


def find_response(member: Member, consultation: Consultation, token: str | None) -> Response | None:
    """The member's response: by member for a named consultation; for an anonymous one, only by
    the id their browser holds (checked against their participation, so a token alone is not
    enough to open someone else's answers from the same browser)."""
    if not consultation.anonymous:
        return db.session.scalar(select(Response).where(Response.consultation_id == consultation.id,
                                                        Response.member_id == member.id))
    if not token or len(token) != 32 or not _participated(consultation, member):
        return None
    response = db.session.get(Response, token)
    return response if response is not None and response.consultation_id == consultation.id else None


def draft_for(member: Member, consultation: Consultation, token: str | None) -> Draft:
    response = find_response(member, consultation, token)
    participated = response is not None or _participated(consultation, member)
    draft = Draft(participated=participated, lost=participated and response is None)
    if response is None:
        return draft
    draft.submitted = response.submitted
    kinds = {q.id: q.kind for q in consultation.questions}
    for answer in db.session.scalars(select(Answer).where(Answer.response_id == response.id)):
        kind = kinds.get(answer.question_id)
        if kind == "ranking":
            draft.ranks.setdefault(answer.question_id, {})[answer.item] = str(answer.value)
        elif kind == "text":
            draft.values[answer.question_id] = [answer.text or ""]
        elif kind == "scale":
            draft.values[answer.question_id] = [str(answer.value)]
        else:
            draft.values.setdefault(answer.question_id, []).append(str(answer.item))
    return draft


def save(member: Member, consultation: Consultation, raw: RawAnswers, *, submit: bool,
         token: str | None = None) -> Response:
    """Store the member's answers whole (replacing what they saved before), or nothing.

    `submit` checks that required questions are answered and counts the response in the results;
    saving keeps a draft. A submitted response stays submitted: changing it needs a full answer."""
    require(member, "consultations.answer", consultation,
            "This consultation asks other members" if consultation.published_at else "")
    _open_or_refuse(consultation)
    response = find_response(member, consultation, token)
    if response is None and _participated(consultation, member):
        raise AlreadyAnswered(form=(
            "You have already answered from another browser or device. Because this consultation "
            "is anonymous, your answers are not linked to you, so they cannot be opened here."))
    submit = submit or (response is not None and response.submitted)
    rows, errors = _judge(consultation, raw, submit)
    if errors:
        raise InvalidInput(errors)
    with atomic():
        if response is None:
            response = Response(id=secrets.token_hex(16), consultation_id=consultation.id,
                                member_id=None if consultation.anonymous else member.id)
            _take_part(consultation, member)
            db.session.add(response)
        else:
            db.session.execute(delete(Answer).where(Answer.response_id == response.id))
        response.submitted = submit
        # The groups breakdowns use, as the member stands today.
        response.discipline = member.discipline
        response.organisation = member.organisation_name[:160]
        response.place = (member.place or "")[:80]
        db.session.flush()
        for row in rows:
            row.response_id = response.id
        db.session.add_all(rows)
    return response


def rewrite_in_random_order(consultation: Consultation) -> None:
    """Rewrite an anonymous consultation's responses, answers and themes in the order of their
    random ids, in one transaction (the caller's), so how the rows sit (PostgreSQL keeps rows in
    the order written, each with the id of the transaction that wrote it) no longer follows the
    order people answered in. Run when it closes; nothing else changes."""
    from ..models import AnswerTheme
    if not consultation.anonymous:
        return
    responses_table, answers_table, themes_table = (Response.__table__, Answer.__table__,
                                                    AnswerTheme.__table__)
    ids = select(Response.id).where(Response.consultation_id == consultation.id)
    responses = [dict(r) for r in db.session.execute(select(responses_table).where(
        responses_table.c.consultation_id == consultation.id)).mappings()]
    answers = [dict(r) for r in db.session.execute(select(answers_table).where(
        answers_table.c.response_id.in_(ids))).mappings()]
    themes = [dict(r) for r in db.session.execute(select(themes_table).where(
        themes_table.c.response_id.in_(ids))).mappings()]
    db.session.execute(delete(AnswerTheme).where(AnswerTheme.response_id.in_(ids)))
    db.session.execute(delete(Answer).where(Answer.response_id.in_(ids)))
    db.session.execute(delete(Response).where(Response.consultation_id == consultation.id))
    for table, rows, key in ((responses_table, responses, lambda r: r["id"]),
                             (answers_table, answers, lambda r: (r["response_id"], r["question_id"], r["item"])),
                             (themes_table, themes, lambda r: (r["response_id"], r["question_id"], r["theme"]))):
        if rows:
            db.session.execute(table.insert(), sorted(rows, key=key))
    # The participant list is written in the same transaction, so it shares its transaction id.
    db.session.execute(update(Participants).where(Participants.consultation_id == consultation.id)
                       .values(member_ids=Participants.member_ids))
    db.session.expire_all()
