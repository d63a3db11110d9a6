""""You said, we did": designers link what members said (consultations and ideas) to decisions and
what changed. When a decision's status changes, everyone who contributed to a linked consultation
or idea is notified, anonymous respondents included: the platform reads who took part to send the
notifications; no page or export lists them."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from ...content import clean_block, clean_line
from ...dates import utcnow
from ...db import atomic
from ...errors import InvalidInput
from ...extensions import db
from ...lookups import get_or_404
from ...members.models import Member
from ...notifications.services import notify_members
from ...permissions import require
from ..models import (DECISION_STATUSES, DECISION_TEXT_MAX, IDEA_TITLE_MAX, Consultation, Decision,
                      DecisionConsultation, DecisionIdea, Idea)
from .answering import participant_ids
from .ideas import contributors


def listing(limit: int = 100) -> list[Decision]:
    return list(db.session.scalars(select(Decision).order_by(Decision.updated_at.desc(), Decision.id.desc())
                                   .limit(limit)))


def get(decision_id: int) -> Decision:
    return get_or_404(Decision, decision_id)


def linkable() -> tuple[list[Consultation], list[Idea]]:
    consultations = db.session.scalars(select(Consultation).where(Consultation.published_at.is_not(None))
                                       .order_by(Consultation.id.desc()).limit(100)).all()
    ideas = db.session.scalars(select(Idea).order_by(Idea.support_count.desc(), Idea.id.desc()).limit(100)).all()
    return list(consultations), list(ideas)


def create(designer: Member, *, theme: str, decision: str, change: str, status: str,
           consultation_ids: list[int], idea_ids: list[int]) -> Decision:
    require(designer, "decisions.manage")
    theme = clean_line(theme)
    decision, change = clean_block(decision), clean_block(change)
    errors = {}
    if not theme:
        errors["theme"] = "Enter the theme members raised"
    elif len(theme) > IDEA_TITLE_MAX:
        errors["theme"] = f"Keep the theme to {IDEA_TITLE_MAX} characters or fewer"
    if not decision:
        errors["decision"] = "Say what was decided"
    for name, text in (("decision", decision), ("change", change)):
        if len(text) > DECISION_TEXT_MAX:
            errors[name] = f"Keep this to {DECISION_TEXT_MAX} characters or fewer"
    if status not in DECISION_STATUSES:
        errors["status"] = "Choose a status"
    consultations, ideas = linkable()
    if set(consultation_ids) - {c.id for c in consultations}:
        errors["consultations"] = "Choose consultations from the list"
    if set(idea_ids) - {i.id for i in ideas}:
        errors["ideas"] = "Choose ideas from the list"
    if not errors and not consultation_ids and not idea_ids:
        errors["consultations"] = "Link at least one consultation or idea: what members said that led here"
    if errors:
        raise InvalidInput(errors)
    with atomic():
        row = Decision(creator_id=designer.id, theme=theme, decision=decision, change=change, status=status,
                       consultation_links=[DecisionConsultation(consultation_id=i) for i in dict.fromkeys(consultation_ids)],
                       idea_links=[DecisionIdea(idea_id=i) for i in dict.fromkeys(idea_ids)])
        db.session.add(row)
        db.session.flush()
        _notify(designer, row)
    return row


def set_status(designer: Member, decision: Decision, status: str) -> None:
    require(designer, "decisions.manage")
    if status not in DECISION_STATUSES:
        raise InvalidInput(status="Choose a status")
    if status == decision.status:
        raise InvalidInput(status=f"It is already {DECISION_STATUSES[status].lower()}")
    with atomic():
        decision.status, decision.updated_at = status, utcnow()
        _notify(designer, decision)


def _notify(designer: Member, decision: Decision) -> None:
    """Everyone who contributed to what the decision links to, once per status."""
    people: set[int] = contributors([link.idea_id for link in decision.idea_links])
    for link in decision.consultation_links:
        people.update(participant_ids(link.consultation))
    people.discard(designer.id)
    notify_members(sorted(people), designer, "consultation",
                   f"You said, we did: “{decision.theme}” is {DECISION_STATUSES[decision.status].lower()}",
                   url_for("consultations.you_said_we_did") + f"#decision-{decision.id}",
                   f"decision:{decision.id}:{decision.status}")
