"""Which beacons are counted. Crawlers that run scripts still say who they are in their
User-Agent; crawlers that do not run scripts never send the beacon at all.

The per-client limits live in Django's cache under a keyed hash of the address that changes
every day: nothing that identifies a reader is stored in the database, and yesterday's keys
cannot be matched with today's."""

import hashlib
import hmac
import re

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from security.addresses import client_ip

BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|fetch|preview|scan|monitor|lighthouse|pingdom"
    r"|curl|wget|python|httpx|java/|go-http|okhttp|facebookexternalhit|embedly|whatsapp",
    re.IGNORECASE,
)


def looks_like_a_bot(request):
    agent = request.META.get("HTTP_USER_AGENT", "")
    return not agent or bool(BOT_USER_AGENT.search(agent))


def from_another_site(request):
    """Browsers send Origin with a beacon; another site's pages may not inflate the counts."""
    origin = request.META.get("HTTP_ORIGIN")
    return bool(origin) and origin != f"{request.scheme}://{request.get_host()}"


def _client_today(request):
    day = timezone.localdate().isoformat()
    address = (client_ip(request) or "unknown").encode()
    key = f"{settings.SECRET_KEY}:{day}".encode()
    return hmac.new(key, address, hashlib.sha256).hexdigest()[:32]


def first_view_in_a_while(request, page_id):
    """False for a repeat of the same page by the same client within VIEW_REPEAT_SECONDS
    (reloads), and once the client sent VIEW_CLIENT_LIMIT beacons within that time."""
    client = _client_today(request)
    period = settings.POPULARITY_REPEAT_SECONDS
    if not cache.add(f"views:seen:{client}:{page_id}", 1, period):
        return False
    sent_key = f"views:client:{client}"
    cache.add(sent_key, 0, period)
    try:
        sent = cache.incr(sent_key)
    except ValueError:  # expired between the two calls
        sent = 1
    return sent <= settings.POPULARITY_CLIENT_LIMIT
