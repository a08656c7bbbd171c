from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.forms.forms import BaseForm

from .spam import HONEYPOT_FIELD, strip_hidden_controls


class GuardedContactForm(BaseForm):
    """The editor's fields (added by Wagtail's FormBuilder) plus a honeypot that people never
    see; what people type is cleaned of bidi control characters and NUL before anything else."""

    def __init__(self, data=None, *args, **kwargs):
        # Cleaned before validation, so a form shown again with errors shows the clean text.
        if data is not None:
            data = data.copy()
            for name in data:
                data.setlist(name, [strip_hidden_controls(value) for value in data.getlist(name)])
        super().__init__(data, *args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.pop(HONEYPOT_FIELD, ""):
            raise forms.ValidationError(
                _("The message could not be sent. Please leave the last field empty."),
                code="honeypot",
            )
        return cleaned

    def honeypot(self):
        return self[HONEYPOT_FIELD]

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT_FIELD]
