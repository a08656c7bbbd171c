from django import forms

from wagtail.admin.staticfiles import versioned_static

from wagtailmarkdown.widgets import MarkdownTextarea

# wagtail-markdown's own scripts that ours goes between (tests/test_markdown_widget.py fails
# if an upgrade renames them).
EDITOR_SCRIPT = "wagtailmarkdown/js/easymde.min.js"
ATTACH_SCRIPT = "wagtailmarkdown/js/easymde.attach.js"


class OfflineMarkdownTextarea(MarkdownTextarea):
    """wagtail-markdown's editor, configured to load nothing from a CDN (Font Awesome,
    spell-check dictionaries) and to sanitise its live preview."""

    @property
    def media(self):
        # Our options must be in place before the editor's Stimulus controller connects:
        # Django merges the two lists keeping the order each gives (public Media API).
        ours = forms.Media(
            js=[
                versioned_static(EDITOR_SCRIPT),
                versioned_static("articles/js/markdown-editor-options.js"),
                versioned_static(ATTACH_SCRIPT),
            ]
        )
        return super().media + ours
