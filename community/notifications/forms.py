"""The digest preference form: shape checks only."""
from __future__ import annotations

from wtforms import RadioField
from wtforms.validators import AnyOf, InputRequired

from ..forms import CommunityForm, options
from .models import DIGEST_FREQUENCIES

_CHOOSE = "Choose how often you want a digest email"


class DigestForm(CommunityForm):
    frequency = RadioField("How often should we email you a digest of unread notifications?",
                           choices=options(DIGEST_FREQUENCIES.items()), validate_choice=False,
                           validators=[InputRequired(_CHOOSE), AnyOf(list(DIGEST_FREQUENCIES), _CHOOSE)])
