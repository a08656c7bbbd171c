"""The outside hosts the sponsored slot may load from (an ad network's script and images).

The site settings list them, one origin a line; pages that render the slot add exactly these
origins to their Content-Security-Policy (script-src, img-src, frame-src: security/middleware.py)
and no other page does, so the rest of the site keeps the strict policy. Only https origins
without a path are accepted: a path would not restrict anything in a CSP source expression
that a reader's browser can rely on, and plain http would let anyone on the network swap the
script."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ORIGIN = re.compile(r"^https://(\*\.)?([a-z0-9-]+\.)+[a-z]{2,63}(:\d{1,5})?$")
MAX_ORIGINS = 10
REQUEST_ATTRIBUTE = "sponsor_origins"


def parse_origins(text):
    """The origins of the settings field, normalised; ValidationError names a wrong line."""
    origins = [line.strip().lower().rstrip("/") for line in (text or "").splitlines()]
    origins = list(dict.fromkeys(origin for origin in origins if origin))
    wrong = [origin for origin in origins if not ORIGIN.match(origin)]
    if wrong:
        raise ValidationError(
            _("Write each host as https://ads.example.com (no path), one per line: %(wrong)s")
            % {"wrong": ", ".join(wrong)}
        )
    if len(origins) > MAX_ORIGINS:
        raise ValidationError(_("At most %(count)s hosts.") % {"count": MAX_ORIGINS})
    return origins


def script_allowed(url, origins):
    """True when the script's address is on one of the listed origins."""
    for origin in origins:
        host = origin.removeprefix("https://")
        if host.startswith("*."):
            pattern = r"https://([a-z0-9-]+\.)+" + re.escape(host[2:])
        else:
            pattern = re.escape(origin)
        if re.match(pattern + r"(/|$)", url.lower()):
            return True
    return False


def allow_on_this_page(request, origins):
    """Called while the slot renders: this response's policy will list the origins."""
    if request is not None and origins:
        setattr(request, REQUEST_ATTRIBUTE, origins)


def policy_update(request):
    """The directives to add for this response, or None (security/middleware.py)."""
    origins = getattr(request, REQUEST_ATTRIBUTE, None)
    if not origins:
        return None
    return {"script-src": origins, "img-src": origins, "frame-src": origins}
