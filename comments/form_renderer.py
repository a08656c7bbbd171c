"""The comment form's widgets and error lists written in Python instead of through Django's
widget templates.

The form sits on every article, and Django renders each widget with a template that includes
another for its attributes: about a dozen template renders, a tenth of a short article's cold
render. The markup those templates make is small and fixed, so this renderer (Django's
documented form renderer API: `render(template_name, context)`) writes the same markup for the
templates the comment form uses, and leaves any other template to Django's renderer.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe

INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "email", "url", "hidden", "checkbox", "number", "password")
}
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
ERROR_LIST_TEMPLATES = {"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"}


def attributes(attrs):
    """` name="value"` for each attribute in its order, as Django's attrs.html: True alone,
    False left out; names and values escaped."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget):
    value = widget["value"]
    shown = "" if value is None else f' value="{escape(value)}"'
    return mark_safe(  # noqa: S308 (every part escaped above)
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{shown}'
        f"{attributes(widget['attrs'])}>"
    )


def textarea_html(widget):
    return mark_safe(  # noqa: S308 (every part escaped)
        f'<textarea name="{escape(widget["name"])}"{attributes(widget["attrs"])}>\n'
        f"{escape(widget['value'] or '')}</textarea>"
    )


def error_list_html(errors, error_class):
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    shown_id = f' id="{escape(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{escape(error)}</li>" for error in errors)
    return mark_safe(f'<ul class="{escape(error_class)}"{shown_id}>{items}</ul>')  # noqa: S308


class DirectWidgetRenderer(DjangoTemplates):
    """Django's template renderer, except for inputs, text areas and error lists."""

    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return input_html(context["widget"])
        if template_name == TEXTAREA_TEMPLATE:
            return textarea_html(context["widget"])
        if template_name in ERROR_LIST_TEMPLATES:
            return error_list_html(context["errors"], context["error_class"])
        return super().render(template_name, context, request)
