"""A link card's title, description and picture, fetched once from the other site when the
article is saved.

Whatever a URL leads to, this never raises and never waits long: http(s) only, public
addresses only (checked for every redirect, and the connection goes to the address that was
checked, so a DNS answer cannot change in between), short timeouts, size limits. Tests may
allow loopback addresses with the setting LINK_CARD_ALLOW_PRIVATE_ADDRESSES.
"""

import http.client
import ipaddress
import logging
import socket
import ssl
from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.files.images import ImageFile

from wagtail.images import get_image_model

from PIL import Image as PILImage

logger = logging.getLogger(__name__)

TIMEOUT = 3  # seconds, per connection and per read
PAGE_LIMIT = 512 * 1024
IMAGE_LIMIT = 3 * 1024 * 1024
MAX_REDIRECTS = 3
REMEMBER = 60 * 60  # the editor's live preview validates the form again and again
USER_AGENT = "kotonoha-linkcard/1.0"


class Refused(Exception):
    """The address is not one the server may fetch, or the answer is unusable."""


def fill_link_card(value):
    """Set the card's empty title, description and image from the page at value["url"]."""
    found = preview(value["url"])
    value["title"] = found.get("title", "")
    value["description"] = value["description"] or found.get("description", "")
    if value["image"] is None and found.get("image_id"):
        value["image"] = get_image_model().objects.filter(pk=found["image_id"]).first()


def preview(url):
    key = "link-card:" + url[:900]
    found = cache.get(key)
    if found is None:
        try:
            found = fetch_preview(url)
        except (Refused, OSError, http.client.HTTPException, ValueError) as error:
            logger.info("link card for %s not fetched: %s", url, error)
            found = {}
        cache.set(key, found, REMEMBER)
    return found


def fetch_preview(url):
    final_url, content_type, body = fetch(url, PAGE_LIMIT)
    if "html" not in content_type:
        raise Refused(f"not an HTML page ({content_type})")
    meta = PageMeta.of(body.decode(charset(content_type), errors="replace"))
    found = {"title": meta.title[:200], "description": meta.description[:500]}
    if meta.image:
        found["image_id"] = stored_image(urljoin(final_url, meta.image), meta.title)
    return found


def stored_image(url, title):
    """The picture saved as a Wagtail image (so the page serves it from this site), or None."""
    try:
        _, content_type, body = fetch(url, IMAGE_LIMIT)
        with PILImage.open(BytesIO(body)) as picture:
            picture.verify()
            extension = picture.format.lower()
    except (Refused, OSError, http.client.HTTPException, ValueError) as error:
        logger.info("link card image %s not fetched: %s", url, error)
        return None
    if extension not in {"png", "jpeg", "gif", "webp"}:
        return None
    image = get_image_model()(title=(title or url)[:255])
    image.file = ImageFile(BytesIO(body), name=f"link-card.{extension}")
    image.save()
    return image.pk


def fetch(url, limit):
    """(final URL, content type, body) of a GET, following a few redirects."""
    for _hop in range(MAX_REDIRECTS + 1):
        response, connection = open_url(url)
        try:
            if response.status in {301, 302, 303, 307, 308}:
                url = urljoin(url, response.getheader("Location", ""))
                continue
            if response.status != 200:
                raise Refused(f"HTTP {response.status}")
            body = response.read(limit + 1)
            if len(body) > limit:
                raise Refused("too large")
            return url, response.getheader("Content-Type", "").lower(), body
        finally:
            connection.close()
    raise Refused("too many redirects")


def open_url(url):
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise Refused("only http and https addresses")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = allowed_address(parts.hostname, port)
    sock = socket.create_connection((address, port), timeout=TIMEOUT)
    if parts.scheme == "https":
        sock = ssl.create_default_context().wrap_socket(sock, server_hostname=parts.hostname)
    connection = http.client.HTTPConnection(parts.hostname, port, timeout=TIMEOUT)
    connection.sock = sock  # already connected to the checked address
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    return connection.getresponse(), connection


def allowed_address(host, port):
    """The first address of host, if every address it resolves to may be fetched."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [info[4][0] for info in infos]
    allow_private = getattr(settings, "LINK_CARD_ALLOW_PRIVATE_ADDRESSES", False)
    for address in addresses:
        if not (allow_private or ipaddress.ip_address(address).is_global):
            raise Refused(f"{host} is not a public address")
    if not addresses:
        raise Refused(f"{host} has no address")
    return addresses[0]


def charset(content_type):
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name == "charset" and value:
            try:
                "".encode(value.strip('"'))
            except LookupError:
                break
            return value.strip('"')
    return "utf-8"


class PageMeta(HTMLParser):
    """Open Graph tags first, then <title> and the description meta tag."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = {}
        self._in_title = False
        self._title = []

    @classmethod
    def of(cls, html):
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value or "") for name, value in attrs}
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            name = attributes.get("property") or attributes.get("name") or ""
            self.found.setdefault(name.lower(), attributes.get("content", "").strip())

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self._title.append(data)

    @property
    def title(self):
        return self.found.get("og:title") or " ".join("".join(self._title).split())

    @property
    def description(self):
        return self.found.get("og:description") or self.found.get("description", "")

    @property
    def image(self):
        return self.found.get("og:image", "")
