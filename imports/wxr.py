"""Reading a WordPress export (WXR 1.0–1.2, an RSS file with wp: elements) into plain data.

The file is read with defusedxml: an export is a file from elsewhere, and plain XML parsers
can be made to expand entities without end or read local files.
"""

import datetime
import hashlib
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
# WordPress writes http://; some tools and WordPress.com rewrite it to https://. Both are read.
WP_NAMESPACE = re.compile(r"^\{(https?://wordpress\.org/export/[0-9.]+/)\}")
# Ids given to items and comments that have none in the file (see identify()): above any id
# WordPress hands out, so they never meet a real one.
SYNTHETIC_ID_BASE = 1 << 62
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
    sticky: bool = False
    local_date: str = ""  # "2019-05-03": the date in the blog's time zone, as in its permalinks
    categories: list = field(default_factory=list)  # (domain, nicename, name)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)


@dataclass
class WPAuthor:
    login: str
    display_name: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""

    @property
    def name(self):
        """Family name first (山田 花子), as editorial.people.display_name does; WordPress's
        display name when the export has no separate names."""
        full = f"{self.last_name} {self.first_name}".strip()
        return full or self.display_name or self.login


@dataclass
class WPTerm:
    slug: str  # percent-decoded nicename
    name: str
    parent: str = ""  # the parent's slug ("" at the top)
    description: str = ""
    term_id: str = ""  # WordPress's number for the term, as plugins' metadata names it


@dataclass
class WPExport:
    title: str
    base_url: str
    authors: dict  # login -> WPAuthor
    items: list
    attachments: dict  # id -> images.Attachment
    warnings: list = field(default_factory=list)
    categories: list = field(default_factory=list)  # WPTerm, as in the file (parents first)
    tags: list = field(default_factory=list)  # WPTerm


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
    """The wp: namespace of the file (WXR 1.0–1.2, http or https), from <wp:wxr_version> or,
    when a tool left that out, from the first wp: element of the channel or its items."""
    found = None
    for element in channel.iter():
        match = WP_NAMESPACE.match(element.tag)
        if match and element.tag.endswith("}wxr_version"):
            return match.group(1)
        found = found or (match.group(1) if match else None)
    return found


def _synthetic_id(*parts):
    digest = hashlib.sha256("\x00".join(parts).encode()).digest()
    return SYNTHETIC_ID_BASE + int.from_bytes(digest[:7], "big")


def identify(items, warnings):
    """Give every item an id of its own: its wp:post_id, else (no id, or an id another item of
    the file already has) one derived from its guid, else its link, else its title and date.
    The same item gets the same id in every run, so a new run updates its page; two
    different items never share one, so neither overwrites the other."""
    taken, derived = set(), 0
    for item in items:
        if item.id and item.id not in taken:
            taken.add(item.id)
            continue
        basis = item.guid or item.link or f"{item.post_type}|{item.title}|{item.local_date}"
        number = _synthetic_id(item.post_type, basis)
        while number in taken:  # the same guid twice: the later one still gets a page
            number = _synthetic_id(str(number))
        item.id = number
        taken.add(number)
        derived += 1
    if derived:
        warnings.append(
            _(
                "%(count)d item(s) have no post id of their own in the file: each is identified "
                "by its guid (else its link) instead."
            )
            % {"count": derived}
        )


def _identify_comments(item):
    for position, comment in enumerate(item.comments):
        if not comment.id:
            comment.id = _synthetic_id(str(item.id), str(position), comment.author, comment.content)


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
    identify(items, warnings)
    for item in items:
        _identify_comments(item)
    attachments = {
        item.id: attachment_from_item(item) for item in items if item.post_type == "attachment"
    }
    authors = {}
    for element in channel.findall(f"{{{wp}}}author"):
        author = reader.author(element)
        if author.login:
            authors[author.login] = author
    base_url = reader.text(channel, "base_blog_url") or reader.text(channel, "base_site_url")
    return WPExport(
        title=(channel.findtext("title") or "").strip(),
        base_url=(base_url or channel.findtext("link") or "").strip().rstrip("/"),
        authors=authors,
        items=[item for item in items if item.post_type != "attachment"],
        attachments=attachments,
        warnings=warnings,
        categories=[reader.category(e) for e in channel.findall(f"{{{wp}}}category")],
        tags=[reader.tag(e) for e in channel.findall(f"{{{wp}}}tag")],
    )


class _Reader:
    def __init__(self, wp):
        self.wp = wp

    def text(self, element, name, namespace=None):
        found = element.find(f"{{{namespace or self.wp}}}{name}")
        return (found.text or "") if found is not None else ""

    def words(self, element, name):
        return html.unescape(self.text(element, name).strip())

    def author(self, element):
        words = self.words
        return WPAuthor(
            login=words(element, "author_login"),
            display_name=words(element, "author_display_name"),
            email=words(element, "author_email"),
            first_name=words(element, "author_first_name"),
            last_name=words(element, "author_last_name"),
        )

    def category(self, element):
        return WPTerm(
            slug=unquote(self.text(element, "category_nicename").strip()),
            name=self.words(element, "cat_name"),
            parent=unquote(self.text(element, "category_parent").strip()),
            description=self.words(element, "category_description"),
            term_id=self.text(element, "term_id").strip(),
        )

    def tag(self, element):
        return WPTerm(
            slug=unquote(self.text(element, "tag_slug").strip()),
            name=self.words(element, "tag_name"),
        )

    def excerpt(self, element):
        """<excerpt:encoded>, whatever version (and scheme) its namespace URL has."""
        for child in element:
            if child.tag.endswith("}encoded") and "/excerpt/" in child.tag:
                return child.text or ""
        return ""

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
            excerpt=self.excerpt(element),
            password=text(element, "post_password"),
            attachment_url=text(element, "attachment_url").strip(),
            parent=_int(text(element, "post_parent")),
            menu_order=_int(text(element, "menu_order")),
            sticky=text(element, "is_sticky").strip() == "1",
            local_date=text(element, "post_date").strip()[:10],
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
