"""Consultations made through the real services, for the consultation tests."""
from __future__ import annotations

from datetime import timedelta

from community.consultations.models import RawAnswers
from community.consultations.services import answering, building


def make_consultation(designer, *, title="How should the academy support you?", anonymous=False,
                      audience="all", disciplines=(), publish=True, questions=True):
    day = building.today()
    consultation = building.create(designer, title=title, purpose="We are designing the academy with you.",
                                   opens_on=day, closes_on=day + timedelta(days=14), audience=audience,
                                   disciplines=list(disciplines), principles=["learning", "impact"],
                                   anonymous=anonymous)
    if questions:
        building.add_question(designer, consultation, kind="single", prompt="Which format suits you best?",
                              options=["Workshops", "Online", "Coaching"])
        building.add_question(designer, consultation, kind="multiple", prompt="Which topics interest you?",
                              options=["Strategy", "Culture", "Finance"], required=False)
        building.add_question(designer, consultation, kind="scale", prompt="How supported do you feel?",
                              low_label="Not at all", high_label="Very")
        building.add_question(designer, consultation, kind="text", prompt="What should we do first?",
                              required=False)
        building.add_question(designer, consultation, kind="ranking", prompt="Rank these priorities",
                              options=["Time", "Money", "People"], required=False)
    if publish:
        building.publish(designer, consultation)
    return consultation


def answers_for(consultation, single=0, multiple=(), scale="3", text="", ranking=None) -> RawAnswers:
    q = {question.kind: question for question in consultation.questions}
    raw = RawAnswers()
    raw.values[q["single"].id] = [str(q["single"].options[single].id)]
    raw.values[q["multiple"].id] = [str(q["multiple"].options[i].id) for i in multiple]
    raw.values[q["scale"].id] = [scale]
    raw.values[q["text"].id] = [text]
    if ranking:
        raw.ranks[q["ranking"].id] = {o.id: str(r) for o, r in zip(q["ranking"].options, ranking)}
    return raw


def answer(member, consultation, submit=True, token=None, **values):
    return answering.save(member, consultation, answers_for(consultation, **values), submit=submit, token=token)
