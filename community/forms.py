"""The base form every form uses: CSRF from Flask-WTF, plus checks every text field needs."""
from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from .content import has_control_characters

UNUSUAL = "Remove the unusual characters from this field"


class CommunityForm(FlaskForm):
    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            """A submitted form is read from the form body alone.

            Flask-WTF would also read uploaded files (a text field sent as a file part became a
            FileStorage, and a 500) and a JSON body (numbers, lists and lone surrogates where
            text belongs). No form takes either; security.py refuses multipart bodies outright.
            """
            if formdata is not _Auto:
                return formdata
            return request.form if form.is_submitted() else None

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in self:
            # What was sent, not only what the field made of it: a checkbox or choice keeps
            # True or a list, and its raw value was never looked at.
            sent = [v for v in (field.raw_data or []) if isinstance(v, str)]
            value = field.data
            if isinstance(value, str):
                sent.append(value)
            if any(has_control_characters(v) for v in sent):
                field.errors = [*field.errors, UNUSUAL]
                ok = False
        return ok

    @property
    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) pairs for the NHS.UK error summary, in form order."""
        pairs = [(field.id, message) for field in self for message in field.errors
                 if field.name != "csrf_token"]
        return pairs + [("", message) for message in self.form_errors]


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (plain tuples are deprecated from WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes (NHS.UK checkboxes), not a multi-select box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
