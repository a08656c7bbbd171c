"""{{ user|display_name }}: a person's name in Japanese order, in templates."""

from django import template

from editorial import people

register = template.Library()


@register.filter
def display_name(user):
    return people.display_name(user) if user is not None else ""
