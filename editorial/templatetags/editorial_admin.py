"""{% site_name %}: the site's name (WAGTAIL_SITE_NAME), for the admin's tab titles."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_name():
    return settings.WAGTAIL_SITE_NAME
