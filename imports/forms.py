"""The admin's Markdown import form."""

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import ArticleIndexPage

from .text import DecodeError, decode_text

MAX_FILE_SIZE = 2 * 1024 * 1024
EXTENSIONS = {".md", ".markdown", ".txt"}


class MarkdownImportForm(forms.Form):
    markdown_file = forms.FileField(
        label=_("Markdown file"),
        required=False,
        help_text=_(
            "A .md file. Images in it cannot be uploaded this way: add them in the editor."
        ),
    )
    markdown_text = forms.CharField(
        label=_("Or paste Markdown"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "lang": "ja"}),
        help_text=_("Start with a title line such as “# My article”."),
    )
    index = forms.ModelChoiceField(
        label=_("Article list"),
        queryset=ArticleIndexPage.objects.none(),
        empty_label=None,
        help_text=_("The new article is saved as a draft in this list."),
    )

    def __init__(self, *args, indexes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["index"].queryset = indexes
        self.warnings = []  # from decoding, shown with the import's report
        self.default_title = ""

    def clean_markdown_file(self):
        upload = self.cleaned_data.get("markdown_file")
        if not upload:
            return None
        if Path(upload.name).suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(
                _("Only Markdown files (.md, .markdown, .txt) can be imported.")
            )
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is too large (at most %(size)d MB).")
                % {"size": MAX_FILE_SIZE // (1024 * 1024)}
            )
        data = upload.read()
        if not data.strip():
            raise forms.ValidationError(_("The file is empty."))
        try:
            text = decode_text(data, warn=self.warnings.append)
        except DecodeError as error:
            raise forms.ValidationError(str(error)) from error
        self.default_title = Path(upload.name).stem
        return text

    def clean(self):
        cleaned = super().clean()
        from_file = cleaned.get("markdown_file")
        pasted = cleaned.get("markdown_text") or ""
        if from_file and pasted.strip():
            raise forms.ValidationError(_("Upload a file or paste text, not both."))
        if not from_file and not pasted.strip() and "markdown_file" not in self.errors:
            raise forms.ValidationError(_("Upload a Markdown file or paste Markdown text."))
        cleaned["markdown"] = from_file or pasted
        return cleaned
