"""Thread forms: shape checks only; services judge spaces, locks and duplicates."""
from __future__ import annotations

import re

from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..disciplines import CHOICES
from ..forms import CommunityForm, MultiCheckboxField, options
from ..lookups import parse_id
from .models import BODY_MAX, TITLE_MAX


def _token(value):
    # The page sends a uuid4 hex; a token that could not be one (too long for its column, other
    # characters) is not kept, so the post is simply not deduplicated.
    return value if isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", value) else None


def _body(label: str):
    # data-mentions: static/js/mentions.js offers @mention suggestions while typing.
    return TextAreaField(label, render_kw={"data-mentions": ""}, validators=[
        DataRequired("Enter what you want to say"),
        Length(max=BODY_MAX, message=f"Keep it to {BODY_MAX:,} characters or fewer")])

class ThreadForm(CommunityForm):
    title = StringField("Title", validators=[
        DataRequired("Enter a title"),
        Length(max=TITLE_MAX, message=f"Title must be {TITLE_MAX} characters or fewer")])
    body = _body("What do you want to discuss?")
    space = SelectField("Space", validate_choice=False,
                        validators=[DataRequired("Choose a space for your thread")])
    disciplines = MultiCheckboxField("Perspectives wanted from", choices=options(CHOICES), validate_choice=False)
    tags = StringField("Topics", validators=[Optional(), Length(max=500, message="Enter fewer topics")])
    client_token = HiddenField(filters=[_token])

class CommentForm(CommunityForm):
    body = _body("Your comment")
    parent = HiddenField()
    client_token = HiddenField(filters=[_token])

    @property
    def parent_id(self) -> int | None:
        return parse_id(self.parent.data)

class EditForm(CommunityForm):
    body = _body("Edit your post")


class SpaceForm(CommunityForm):
    # Lengths are judged by the service, which also sees names already taken.
    name = StringField("Name", validators=[Length(max=1000)])
    description = TextAreaField("Description", validators=[Length(max=5000)])
