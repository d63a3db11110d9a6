"""Consultation forms: shape only; the services judge dates, audiences, options and answers."""
from __future__ import annotations

import re

from wtforms import BooleanField, DateField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..disciplines import CHOICES as DISCIPLINE_CHOICES
from ..forms import CommunityForm, MultiCheckboxField, options
from .models import (AUDIENCES, HINT_MAX, OPTION_MAX, MAX_OPTIONS, PRINCIPLE_MAX, PROMPT_MAX,
                     PURPOSE_MAX, QUESTION_KINDS, SCALE_LABEL_MAX, TITLE_MAX, RawAnswers,
                     DECISION_STATUSES, DECISION_TEXT_MAX, IDEA_RESPONSE_MAX, IDEA_STATUSES, IDEA_TITLE_MAX)


def _length(limit: int, what: str) -> Length:
    return Length(max=limit, message=f"Keep the {what} to {limit} characters or fewer")


class ConsultationForm(CommunityForm):
    title = StringField("Title", validators=[DataRequired("Enter a title"), _length(TITLE_MAX, "title")])
    purpose = TextAreaField("Purpose", validators=[Optional(), _length(PURPOSE_MAX, "purpose")])
    principles = MultiCheckboxField("Principles it serves (optional)", validate_choice=False)
    opens_on = DateField("Opens on", validators=[InputRequired("Enter the date it opens")],
                         format="%Y-%m-%d")
    closes_on = DateField("Closes on", validators=[InputRequired("Enter the date it closes")],
                          format="%Y-%m-%d")
    audience = RadioField("Who is asked", choices=options((k, v) for k, v in AUDIENCES.items() if k != "set"),
                          default="all", validators=[DataRequired("Choose who is asked")],
                          validate_choice=False)
    disciplines = MultiCheckboxField("Disciplines asked", choices=options(DISCIPLINE_CHOICES),
                                     validate_choice=False)
    anonymous = BooleanField("Anonymous: answers are not linked to the people who give them")


def _date_message(form: ConsultationForm) -> None:
    for field in (form.opens_on, form.closes_on):
        field.errors = ["Enter a real date, for example 2027-03-31" if "Not a valid date" in e else e
                        for e in field.errors]


def validated(form: ConsultationForm) -> bool:
    ok = form.validate_on_submit()
    _date_message(form)
    return ok


class QuestionForm(CommunityForm):
    kind = RadioField("Kind of question", choices=options(QUESTION_KINDS.items()), default="single",
                      validators=[DataRequired("Choose the kind of question")], validate_choice=False)
    prompt = StringField("Question", validators=[DataRequired("Enter the question"),
                                                 _length(PROMPT_MAX, "question")])
    hint = StringField("Hint (optional)", validators=[Optional(), _length(HINT_MAX, "hint")])
    required = BooleanField("Members must answer this question", default=True)
    options = TextAreaField("Options, one on each line (for single choice, multiple choice and ranking)",
                            validators=[Optional(), _length((OPTION_MAX + 2) * MAX_OPTIONS, "options")])
    low_label = StringField("What 1 means (for a scale)", validators=[Optional(),
                                                                      _length(SCALE_LABEL_MAX, "label")])
    high_label = StringField("What 5 means (for a scale)", validators=[Optional(),
                                                                       _length(SCALE_LABEL_MAX, "label")])

    @property
    def option_lines(self) -> list[str]:
        return (self.options.data or "").splitlines()


class PrincipleForm(CommunityForm):
    name = StringField("Principle", validators=[DataRequired("Enter the principle"),
                                                _length(PRINCIPLE_MAX, "principle")])


class ThemeForm(CommunityForm):
    theme = StringField("Theme", validators=[DataRequired("Enter a theme"), _length(60, "theme")])


_QUESTION = re.compile(r"^q(\d{1,18})$")
_RANK = re.compile(r"^q(\d{1,18})-(\d{1,18})$")
_NOT_ANSWERS = {"csrf_token", "action"}


def parse_answers(formdata) -> RawAnswers:
    """The answer form's fields by question: `q<id>` (values) and `q<id>-<option id>` (a rank)."""
    raw = RawAnswers()
    for key in formdata.keys():
        if key in _NOT_ANSWERS:
            continue
        if match := _QUESTION.match(key):
            raw.values[int(match[1])] = formdata.getlist(key)
        elif match := _RANK.match(key):
            raw.ranks.setdefault(int(match[1]), {})[int(match[2])] = formdata.get(key, "")
        else:
            raw.unknown.append(key)
    return raw


class IdeaForm(CommunityForm):
    title = StringField("Your idea in a line", validators=[DataRequired("Enter your idea in a line"),
                                                           _length(IDEA_TITLE_MAX, "line")])
    body = TextAreaField("Tell us more", validators=[DataRequired("Say a little more about your idea"),
                                                     _length(50_000, "description")])


class RespondForm(CommunityForm):
    status = RadioField("Status", choices=options(IDEA_STATUSES.items()),
                        validators=[DataRequired("Choose a status")], validate_choice=False)
    response = TextAreaField("Response (members see it beside the status)", validators=[
        DataRequired("Write a response: members see it beside the status"),
        _length(IDEA_RESPONSE_MAX, "response")])


class DecisionForm(CommunityForm):
    theme = StringField("What members said (the theme)", validators=[
        DataRequired("Enter the theme members raised"), _length(IDEA_TITLE_MAX, "theme")])
    decision = TextAreaField("What we decided", validators=[DataRequired("Say what was decided"),
                                                            _length(DECISION_TEXT_MAX, "decision")])
    change = TextAreaField("What changed (optional)", validators=[Optional(), _length(DECISION_TEXT_MAX, "text")])
    status = RadioField("Status", choices=options(DECISION_STATUSES.items()), default="planned",
                        validators=[DataRequired("Choose a status")], validate_choice=False)
    consultations = MultiCheckboxField("Consultations it came from", validate_choice=False, coerce=int)
    ideas = MultiCheckboxField("Ideas it came from", validate_choice=False, coerce=int)


class DecisionStatusForm(CommunityForm):
    status = RadioField("Status", choices=options(DECISION_STATUSES.items()),
                        validators=[DataRequired("Choose a status")], validate_choice=False)
