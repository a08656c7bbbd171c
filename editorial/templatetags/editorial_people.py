"""{{ user|display_name }}: a person's name in Japanese order; {{ form|family_name_first }}: a
form's fields asking 姓 before 名."""

from django import template

from editorial import people
from users.names import family_name_before_given

register = template.Library()


@register.filter
def display_name(user):
    return people.display_name(user) if user is not None else ""


@register.filter
def family_name_first(form):
    return [form[name] for name in family_name_before_given(form.fields)]
