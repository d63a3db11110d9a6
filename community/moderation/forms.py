"""Moderation forms: shape checks only; the services judge state (already reported, already hidden)."""
from __future__ import annotations

from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import CommunityForm, options
from .models import NOTE_MAX, REASON_MAX
from .models import FLAG_REASONS


class FlagForm(CommunityForm):
    reason = RadioField("Why are you reporting this post?", choices=options(FLAG_REASONS.items()),
                        validators=[DataRequired("Choose why you are reporting this post")],
                        validate_choice=False)
    note = TextAreaField("Anything the moderators should know (optional)", validators=[
        Optional(), Length(max=NOTE_MAX, message=f"Keep your note to {NOTE_MAX} characters or fewer")])


class HideForm(CommunityForm):
    reason = StringField("Reason (the author will see this)", validators=[
        DataRequired("Enter a reason. The author will see it"),
        Length(max=REASON_MAX, message=f"Keep the reason to {REASON_MAX} characters or fewer")])
    next = HiddenField()


class MoveForm(CommunityForm):
    space = SelectField("Move to", validate_choice=False,
                        validators=[DataRequired("Choose a space to move the thread to")])
    reason = StringField("Reason (optional, for the moderation log)", validators=[
        Optional(), Length(max=REASON_MAX, message=f"Keep the reason to {REASON_MAX} characters or fewer")])
