"""A designer builds a consultation: details, questions, preview, publish, close, copy."""
from __future__ import annotations

from datetime import date

from flask import url_for
from sqlalchemy import exists, func, select

from ...content import clean_block, clean_line
from ...dates import local, utcnow
from ...db import atomic
from ...disciplines import DISCIPLINES
from ...errors import InvalidInput, NotFound
from ...extensions import db
from ...links import site_url
from ...lookups import get_or_404
from ...mail import queue_mail
from ...members.models import Member
from ...notifications.services import notify_members
from ...permissions import require
from ..models import (AUDIENCES, CHOICE_KINDS, MAX_OPTIONS, MAX_QUESTIONS, OPTION_MAX, PRINCIPLES,
                      QUESTION_KINDS, Consultation, ConsultationDiscipline, ConsultationPrinciple,
                      Participants, Principle, Question, QuestionOption, Response)


def today() -> date:
    """The date in London, where the academy is: consultations open and close on its days."""
    return local(utcnow()).date()


def _line(value: str) -> str:
    return clean_line(value)


# Principles ----------------------------------------------------------------------------------

def principle_choices() -> list[tuple[str, str]]:
    added = db.session.scalars(select(Principle).order_by(Principle.id)).all()
    return [*PRINCIPLES.items(), *((p.key, p.name) for p in added)]


def principle_labels() -> dict[str, str]:
    return dict(principle_choices())


def add_principle(admin: Member, name: str) -> Principle:
    require(admin, "consultations.principles")
    name = _line(name)
    if not name:
        raise InvalidInput(name="Enter the principle")
    known = {label.lower() for _, label in principle_choices()}
    if name.lower() in known:
        raise InvalidInput(name="That principle is already on the list")
    with atomic():
        principle = Principle(name=name)
        db.session.add(principle)
    return principle


# Details -------------------------------------------------------------------------------------

def get(consultation_id: int) -> Consultation:
    return get_or_404(Consultation, consultation_id)


def has_responses(consultation: Consultation) -> bool:
    return bool(db.session.scalar(select(exists().where(Response.consultation_id == consultation.id))))


def _check_details(title: str, opens_on: date | None, closes_on: date | None, audience: str,
                   disciplines: list[str], principles: list[str]) -> dict:
    errors = {}
    title = _line(title)
    if not title:
        errors["title"] = "Enter a title"
    if opens_on is None:
        errors["opens_on"] = "Enter the date it opens"
    if closes_on is None:
        errors["closes_on"] = "Enter the date it closes"
    elif opens_on is not None and closes_on < opens_on:
        errors["closes_on"] = "The closing date must be on or after the opening date"
    if audience not in AUDIENCES:
        errors["audience"] = "Choose who is asked"
    elif audience == "set":
        errors["audience"] = "Asking an action learning set's members is not available yet"
    unknown = [d for d in disciplines if d not in DISCIPLINES]
    if unknown:
        errors["disciplines"] = "Choose disciplines from the list"
    elif audience == "disciplines" and not disciplines:
        errors["disciplines"] = "Choose at least one discipline"
    if set(principles) - set(principle_labels()):
        errors["principles"] = "Choose principles from the list"
    if errors:
        raise InvalidInput(errors)
    return {"title": title}


def _apply_details(consultation: Consultation, *, title: str, purpose: str, opens_on: date,
                   closes_on: date, audience: str, disciplines: list[str], principles: list[str],
                   anonymous: bool) -> None:
    consultation.title = title
    consultation.purpose = clean_block(purpose)
    consultation.opens_on, consultation.closes_on = opens_on, closes_on
    consultation.audience, consultation.anonymous = audience, anonymous
    chosen = sorted(set(disciplines)) if audience == "disciplines" else []
    consultation.disciplines = [ConsultationDiscipline(discipline=d) for d in chosen]
    consultation.principles = [ConsultationPrinciple(principle=p) for p in dict.fromkeys(principles)]


def create(designer: Member, *, title: str, purpose: str, opens_on: date | None, closes_on: date | None,
           audience: str, disciplines: list[str], principles: list[str], anonymous: bool) -> Consultation:
    require(designer, "consultations.create")
    clean = _check_details(title, opens_on, closes_on, audience, disciplines, principles)
    with atomic():
        consultation = Consultation(creator_id=designer.id)
        _apply_details(consultation, title=clean["title"], purpose=purpose, opens_on=opens_on,
                       closes_on=closes_on, audience=audience, disciplines=disciplines,
                       principles=principles, anonymous=anonymous)
        db.session.add(consultation)
    return consultation


def update(designer: Member, consultation: Consultation, *, title: str, purpose: str,
           opens_on: date | None, closes_on: date | None, audience: str, disciplines: list[str],
           principles: list[str], anonymous: bool) -> Consultation:
    require(designer, "consultations.edit", consultation)
    clean = _check_details(title, opens_on, closes_on, audience, disciplines, principles)
    if has_responses(consultation):
        # Who was asked and what they were promised cannot change under people who answered.
        if anonymous != consultation.anonymous:
            raise InvalidInput(anonymous="People have answered, so whether it is anonymous cannot change")
        if audience != consultation.audience or (
                audience == "disciplines" and sorted(set(disciplines)) != consultation.discipline_slugs):
            raise InvalidInput(audience="People have answered, so who is asked cannot change")
    with atomic():
        _apply_details(consultation, title=clean["title"], purpose=purpose, opens_on=opens_on,
                       closes_on=closes_on, audience=audience, disciplines=disciplines,
                       principles=principles, anonymous=anonymous)
    return consultation


# Questions -----------------------------------------------------------------------------------

def _require_changeable(designer: Member, consultation: Consultation) -> None:
    require(designer, "consultations.edit", consultation)
    if has_responses(consultation):
        raise InvalidInput(prompt="People have answered, so the questions cannot change. "
                                  "Close it and make a copy to ask different questions.")


def get_question(consultation: Consultation, question_id: int) -> Question:
    question = get_or_404(Question, question_id)
    if question.consultation_id != consultation.id:
        raise NotFound()
    return question


def _check_question(kind: str, prompt: str, options: list[str], low_label: str, high_label: str) -> dict:
    errors = {}
    prompt = _line(prompt)
    if kind not in QUESTION_KINDS:
        errors["kind"] = "Choose the kind of question"
    if not prompt:
        errors["prompt"] = "Enter the question"
    cleaned = [_line(o) for o in options]
    cleaned = [o for o in cleaned if o]
    if kind in CHOICE_KINDS:
        lowered = [o.lower() for o in cleaned]
        if len(cleaned) < 2:
            errors["options"] = "Enter at least two options, one on each line"
        elif len(cleaned) > MAX_OPTIONS:
            errors["options"] = f"Enter {MAX_OPTIONS} options or fewer"
        elif len(set(lowered)) != len(lowered):
            errors["options"] = "Each option must be different"
        elif any(len(o) > OPTION_MAX for o in cleaned):
            errors["options"] = f"Keep each option to {OPTION_MAX} characters or fewer"
    low, high = _line(low_label), _line(high_label)
    if kind == "scale":
        if not low:
            errors["low_label"] = "Enter what 1 means"
        if not high:
            errors["high_label"] = "Enter what 5 means"
    if errors:
        raise InvalidInput(errors)
    return {"prompt": prompt, "options": cleaned if kind in CHOICE_KINDS else [],
            "low_label": low if kind == "scale" else "", "high_label": high if kind == "scale" else ""}


def _fill_question(question: Question, kind: str, clean: dict, hint: str, required: bool) -> None:
    question.kind, question.prompt = kind, clean["prompt"]
    question.hint, question.required = _line(hint), required
    question.low_label, question.high_label = clean["low_label"], clean["high_label"]
    kept = {o.label: o for o in question.options}
    # Keep an unchanged option's row (and id), so a preview or a half-typed answer still fits.
    question.options = [kept.get(label) or QuestionOption(label=label) for label in clean["options"]]
    for position, option in enumerate(question.options):
        option.position, option.label = position, clean["options"][position]


def add_question(designer: Member, consultation: Consultation, *, kind: str, prompt: str, hint: str = "",
                 required: bool = True, options: list[str] = (), low_label: str = "",
                 high_label: str = "") -> Question:
    _require_changeable(designer, consultation)
    clean = _check_question(kind, prompt, list(options), low_label, high_label)
    if len(consultation.questions) >= MAX_QUESTIONS:
        raise InvalidInput(prompt=f"A consultation can have at most {MAX_QUESTIONS} questions")
    with atomic():
        position = 1 + (db.session.scalar(select(func.max(Question.position)).where(
            Question.consultation_id == consultation.id)) or 0)
        question = Question(consultation_id=consultation.id, position=position, options=[])
        _fill_question(question, kind, clean, hint, required)
        db.session.add(question)
    db.session.expire(consultation, ["questions"])
    return question


def update_question(designer: Member, question: Question, *, kind: str, prompt: str, hint: str = "",
                    required: bool = True, options: list[str] = (), low_label: str = "",
                    high_label: str = "") -> Question:
    _require_changeable(designer, question.consultation)
    clean = _check_question(kind, prompt, list(options), low_label, high_label)
    with atomic():
        _fill_question(question, kind, clean, hint, required)
    return question


def move_question(designer: Member, question: Question, direction: str) -> None:
    consultation = question.consultation
    _require_changeable(designer, consultation)
    if direction not in ("up", "down"):
        raise InvalidInput(direction="Choose up or down")
    questions = list(consultation.questions)
    index = questions.index(question)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(questions):
        return
    with atomic():
        questions[index], questions[other] = questions[other], questions[index]
        for position, q in enumerate(questions, start=1):
            q.position = position


def delete_question(designer: Member, question: Question) -> None:
    consultation = question.consultation
    _require_changeable(designer, consultation)
    with atomic():
        db.session.delete(question)
        remaining = [q for q in consultation.questions if q.id != question.id]
        for position, q in enumerate(remaining, start=1):
            q.position = position
    db.session.expire(consultation, ["questions"])


# Publishing ----------------------------------------------------------------------------------

def audience_ids(consultation: Consultation) -> list[int]:
    """Active members the consultation asks, in one query."""
    query = select(Member.id).where(Member.approved_at.is_not(None), Member.suspended_at.is_(None),
                                    Member.confirmed_at.is_not(None))
    if consultation.audience == "disciplines":
        query = query.where(Member.discipline.in_(consultation.discipline_slugs))
    elif consultation.audience != "all":
        return []
    return list(db.session.scalars(query.order_by(Member.id)))


def publish(designer: Member, consultation: Consultation) -> int:
    """Open it to its audience (on its opening day); each is notified in the app and by email.
    Returns how many were told."""
    require(designer, "consultations.edit", consultation)
    if consultation.published_at is not None:
        raise InvalidInput(publish="This consultation is already published")
    if not consultation.questions:
        raise InvalidInput(publish="Add at least one question before you publish")
    if consultation.closes_on < today():
        raise InvalidInput(publish="The closing date has passed. Change the dates before you publish")
    with atomic():
        consultation.published_at = utcnow()
        db.session.add(Participants(consultation_id=consultation.id, member_ids=""))
        ids = [i for i in audience_ids(consultation) if i != designer.id]   # never the actor
        path = url_for("consultations.show", consultation_id=consultation.id)
        when = ("now" if consultation.opens_on <= today()
                else f"from {consultation.opens_on.strftime('%-d %B %Y')}")
        subject = f"Have your say: “{consultation.title}”"
        notify_members(ids, designer, "consultation", subject, path, f"consultation:{consultation.id}")
        link = site_url("consultations.show", consultation_id=consultation.id)
        people = db.session.scalars(select(Member).where(Member.id.in_(ids)).order_by(Member.id)) if ids else []
        for member in people:
            queue_mail(member.email, subject,
                       f"Hello {member.name},\n\n{designer.name} is asking for your views in "
                       f"“{consultation.title}”. It is open {when} until "
                       f"{consultation.closes_on.strftime('%-d %B %Y')}.\n\n"
                       + ("Your answers are anonymous.\n\n" if consultation.anonymous else "")
                       + f"Have your say: {link}\n")
    return len(ids)


def close(designer: Member, consultation: Consultation) -> None:
    require(designer, "consultations.edit", consultation)
    if consultation.state_on(today()) not in ("open", "scheduled"):
        raise InvalidInput(close="Only an open consultation can be closed")
    from .answering import rewrite_in_random_order
    with atomic():
        consultation.closed_at = utcnow()
        rewrite_in_random_order(consultation)


def copy(designer: Member, consultation: Consultation) -> Consultation:
    """A new draft with the same details and questions: how questions change once people answered."""
    require(designer, "consultations.create")
    require(designer, "consultations.read", consultation)
    with atomic():
        twin = Consultation(creator_id=designer.id)
        _apply_details(twin, title=f"Copy of {consultation.title}"[:200], purpose=consultation.purpose,
                       opens_on=max(today(), consultation.opens_on),
                       closes_on=max(today(), consultation.closes_on), audience=consultation.audience,
                       disciplines=consultation.discipline_slugs, principles=consultation.principle_keys,
                       anonymous=consultation.anonymous)
        twin.questions = [Question(position=q.position, kind=q.kind, prompt=q.prompt, hint=q.hint,
                                   required=q.required, low_label=q.low_label, high_label=q.high_label,
                                   options=[QuestionOption(position=o.position, label=o.label)
                                            for o in q.options])
                          for q in consultation.questions]
        db.session.add(twin)
    return twin


# Lists ---------------------------------------------------------------------------------------

def open_for(member: Member, limit: int = 50) -> list[Consultation]:
    """Open consultations the member is asked in, closing soonest first."""
    day = today()
    rows = db.session.scalars(select(Consultation).where(
        Consultation.published_at.is_not(None), Consultation.closed_at.is_(None),
        Consultation.opens_on <= day, Consultation.closes_on >= day)
        .order_by(Consultation.closes_on, Consultation.id).limit(limit)).all()
    return [c for c in rows if c.in_audience(member)]


def for_designers(limit: int = 200) -> list[Consultation]:
    return list(db.session.scalars(select(Consultation).order_by(Consultation.id.desc()).limit(limit)))


def closed_with_results_for(member: Member, limit: int = 50) -> list[Consultation]:
    rows = db.session.scalars(select(Consultation).where(Consultation.results_published_at.is_not(None))
                              .order_by(Consultation.results_published_at.desc()).limit(limit)).all()
    return [c for c in rows if c.in_audience(member)]
