"""Consultations: what designers ask, who they ask, and what members answer.

Anonymity is a property of the tables, not of the pages (docs/decisions.md, "Consultations"):

- `Response` rows have a random 128-bit text id and no timestamp. An anonymous consultation's
  response has no `member_id`; a named one's has it.
- `Answer` rows are keyed by (response, question, item): no autoincrement id whose order would
  follow the order people answered in.
- On SQLite both are WITHOUT ROWID tables, so their stored order is the order of the random id,
  not of insertion.
- `Participants` says who took part: one row per consultation holding the sorted member ids (what
  stops a second response), so there is no per-member row whose order, place or transaction id
  could line up with a response. It has no response id, no time, no "submitted" flag.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import (Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..columns import UTCDateTime
from ..dates import utcnow
from ..extensions import db
from ..members.models import Member

TITLE_MAX = 200
PURPOSE_MAX = 4000
PROMPT_MAX = 300
HINT_MAX = 500
OPTION_MAX = 200
SCALE_LABEL_MAX = 60
TEXT_ANSWER_MAX = 4000
THEME_MAX = 60
PRINCIPLE_MAX = 120

# The seed programme's six principles: a fixed list every consultation can serve; admins add more
# (`Principle` rows, keyed "p<id>").
PRINCIPLES = {
    "strategy": "A clear and motivational strategy",
    "impact": "Focused on impact",
    "enable": "Structures to enable, not direct",
    "learning": "A culture of learning",
    "diversity": "Diversity in all we do",
    "support": "Leadership support",
}

AUDIENCES = {"all": "All members", "disciplines": "Members of some disciplines",
             "set": "The members of an action learning set"}

QUESTION_KINDS = {
    "single": "Single choice",
    "multiple": "Multiple choice",
    "scale": "Scale from 1 to 5",
    "text": "Free text",
    "ranking": "Ranking",
}
CHOICE_KINDS = ("single", "multiple", "ranking")
MAX_OPTIONS = 20
MAX_QUESTIONS = 50


class Principle(db.Model):
    """A principle an admin added beside the six fixed ones."""

    __tablename__ = "consultation_principles"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(PRINCIPLE_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def key(self) -> str:
        return f"p{self.id}"


class Consultation(db.Model):
    __tablename__ = "consultations"
    id: Mapped[int] = mapped_column(primary_key=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    purpose: Mapped[str] = mapped_column(Text, default="")
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    audience: Mapped[str] = mapped_column(String(12), default="all")
    # The set whose members are asked (audience "set"): no foreign key until the rooms domain
    # has its tables; the audience check refuses everyone until then.
    audience_set_id: Mapped[int | None] = mapped_column(Integer)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)   # closed early by its designer
    results_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    creator: Mapped[Member] = relationship(lazy="joined")
    questions: Mapped[list["Question"]] = relationship(
        lazy="select", cascade="all, delete-orphan", order_by="Question.position",
        back_populates="consultation")
    disciplines: Mapped[list["ConsultationDiscipline"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan")
    principles: Mapped[list["ConsultationPrinciple"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan")

    __table_args__ = (
        CheckConstraint("audience in ('all', 'disciplines', 'set')", name="audience"),
        CheckConstraint("closes_on >= opens_on", name="dates"),
        Index("ix_consultations_open", "published_at", "closes_on"),
    )

    @property
    def discipline_slugs(self) -> list[str]:
        return sorted(d.discipline for d in self.disciplines)

    @property
    def principle_keys(self) -> list[str]:
        return [p.principle for p in self.principles]

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def state_on(self, today: date) -> str:
        """draft | scheduled | open | closed, on London's `today`."""
        if self.published_at is None:
            return "draft"
        if self.closed_at is not None or today > self.closes_on:
            return "closed"
        if today < self.opens_on:
            return "scheduled"
        return "open"

    def in_audience(self, member) -> bool:
        if self.audience == "all":
            return True
        if self.audience == "disciplines":
            return member.discipline in self.discipline_slugs
        return False


class ConsultationDiscipline(db.Model):
    __tablename__ = "consultation_disciplines"
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    discipline: Mapped[str] = mapped_column(String(40), primary_key=True)


class ConsultationPrinciple(db.Model):
    """A principle the consultation serves: a fixed one's key, or "p<id>" of an admin's."""

    __tablename__ = "consultation_principle_links"
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    principle: Mapped[str] = mapped_column(String(20), primary_key=True)


class Question(db.Model):
    __tablename__ = "consultation_questions"
    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    prompt: Mapped[str] = mapped_column(String(PROMPT_MAX))
    hint: Mapped[str] = mapped_column(String(HINT_MAX), default="")
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    low_label: Mapped[str] = mapped_column(String(SCALE_LABEL_MAX), default="")
    high_label: Mapped[str] = mapped_column(String(SCALE_LABEL_MAX), default="")

    consultation: Mapped[Consultation] = relationship(back_populates="questions")
    options: Mapped[list["QuestionOption"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="QuestionOption.position")

    __table_args__ = (
        Index("ix_consultation_questions_order", "consultation_id", "position"),
        CheckConstraint("kind in ('single', 'multiple', 'scale', 'text', 'ranking')", name="kind"),
    )

    @property
    def field_name(self) -> str:
        return f"q{self.id}"


class QuestionOption(db.Model):
    __tablename__ = "consultation_options"
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("consultation_questions.id", ondelete="CASCADE"),
                                             index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(OPTION_MAX))


# Answers -------------------------------------------------------------------------------------

class Participants(db.Model):
    """Who took part in a consultation: one row per consultation, the member ids sorted.

    Not a row per member: a row per member would carry its own insertion order, physical place
    and (on PostgreSQL) transaction id, each of which lines up with the response written in the
    same transaction. A sorted list has none of these; what stops a second response is the
    service's compare-and-set update of this row (services/answering.py).
    """

    __tablename__ = "consultation_participants"
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    member_ids: Mapped[str] = mapped_column(Text, default="")

    @property
    def ids(self) -> list[int]:
        return parse_ids(self.member_ids)


def parse_ids(text: str) -> list[int]:
    return [int(part) for part in (text or "").split(",") if part]


class Response(db.Model):
    """One member's answers. The id is random (secrets.token_hex); no times are kept.

    The respondent's discipline, organisation and place are kept for breakdowns, which show a
    group only when it has at least k responses (services/results.py).
    """

    __tablename__ = "consultation_responses"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    # NULL for an anonymous consultation: nothing ties the answers to a person.
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    discipline: Mapped[str] = mapped_column(String(40), default="")
    organisation: Mapped[str] = mapped_column(String(160), default="")
    place: Mapped[str] = mapped_column(String(80), default="")

    __table_args__ = (
        UniqueConstraint("consultation_id", "member_id", name="uq_consultation_responses_member"),
        Index("ix_consultation_responses_results", "consultation_id", "submitted"),
        {"sqlite_with_rowid": False},
    )


class Answer(db.Model):
    """One answer item: a chosen option (item = option id; for a ranking, value = its rank), a
    scale value (item 0, value 1–5) or free text (item 0, text)."""

    __tablename__ = "consultation_answers"
    response_id: Mapped[str] = mapped_column(ForeignKey("consultation_responses.id", ondelete="CASCADE"),
                                             primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("consultation_questions.id", ondelete="CASCADE"),
                                             primary_key=True, index=True)
    item: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)

    __table_args__ = ({"sqlite_with_rowid": False},)


class AnswerTheme(db.Model):
    """A theme a designer tagged a free-text answer with."""

    __tablename__ = "consultation_answer_themes"
    response_id: Mapped[str] = mapped_column(ForeignKey("consultation_responses.id", ondelete="CASCADE"),
                                             primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("consultation_questions.id", ondelete="CASCADE"),
                                             primary_key=True)
    theme: Mapped[str] = mapped_column(String(THEME_MAX), primary_key=True)

    __table_args__ = (Index("ix_consultation_answer_themes_question", "question_id", "theme"),
                      {"sqlite_with_rowid": False})


@dataclass
class RawAnswers:
    """What the answer form sent, by question id, before any judgement (forms.parse_answers)."""

    values: dict[int, list[str]] = field(default_factory=dict)
    ranks: dict[int, dict[int, str]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)   # fields naming no question of the form


# The idea board and "you said, we did" -------------------------------------------------------

IDEA_TITLE_MAX = 200
IDEA_RESPONSE_MAX = 4000
IDEA_STATUSES = {"new": "New", "considering": "Under consideration", "adopted": "Adopted",
                 "not-now": "Not now"}
DECISION_STATUSES = {"planned": "Planned", "in-progress": "In progress", "done": "Done"}
DECISION_TEXT_MAX = 4000


class Idea(db.Model):
    """A member's idea for the academy. Its description and comments are a thread (in the idea
    board's space), so comments, reactions, mentions and moderation work as everywhere else."""

    __tablename__ = "ideas"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(String(IDEA_TITLE_MAX))
    status: Mapped[str] = mapped_column(String(12), default="new")
    response: Mapped[str] = mapped_column(Text, default="")
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    support_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[Member] = relationship(foreign_keys=[author_id], lazy="joined")
    responded_by: Mapped[Member | None] = relationship(foreign_keys=[responded_by_id], lazy="select")

    __table_args__ = (
        CheckConstraint("status in ('new', 'considering', 'adopted', 'not-now')", name="status"),
        Index("ix_ideas_board", "support_count", "id"),
    )

    @property
    def status_label(self) -> str:
        return IDEA_STATUSES.get(self.status, self.status)


class IdeaSupport(db.Model):
    __tablename__ = "idea_supports"
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)


class Decision(db.Model):
    """"You said, we did": a theme members raised, what was decided and what changed, linked to the
    consultations and ideas it came from."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    theme: Mapped[str] = mapped_column(String(IDEA_TITLE_MAX))
    decision: Mapped[str] = mapped_column(Text, default="")
    change: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="planned")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    creator: Mapped[Member] = relationship(lazy="joined")
    consultation_links: Mapped[list["DecisionConsultation"]] = relationship(lazy="selectin",
                                                                            cascade="all, delete-orphan")
    idea_links: Mapped[list["DecisionIdea"]] = relationship(lazy="selectin", cascade="all, delete-orphan")

    __table_args__ = (CheckConstraint("status in ('planned', 'in-progress', 'done')", name="status"),)

    @property
    def status_label(self) -> str:
        return DECISION_STATUSES.get(self.status, self.status)


class DecisionConsultation(db.Model):
    __tablename__ = "decision_consultations"
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    consultation: Mapped[Consultation] = relationship(lazy="joined")


class DecisionIdea(db.Model):
    __tablename__ = "decision_ideas"
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    idea: Mapped[Idea] = relationship(lazy="joined")
