"""Set and meeting forms: shape checks only; the services judge lengths, links, places and times."""
from __future__ import annotations

from wtforms import BooleanField, DateField, IntegerField, RadioField, StringField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, StopValidation

from ..forms import CommunityForm, options
from .models import (DEFAULT_GROUND_RULES, DURATION_DEFAULT, DURATION_MAX, DURATION_MIN, EVERY_WEEKS_MAX,
                     OCCURRENCES_MAX, SIZE_DEFAULT, SIZE_MAX, SIZE_MIN)
from .process import LABELS, Phase, Timings
from .process.state import EACH, MAX_MINUTES

_WHOLE = "Enter a whole number"


class WholeNumberField(IntegerField):
    """An integer field whose only complaint about "lots" is to enter a whole number."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_WHOLE) from None

    def pre_validate(self, form) -> None:
        if self.process_errors:
            raise StopValidation()
DEFAULT_TIMINGS = Timings().as_dict()
# Phases in meeting order, as the room labels them; "each" phases are minutes per member present.
TIMED_PHASES = [p for p in Phase if p.value in DEFAULT_TIMINGS]


class SetForm(CommunityForm):
    # Generous here: the service refuses what is too long beside the field, keeping the text.
    name = StringField("Name", validators=[Length(max=1000)])
    purpose = TextAreaField("Purpose (optional)", validators=[Length(max=20_000)])
    size_limit = WholeNumberField("Most members", default=SIZE_DEFAULT, validators=[
        InputRequired(_WHOLE), NumberRange(SIZE_MIN, SIZE_MAX, f"A set has from {SIZE_MIN} to {SIZE_MAX} members")])
    ground_rules = TextAreaField("Ground rules", default=DEFAULT_GROUND_RULES, validators=[Length(max=50_000)])
    video_link = StringField("Video call link (optional)", validators=[Length(max=5000)])


class InviteForm(CommunityForm):
    member = WholeNumberField("Member", validators=[InputRequired("Choose a member from the directory")])


class AcceptForm(CommunityForm):
    ground_rules = BooleanField("I agree to the set's ground rules")


def _minutes(phase: Phase) -> WholeNumberField:
    label = LABELS[phase] + (" (minutes for each member)" if phase in EACH else " (minutes)")
    return WholeNumberField(label, default=DEFAULT_TIMINGS[phase.value], validators=[
        InputRequired(_WHOLE), NumberRange(0, MAX_MINUTES, f"Enter 0 to {MAX_MINUTES} minutes")])


class MeetingEditForm(CommunityForm):
    title = StringField("Title", default="Set meeting", validators=[Length(max=1000)])
    agenda = TextAreaField("Agenda (optional)", validators=[Length(max=50_000)])
    start_date = DateField("Date", validators=[InputRequired("Enter the date of the meeting, like 2027-03-15")])
    start_time = TimeField("Start time (UK time)", validators=[InputRequired("Enter a start time, like 14:30")])
    duration = WholeNumberField("Length in minutes", default=DURATION_DEFAULT, validators=[
        InputRequired(_WHOLE),
        NumberRange(DURATION_MIN, DURATION_MAX, f"A meeting lasts from {DURATION_MIN} to {DURATION_MAX} minutes")])

    @property
    def timings(self) -> dict[str, int]:
        return {p.value: getattr(self, f"minutes_{p.value}").data for p in TIMED_PHASES}

    @property
    def timing_fields(self) -> list:
        return [getattr(self, f"minutes_{p.value}") for p in TIMED_PHASES]


for _phase in TIMED_PHASES:
    setattr(MeetingEditForm, f"minutes_{_phase.value}", _minutes(_phase))


class MeetingForm(MeetingEditForm):
    repeat = RadioField("How often", default="once", validate_choice=False,
                        choices=options([("once", "Once"), ("series", "A series")]),
                        validators=[InputRequired("Choose once or a series")])
    every_weeks = WholeNumberField("Every how many weeks", default=4, validators=[
        Optional(), NumberRange(1, EVERY_WEEKS_MAX, f"Repeat every 1 to {EVERY_WEEKS_MAX} weeks")])
    occurrences = WholeNumberField("How many meetings", default=6, validators=[
        Optional(), NumberRange(2, OCCURRENCES_MAX, f"A series has from 2 to {OCCURRENCES_MAX} meetings")])

    def validate_repeat(self, field) -> None:
        from wtforms.validators import ValidationError
        if field.data not in ("once", "series"):
            raise ValidationError("Choose once or a series")
