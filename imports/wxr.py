"""Reading a WordPress export (WXR 1.0–1.2, an RSS file with wp: elements) into plain data.

The file is read with defusedxml: an export is a file from elsewhere, and plain XML parsers
can be made to expand entities without end or read local files.
"""

import datetime
import html
import re
from dataclasses import dataclass, field
from urllib.parse import unquote
from xml.etree.ElementTree import ParseError

from django.utils import timezone
from django.utils.translation import gettext as _

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from .images import attachment_from_item

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
WP_NS_PREFIX = "http://wordpress.org/export/"
# Characters XML 1.0 forbids; old WordPress versions wrote them into exports unescaped.
XML_ILLEGAL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class WXRError(Exception):
    """The file cannot be read as a WordPress export; the message says why."""


@dataclass
class WPComment:
    id: int
    parent: int
    author: str
    email: str
    url: str
    ip: str
    date: datetime.datetime | None
    content: str
    approved: str  # "1", "0", "spam", "trash", "post-trashed"
    type: str  # "comment" (or "" before WordPress 5.5), "pingback", "trackback"


@dataclass
class WPItem:
    id: int
    title: str
    link: str
    guid: str
    post_type: str
    status: str
    slug: str
    date: datetime.datetime | None
    modified: datetime.datetime | None
    creator: str
    content: str
    excerpt: str
    password: str = ""
    attachment_url: str = ""
    parent: int = 0
    menu_order: int = 0
    categories: list = field(default_factory=list)  # (domain, nicename, name)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)


@dataclass
class WPExport:
    title: str
    base_url: str
    authors: dict  # login -> (display name, email)
    items: list
    attachments: dict  # id -> images.Attachment
    warnings: list = field(default_factory=list)


def parse_datetime(gmt, local=""):
    """An aware datetime from WordPress's "2019-05-03 01:23:45" (GMT), else from the local
    date taken in the site's time zone; None for WordPress's "0000-00-00 00:00:00"."""
    for value, zone in ((gmt, datetime.UTC), (local, timezone.get_default_timezone())):
        value = (value or "").strip()
        if not value or value.startswith("0000"):
            continue
        try:
            moment = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        return moment.replace(tzinfo=zone)
    return None


def _int(value, default=0):
    try:
        return int((value or "").strip())
    except ValueError:
        return default


def _invalid(error):
    line, column = error.position
    return WXRError(
        _("The file is not valid XML (line %(line)d, column %(column)d). Nothing was imported.")
        % {"line": line, "column": column}
    )


def _parse_bytes(data):
    warnings = []
    try:
        return SafeET.fromstring(data), warnings
    except DefusedXmlException as error:
        raise WXRError(
            _("The file uses XML features that are refused for safety (%(error)s).")
            % {"error": error}
        ) from error
    except ParseError as error:
        if not XML_ILLEGAL.search(data):
            raise _invalid(error) from error
    # Retry once without the control characters an old WordPress may have left in.
    cleaned, removed = XML_ILLEGAL.subn(b"", data)
    warnings.append(
        _("%(count)d control character(s) that XML does not allow were removed.")
        % {"count": removed}
    )
    try:
        return SafeET.fromstring(cleaned), warnings
    except ParseError as error:
        raise _invalid(error) from error


def _wp_namespace(channel):
    for child in channel:
        if child.tag.startswith("{" + WP_NS_PREFIX) and child.tag.endswith("}wxr_version"):
            return child.tag[1 : child.tag.index("}")]
    return None


def parse_wxr(path):
    """Read a WordPress export. WXRError for an empty, broken or non-WordPress file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise WXRError(
            _("The file cannot be read: %(error)s") % {"error": error.strerror}
        ) from error
    if not data.strip():
        raise WXRError(_("The file is empty."))
    root, warnings = _parse_bytes(data)
    channel = root.find("channel")
    wp = _wp_namespace(channel) if channel is not None else None
    if wp is None:
        raise WXRError(
            _(
                "This is not a WordPress export (no <wp:wxr_version>). "
                "In WordPress, use Tools → Export."
            )
        )
    reader = _Reader(wp)
    items = [reader.item(element) for element in channel.findall("item")]
    attachments = {
        item.id: attachment_from_item(item) for item in items if item.post_type == "attachment"
    }
    authors = {}
    for element in channel.findall(f"{{{wp}}}author"):
        login = reader.text(element, "author_login")
        if login:
            authors[login] = (
                reader.text(element, "author_display_name") or login,
                reader.text(element, "author_email"),
            )
    base_url = reader.text(channel, "base_blog_url") or reader.text(channel, "base_site_url")
    return WPExport(
        title=(channel.findtext("title") or "").strip(),
        base_url=(base_url or channel.findtext("link") or "").strip().rstrip("/"),
        authors=authors,
        items=[item for item in items if item.post_type != "attachment"],
        attachments=attachments,
        warnings=warnings,
    )


class _Reader:
    def __init__(self, wp):
        self.wp = wp

    def text(self, element, name, namespace=None):
        found = element.find(f"{{{namespace or self.wp}}}{name}")
        return (found.text or "") if found is not None else ""

    def item(self, element):
        text = self.text
        meta = {
            text(pm, "meta_key"): text(pm, "meta_value")
            for pm in element.findall(f"{{{self.wp}}}postmeta")
        }
        categories = [
            (
                c.get("domain", ""),
                unquote(c.get("nicename", "")),
                html.unescape((c.text or "").strip()),
            )
            for c in element.findall("category")
        ]
        return WPItem(
            id=_int(text(element, "post_id")),
            title=html.unescape((element.findtext("title") or "").strip()),
            link=(element.findtext("link") or "").strip(),
            guid=(element.findtext("guid") or "").strip(),
            post_type=text(element, "post_type").strip() or "post",
            status=text(element, "status").strip() or "draft",
            slug=unquote(text(element, "post_name").strip()),
            date=parse_datetime(text(element, "post_date_gmt"), text(element, "post_date")),
            modified=parse_datetime(
                text(element, "post_modified_gmt"), text(element, "post_modified")
            ),
            creator=text(element, "creator", DC_NS).strip(),
            content=text(element, "encoded", CONTENT_NS),
            excerpt=text(element, "encoded", f"{self.wp}excerpt/"),
            password=text(element, "post_password"),
            attachment_url=text(element, "attachment_url").strip(),
            parent=_int(text(element, "post_parent")),
            menu_order=_int(text(element, "menu_order")),
            categories=categories,
            meta=meta,
            comments=[self.comment(c) for c in element.findall(f"{{{self.wp}}}comment")],
        )

    def comment(self, element):
        text = self.text
        return WPComment(
            id=_int(text(element, "comment_id")),
            parent=_int(text(element, "comment_parent")),
            author=html.unescape(text(element, "comment_author").strip()),
            email=text(element, "comment_author_email").strip(),
            url=text(element, "comment_author_url").strip(),
            ip=text(element, "comment_author_IP").strip(),
            date=parse_datetime(text(element, "comment_date_gmt"), text(element, "comment_date")),
            content=text(element, "comment_content"),
            approved=text(element, "comment_approved").strip(),
            type=text(element, "comment_type").strip(),
        )
