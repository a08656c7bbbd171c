from django import forms

from wagtail.admin.staticfiles import versioned_static

from wagtailmarkdown.widgets import MarkdownTextarea


class OfflineMarkdownTextarea(MarkdownTextarea):
    """wagtail-markdown's editor, configured to load nothing from a CDN (Font Awesome,
    spell-check dictionaries) and to sanitise its live preview."""

    @property
    def media(self):
        upstream = super().media
        js = list(upstream._js)
        # Our options must be in place before the editor's Stimulus controller connects.
        js.insert(1, versioned_static("articles/js/markdown-editor-options.js"))
        return forms.Media(css=upstream._css, js=js)
