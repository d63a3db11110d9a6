"""Results: counts and percentages per question, free text with themes, breakdowns with small
groups suppressed, response rates, exports, and publishing results to members.

Small groups (docs/decisions.md, "Consultations"): a breakdown shows a group only when it has at
least k submitted responses (CONSULTATION_MIN_GROUP, 5 by default). Smaller groups are merged
into "Other"; when "Other" would itself be smaller than k, the smallest shown groups join it
until it reaches k, so no group's figures can be worked out by subtracting the shown groups from
the total. When even everything together is under k, the breakdown is not shown at all.

Statements per page are fixed: a handful of GROUP BY queries whatever the number of responses.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import distinct, func, select

from ...content import clean_line
from ...db import atomic
from ...dates import utcnow
from ...disciplines import DISCIPLINES
from ...errors import InvalidInput, NotFound
from ...extensions import db
from ...members.models import Member
from ...permissions import require
from ..models import THEME_MAX, Answer, AnswerTheme, Consultation, Question, Response
from .answering import rewrite_in_random_order
from .building import today

OTHER = "Other"
DIMENSIONS = {"discipline": "Discipline", "organisation": "Organisation", "place": "Place"}
TEXTS_SHOWN = 25   # free-text answers per question per page


def min_group() -> int:
    return int(current_app.config.get("CONSULTATION_MIN_GROUP", 5))


@dataclass
class Bar:
    label: str
    count: int
    percent: float


@dataclass
class QuestionResult:
    question: Question
    answered: int
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None          # a scale's average, a ranking's is per bar (see `note`)
    note: str = ""
    texts: list[tuple[str, str, list[str]]] = field(default_factory=list)   # (response id, text, themes)


@dataclass
class Breakdown:
    dimension: str
    groups: list[tuple[str, int]]                 # shown groups (and "Other"), by size
    merged: list[str]                             # the groups folded into "Other"
    suppressed: bool                              # too few responses to show any group
    tables: dict[int, dict[str, list[Bar]]]       # question id -> group -> bars


def _percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def _submitted(consultation: Consultation):
    return (Response.consultation_id == consultation.id, Response.submitted.is_(True))


def _answers_of(consultation: Consultation):
    """Submitted answers to this consultation's questions: driven by the answers' question index,
    so the cost follows this consultation's answers, not every consultation's."""
    return (Answer.question_id.in_([q.id for q in consultation.questions] or [0]), *_submitted(consultation))


def response_count(consultation: Consultation) -> int:
    return db.session.scalar(select(func.count()).select_from(Response).where(*_submitted(consultation))) or 0


def _tallies(consultation: Consultation) -> dict[int, dict[tuple[int, int | None], int]]:
    rows = db.session.execute(
        select(Answer.question_id, Answer.item, Answer.value, func.count())
        .join(Response, Response.id == Answer.response_id).where(*_answers_of(consultation))
        .group_by(Answer.question_id, Answer.item, Answer.value)).all()
    tallies: dict[int, dict[tuple[int, int | None], int]] = defaultdict(dict)
    for question_id, item, value, count in rows:
        tallies[question_id][(item, value)] = count
    return tallies


def _answered(consultation: Consultation) -> dict[int, int]:
    return dict(db.session.execute(
        select(Answer.question_id, func.count(distinct(Answer.response_id)))
        .join(Response, Response.id == Answer.response_id).where(*_answers_of(consultation))
        .group_by(Answer.question_id)).all())


def _bars(question: Question, tally: dict[tuple[int, int | None], int], answered: int) -> tuple[list[Bar], float | None, str]:
    if question.kind == "scale":
        counts = {value: count for (item, value), count in tally.items()}
        bars = [Bar(f"{n}" + (f" ({question.low_label})" if n == 1 else f" ({question.high_label})" if n == 5 else ""),
                    counts.get(n, 0), _percent(counts.get(n, 0), answered)) for n in range(1, 6)]
        total = sum(counts.values())
        mean = round(sum(v * c for v, c in counts.items()) / total, 2) if total else None
        return bars, mean, ""
    if question.kind == "ranking":
        firsts = {item: count for (item, value), count in tally.items() if value == 1}
        rank_sum: dict[int, int] = defaultdict(int)
        for (item, value), count in tally.items():
            rank_sum[item] += (value or 0) * count
        bars = [Bar(o.label, firsts.get(o.id, 0), _percent(firsts.get(o.id, 0), answered))
                for o in question.options]
        averages = ", ".join(f"{o.label}: {rank_sum[o.id] / answered:.2f}" for o in question.options) if answered else ""
        return bars, None, (f"Bars count who ranked each option first. Average rank (1 is highest): {averages}"
                            if answered else "")
    counts = {item: count for (item, value), count in tally.items()}
    return [Bar(o.label, counts.get(o.id, 0), _percent(counts.get(o.id, 0), answered))
            for o in question.options], None, ""


def _texts(consultation: Consultation, page: int) -> dict[int, list[tuple[str, str, list[str]]]]:
    """A page of each free-text question's answers, in random-id order (which says nothing about
    who answered when), with their themes: one query per free-text question, plus one for themes."""
    found: dict[int, list[tuple[str, str, list[str]]]] = {}
    for question in consultation.questions:
        if question.kind != "text":
            continue
        found[question.id] = [(rid, text or "", []) for rid, text in db.session.execute(
            select(Answer.response_id, Answer.text).join(Response, Response.id == Answer.response_id)
            .where(*_submitted(consultation), Answer.question_id == question.id)
            .order_by(Answer.response_id).limit(TEXTS_SHOWN).offset((page - 1) * TEXTS_SHOWN))]
    shown = [(rid, qid) for qid, rows in found.items() for rid, _, _ in rows]
    if shown:
        themes: dict[tuple[str, int], list[str]] = defaultdict(list)
        for response_id, question_id, theme in db.session.execute(
                select(AnswerTheme.response_id, AnswerTheme.question_id, AnswerTheme.theme)
                .where(AnswerTheme.question_id.in_(list(found)),
                       AnswerTheme.response_id.in_([rid for rid, _ in shown])).order_by(AnswerTheme.theme)):
            themes[(response_id, question_id)].append(theme)
        for qid, rows in found.items():
            found[qid] = [(rid, text, themes.get((rid, qid), [])) for rid, text, _ in rows]
    return found


def _all_texts(consultation: Consultation) -> dict[int, list[tuple[str, str, list[str]]]]:
    """Every free-text answer with its themes, for exports."""
    themes: dict[tuple[str, int], list[str]] = defaultdict(list)
    for response_id, question_id, theme in db.session.execute(
            select(AnswerTheme.response_id, AnswerTheme.question_id, AnswerTheme.theme)
            .join(Question, Question.id == AnswerTheme.question_id)
            .where(Question.consultation_id == consultation.id).order_by(AnswerTheme.theme)):
        themes[(response_id, question_id)].append(theme)
    found: dict[int, list[tuple[str, str, list[str]]]] = defaultdict(list)
    for question_id, response_id, text in db.session.execute(
            select(Answer.question_id, Answer.response_id, Answer.text)
            .join(Response, Response.id == Answer.response_id)
            .where(*_submitted(consultation), Answer.text.is_not(None))
            .order_by(Answer.question_id, Answer.response_id)):
        found[question_id].append((response_id, text or "", themes.get((response_id, question_id), [])))
    return found


def summary(consultation: Consultation, text_page: int = 1, every_text: bool = False) -> list[QuestionResult]:
    """Each question's figures; free text a page at a time (`every_text` for exports)."""
    tallies, answered = _tallies(consultation), _answered(consultation)
    texts = _all_texts(consultation) if every_text else _texts(consultation, text_page)
    results = []
    for question in consultation.questions:
        count = answered.get(question.id, 0)
        result = QuestionResult(question, count)
        if question.kind == "text":
            result.texts = texts.get(question.id, [])
        else:
            result.bars, result.mean, result.note = _bars(question, tallies.get(question.id, {}), count)
        results.append(result)
    return results


# Small groups --------------------------------------------------------------------------------

def merge_small(sizes: dict[str, int], k: int) -> tuple[dict[str, str], bool]:
    """Each group's shown label (itself or OTHER), and whether the whole breakdown is suppressed.

    Groups under k go to OTHER; while OTHER is non-empty but under k, the smallest shown group
    joins it (so subtracting the shown groups from the total never isolates one small group).
    """
    total = sum(sizes.values())
    if total < k:
        return {name: OTHER for name in sizes}, True
    shown = sorted((n for n in sizes if sizes[n] >= k), key=lambda n: (sizes[n], n))
    other = [n for n in sizes if sizes[n] < k]
    while other and sum(sizes[n] for n in other) < k and shown:
        other.append(shown.pop(0))
    if other and sum(sizes[n] for n in other) < k:
        return {name: OTHER for name in sizes}, True
    mapping = {n: n for n in shown}
    mapping.update({n: OTHER for n in other})
    return mapping, False


def _group_column(dimension: str):
    return {"discipline": Response.discipline, "organisation": Response.organisation,
            "place": Response.place}[dimension]


def _group_label(dimension: str, value: str) -> str:
    if dimension == "discipline":
        return DISCIPLINES.get(value, value or "Not given")
    return value or "Not given"


def breakdown(consultation: Consultation, dimension: str, k: int | None = None) -> Breakdown:
    if dimension not in DIMENSIONS:
        raise NotFound()
    k = k or min_group()
    column = _group_column(dimension)
    sizes = {_group_label(dimension, value): count for value, count in db.session.execute(
        select(column, func.count()).where(*_submitted(consultation)).group_by(column)).all()}
    mapping, suppressed = merge_small(sizes, k)
    shown: dict[str, int] = defaultdict(int)
    for name, size in sizes.items():
        shown[mapping[name]] += size
    groups = sorted(shown.items(), key=lambda pair: (pair[0] == OTHER, -pair[1], pair[0]))
    merged = sorted(n for n, label in mapping.items() if label == OTHER)
    if suppressed:
        return Breakdown(dimension, [], merged, True, {})
    tallies: dict[int, dict[str, dict[tuple[int, int | None], int]]] = defaultdict(lambda: defaultdict(dict))
    for value, question_id, item, answer_value, count in db.session.execute(
            select(column, Answer.question_id, Answer.item, Answer.value, func.count())
            .join(Response, Response.id == Answer.response_id)
            .where(*_answers_of(consultation), Answer.text.is_(None))
            .group_by(column, Answer.question_id, Answer.item, Answer.value)):
        group = mapping[_group_label(dimension, value)]
        cell = tallies[question_id][group]
        cell[(item, answer_value)] = cell.get((item, answer_value), 0) + count
    group_sizes = dict(groups)
    tables = {}
    for question in consultation.questions:
        if question.kind == "text":
            continue
        tables[question.id] = {group: _bars(question, tallies[question.id].get(group, {}), group_sizes[group])[0]
                               for group, _ in groups}
    return Breakdown(dimension, groups, merged, False, tables)


@dataclass
class Rate:
    label: str
    members: int
    responses: int | None      # None: fewer than k, not shown
    percent: float | None


def response_rates(consultation: Consultation, k: int | None = None) -> list[Rate]:
    """Per discipline asked: members asked, and responses where at least k answered."""
    k = k or min_group()
    ids_query = select(Member.discipline, func.count()).where(
        Member.approved_at.is_not(None), Member.suspended_at.is_(None), Member.confirmed_at.is_not(None))
    if consultation.audience == "disciplines":
        ids_query = ids_query.where(Member.discipline.in_(consultation.discipline_slugs))
    members = dict(db.session.execute(ids_query.group_by(Member.discipline)).all())
    responses = dict(db.session.execute(select(Response.discipline, func.count())
                                        .where(*_submitted(consultation)).group_by(Response.discipline)).all())
    sizes = {slug: responses.get(slug, 0) for slug in set(members) | set(responses) if responses.get(slug, 0)}
    mapping, suppressed = merge_small(sizes, k)
    rates = []
    for slug in sorted(set(members) | set(responses), key=lambda s: DISCIPLINES.get(s, s)):
        count = responses.get(slug, 0)
        visible = count == 0 or (not suppressed and mapping.get(slug) == slug)
        rates.append(Rate(DISCIPLINES.get(slug, slug), members.get(slug, 0), count if visible else None,
                          _percent(count, members.get(slug, 0)) if visible and members.get(slug) else None))
    return rates


# Themes, publishing, exports -----------------------------------------------------------------

def tag_answer(designer: Member, consultation: Consultation, question: Question, response_id: str,
               theme: str) -> None:
    require(designer, "consultations.export", consultation)
    theme = clean_line(theme).lower()
    if not theme:
        raise InvalidInput(theme="Enter a theme")
    if len(theme) > THEME_MAX:
        raise InvalidInput(theme=f"Keep the theme to {THEME_MAX} characters or fewer")
    exists = db.session.scalar(select(func.count()).select_from(Answer).join(
        Response, Response.id == Answer.response_id).where(
        Answer.response_id == response_id, Answer.question_id == question.id, Answer.text.is_not(None),
        Response.consultation_id == consultation.id))
    if not exists:
        raise NotFound()
    with atomic():
        if db.session.get(AnswerTheme, (response_id, question.id, theme)) is None:
            db.session.add(AnswerTheme(response_id=response_id, question_id=question.id, theme=theme))


def publish_results(designer: Member, consultation: Consultation) -> None:
    require(designer, "consultations.edit", consultation)
    if consultation.state_on(today()) != "closed":
        raise InvalidInput(results="Close the consultation before you publish its results")
    if consultation.results_published_at is not None:
        raise InvalidInput(results="The results are already published")
    with atomic():
        consultation.results_published_at = utcnow()
        # A consultation that closed on its date was never rewritten by `close`.
        rewrite_in_random_order(consultation)


def export_data(consultation: Consultation) -> dict:
    """Everything the results page shows, with the same suppression: for CSV and JSON."""
    k = min_group()
    data = {"consultation": {"id": consultation.id, "title": consultation.title,
                             "anonymous": consultation.anonymous, "responses": response_count(consultation),
                             "minimum_group_size": k},
            "questions": [], "breakdowns": {}}
    for result in summary(consultation, every_text=True):
        entry = {"id": result.question.id, "question": result.question.prompt, "kind": result.question.kind,
                 "answered": result.answered}
        if result.question.kind == "text":
            entry["answers"] = [{"text": text, "themes": themes} for _, text, themes in result.texts]
        else:
            entry["options"] = [{"label": b.label, "count": b.count, "percent": b.percent} for b in result.bars]
        if result.mean is not None:
            entry["mean"] = result.mean
        data["questions"].append(entry)
    for dimension in DIMENSIONS:
        found = breakdown(consultation, dimension, k)
        data["breakdowns"][dimension] = {
            "suppressed": found.suppressed, "groups": [{"group": g, "responses": n} for g, n in found.groups],
            "tables": [{"question_id": qid, "group": group,
                        "options": [{"label": b.label, "count": b.count, "percent": b.percent} for b in bars]}
                       for qid, by_group in found.tables.items() for group, bars in by_group.items()]}
    return data


def export_csv(consultation: Consultation) -> str:
    data = export_data(consultation)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "question_id", "question", "group", "option", "count", "percent"])
    prompts = {q["id"]: q["question"] for q in data["questions"]}
    for q in data["questions"]:
        for option in q.get("options", []):
            writer.writerow(["all", q["id"], _cell(q["question"]), "All responses", _cell(option["label"]),
                             option["count"], option["percent"]])
        for answer in q.get("answers", []):
            writer.writerow(["text", q["id"], _cell(q["question"]), "", _cell(answer["text"]), "",
                             ""])
    for dimension, found in data["breakdowns"].items():
        for table in found["tables"]:
            for option in table["options"]:
                writer.writerow([dimension, table["question_id"], _cell(prompts[table["question_id"]]),
                                 _cell(table["group"]), _cell(option["label"]), option["count"], option["percent"]])
    return out.getvalue()


def _cell(value: str) -> str:
    """Text a spreadsheet would run as a formula starts with a quote instead."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
