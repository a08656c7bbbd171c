"""The comment form: xtd's form (django-contrib-comments' security hash, timestamp and honeypot,
plus reply_to and followup) with Japanese labels and the checks xtd leaves out."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from django_comments_xtd.forms import XtdCommentForm

from security.fields import ReaderTextField
from security.text import clean_name

from . import replies
from .form_renderer import DirectWidgetRenderer

MAX_INT = 2**31 - 1  # reply_to is compared with an integer primary key


class CommentForm(XtdCommentForm):
    default_renderer = DirectWidgetRenderer()  # one instance: its fallback engine is built once
    name = ReaderTextField(label=pgettext_lazy("comment form", "Name"), max_length=50)
    email = forms.EmailField(
        label=pgettext_lazy("comment form", "Email"),
        help_text=_(
            "Your email address will never be published. We send a link to it to confirm "
            "your comment."
        ),
    )
    # user_url is a 200-character column; URLField alone would let longer input reach the DB.
    url = forms.URLField(
        label=pgettext_lazy("comment form", "Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
    )
    comment = ReaderTextField(
        label=pgettext_lazy("comment form", "Comment"),
        max_length=settings.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    followup = forms.BooleanField(
        required=False, label=_("Notify me of follow-up comments by email")
    )
    honeypot = forms.CharField(
        required=False, label=_("Leave this field empty (it catches spam robots)")
    )
    reply_to = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_INT,
        initial=0,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("The comment you are replying to is not available."),
            "min_value": _("The comment you are replying to is not available."),
            "max_value": _("The comment you are replying to is not available."),
        },
    )

    def __init__(self, target_object, *args, **kwargs):
        self.parent = None
        kwargs.setdefault("auto_id", "comment_%s")  # unique on an article page
        super().__init__(target_object, *args, **kwargs)
        # xtd sets Bootstrap classes and English placeholders: replace its widgets' attrs.
        attrs = {
            "name": {"autocomplete": "name", "maxlength": "50"},
            "email": {"autocomplete": "email"},
            "url": {"autocomplete": "url", "placeholder": "https://"},
            "comment": {"rows": "8", "maxlength": str(settings.COMMENT_MAX_LENGTH)},
            "followup": {},
            "honeypot": {"autocomplete": "off", "tabindex": "-1"},
        }
        widgets = {
            "name": forms.TextInput,
            "email": forms.EmailInput,
            "url": forms.URLInput,
            "comment": forms.Textarea,
            "followup": forms.CheckboxInput,
            "honeypot": forms.TextInput,
        }
        for name, widget_class in widgets.items():
            field, declared = self.fields[name], self.base_fields[name]
            field.widget = widget_class(attrs=attrs[name])
            field.label, field.help_text = declared.label, declared.help_text
        self.fields["followup"].initial = False
        self.fields["comment"].help_text = gettext("Up to %(count)s characters.") % {
            "count": settings.COMMENT_MAX_LENGTH
        }

    def clean_name(self):
        name = clean_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(self.fields["name"].error_messages["required"])
        return name

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Enter a web address starting with https://."))
        return url

    def clean_reply_to(self):
        """xtd trusts this hidden field: the parent must pass replies.reply_parent()."""
        parent_id = self.cleaned_data.get("reply_to") or 0
        try:
            self.parent = replies.reply_parent(self.target_object, parent_id)
        except replies.TooDeep as error:
            raise forms.ValidationError(
                _("This conversation cannot be nested any deeper.")
            ) from error
        except replies.ParentUnavailable as error:
            raise forms.ValidationError(
                _("The comment you are replying to is not available.")
            ) from error
        return parent_id

    def clean_comment(self):
        comment = super().clean_comment().strip()
        if not comment:
            raise forms.ValidationError(_("Please write a comment."))
        return comment

    def security_errors_are_only_expiry(self):
        """True when the form is genuine but was rendered more than COMMENTS_TIMEOUT ago
        (e.g. a cached article page): worth a friendly re-show, not a 400."""
        errors = self.security_errors()
        return bool(errors) and set(errors) == {"timestamp"}

    def refreshed_data(self):
        """The submitted data with a new timestamp and security hash, for a re-shown form."""
        data = self.data.copy()
        data.update(self.generate_security_data())
        return data
