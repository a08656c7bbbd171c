"""Form fields for what readers type (comment and contact forms)."""

from django import forms

from .text import without_hidden_controls


def text_without_hidden_controls(value):
    """Typed text without bidi controls and NUL; anything else (None, a file) unchanged."""
    return without_hidden_controls(value) if isinstance(value, str) else value


class ReaderTextField(forms.CharField):
    """A CharField that drops bidi controls and NUL from what it is given, before Django's
    validators would refuse a NUL (and tell the reader about a character they cannot see),
    and from the value a form shown again puts back in the field."""

    def to_python(self, value):
        return super().to_python(text_without_hidden_controls(value))

    def bound_data(self, data, initial):
        return text_without_hidden_controls(super().bound_data(data, initial))
