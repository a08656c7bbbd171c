"""The comment form's widgets and error lists written in Python instead of through Django's
widget templates.

The form sits on every article, and Django renders each widget with a template that includes
another for its attributes: about a dozen template renders, a tenth of a short article's cold
render. The markup those templates make is small and fixed, so this renderer (Django's
documented form renderer API: `render(template_name, context)`) writes the same markup for the
templates the comment form uses, and leaves any other template to Django's renderer.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join

INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "email", "url", "hidden", "checkbox", "number", "password")
}
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
ERROR_LIST_TEMPLATES = {"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"}


def attributes(attrs):
    """` name="value"` for each attribute in its order, as Django's attrs.html: True alone,
    False left out."""
    return format_html_join(
        "", "{}", ((attribute(name, value),) for name, value in attrs.items() if value is not False)
    )


def attribute(name, value):
    return format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))


def input_html(widget):
    value = widget["value"]
    shown = "" if value is None else format_html(' value="{}"', str(value))
    return format_html(
        '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], shown,
        attributes(widget["attrs"]),
    )  # fmt: skip


def textarea_html(widget):
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>', widget["name"], attributes(widget["attrs"]),
        widget["value"] or "",
    )  # fmt: skip


def error_list_html(errors, error_class):
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    return format_html(
        '<ul class="{}"{}>{}</ul>', error_class,
        format_html(' id="{}_error"', field_id) if field_id else "",
        format_html_join("", "<li>{}</li>", ((error,) for error in errors)),
    )  # fmt: skip


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
