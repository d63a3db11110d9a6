"""The base form every form uses: CSRF from Flask-WTF, plus checks every text field needs."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

_FORBIDDEN = {chr(c) for c in range(0x20)} - {"\t", "\n", "\r"}


class CommunityForm(FlaskForm):
    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in self:
            value = field.data
            if isinstance(value, str) and any(ch in _FORBIDDEN for ch in value):
                # PostgreSQL refuses NUL in text; nobody types these on purpose.
                field.errors = [*field.errors, "Remove the unusual characters from this field"]
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
