"""Comment emails: plain text and HTML, in the site's language, links absolute.

Every message is rendered under translation.override(LANGUAGE_CODE): notifications are sent
from someone else's request (another reader's, or a moderator's admin in English), so the
active language says nothing about the recipient. Links are built by
home.site_address.absolute_url() from BASE_URL (WAGTAILADMIN_BASE_URL), never from the
request's Host header or xtd's hard-coded http://.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from home.site_address import absolute_url

logger = logging.getLogger(__name__)


def site_name():
    return settings.WAGTAIL_SITE_NAME


def send(template, subject, to, context, headers=None):
    """Render `template`.txt and .html and send them to the address `to`.

    `subject` is a callable returning the subject, so that it is translated inside the
    language override. Raises what the mail backend raises (SMTPException, OSError).
    """
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_name": site_name(), "site_url": absolute_url("/"), **context}
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
        # A header cannot hold a line break; titles should not have one, but be sure.
        subject_line = " ".join(str(subject()).split())
    message = EmailMultiAlternatives(
        subject_line, text, settings.COMMENTS_XTD_FROM_EMAIL, [to], headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    message.send()


def send_quietly(template, subject, to, context, headers=None):
    """send(), but a mail failure is logged instead of raised (for notifications, which must
    not undo a comment that is already published). Returns whether the mail went out."""
    try:
        send(template, subject, to, context, headers)
    except Exception:
        logger.exception("Could not send %s to %s", template, to)
        return False
    return True
