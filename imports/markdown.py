"""Markdown → ArticlePage.

The text is rendered by the site's one Markdown renderer (articles/markdown.py: CommonMark and
GitHub's tables, in linear time, within size and nesting limits) and the HTML is turned into
blocks by html_to_blocks, the converter the WordPress importer uses too. Walking its HTML only
needs the handful of elements it can produce.
"""

import re

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from articles.markdown import MarkdownRefused, check_size, render_markdown

from .html_to_blocks import HtmlToBlocks
from .htmltree import parse_html, plain_text
from .images import ImageImporter
from .pages import ArticleData, ImportProblem, clean_data, create_article, one_line, split_lead

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n---[ \t]*(?:\n|\Z)", re.S)
META_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")
FRONT_MATTER_KEYS = {
    "title": "title",
    "slug": "slug",
    "tags": "tags",
    "topics": "tags",  # Zenn
    "categories": "tags",
    "lead": "lead",
    "description": "lead",
    "excerpt": "lead",
    "summary": "lead",
}


def _meta_value(raw, following):
    value = raw.strip()
    if value.startswith("[") and value.endswith("]"):
        return [item.strip().strip("'\"") for item in value[1:-1].split(",") if item.strip()]
    if not value and following:
        return following
    return value.strip("'\"")


def split_front_matter(text):
    """(metadata, rest) for a leading YAML-style block between --- lines. Only simple
    `key: value`, `key: [a, b]` and `- item` lists are read: no YAML library needed."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta, key, raw, items = {}, None, "", []
    for line in match.group("body").split("\n") + ["end: "]:
        found = META_LINE.match(line)
        if found:
            if key:
                meta[key] = _meta_value(raw, items)
            key, raw, items = found.group("key").lower(), found.group("value"), []
        elif line.strip().startswith("- "):
            items.append(line.strip()[2:].strip().strip("'\""))
    return meta, text[match.end() :]


def _front_matter_fields(meta, report):
    fields, ignored = {}, []
    for key, value in meta.items():
        name = FRONT_MATTER_KEYS.get(key)
        if name == "tags":
            fields["tags"] = (
                value
                if isinstance(value, list)
                else [tag.strip() for tag in value.split(",") if tag.strip()]
            )
        elif name:
            fields[name] = value if isinstance(value, str) else ", ".join(value)
        else:
            ignored.append(key)
    if len(fields.get("tags", ())) > settings.MARKDOWN_MAX_TAGS:
        raise ImportProblem(
            _("Too many tags in the front matter: %(count)d, at most %(limit)d.")
            % {"count": len(fields["tags"]), "limit": settings.MARKDOWN_MAX_TAGS}
        )
    if ignored:
        report.note(
            _("Front matter fields not used: %(keys)s") % {"keys": ", ".join(sorted(ignored))}
        )
    return fields


def markdown_to_article(text, *, report, images=None, default_title=""):
    """ArticleData for a Markdown text. The first `# ` heading is the title, the first
    paragraph the lead (see pages.split_lead)."""
    try:
        check_size(text, settings.MARKDOWN_IMPORT_MAX_CHARS)
        meta, text = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
        fields = _front_matter_fields(meta, report)
        html = render_markdown(text, max_chars=settings.MARKDOWN_IMPORT_MAX_CHARS)
    except MarkdownRefused as refused:
        raise ImportProblem(str(refused)) from refused
    root = parse_html(html)
    title_element = next((e for e in root.elements() if e.tag == "h1"), None)
    title = fields.get("title", "")
    if title_element is not None:
        root.children.remove(title_element)
        title = plain_text(title_element) or title
    if not title:
        if not default_title:
            raise ImportProblem(
                _("The Markdown has no title: start it with a line like “# My article”.")
            )
        report.warn(_("No “# ” title line: the file name was used as the title."))
        title = default_title
    resolver = images.resolve_markdown if images else None
    converter = HtmlToBlocks(report, resolve_image=resolver)
    blocks = converter.convert(root)
    converter.close()
    lead, body = split_lead(blocks)
    if fields.get("lead"):
        lead, body = one_line(fields["lead"]), blocks
    return ArticleData(
        title=one_line(title),
        lead=lead,
        body=body,
        slug=fields.get("slug", ""),
        tags=fields.get("tags", []),
    )


def import_markdown(
    text,
    index,
    *,
    report,
    base_dir=None,
    default_title="",
    owner=None,
    user=None,
    publish=False,
    author=None,
):
    """Create one ArticlePage from Markdown: a draft with a revision, or published; by
    `author` (an articles.Author) when given."""
    if not text.strip():
        raise ImportProblem(_("The file is empty."))
    images = ImageImporter(report, base_dir=base_dir)
    try:
        with transaction.atomic():
            data = markdown_to_article(
                text, report=report, images=images, default_title=default_title
            )
            data = clean_data(data, report)
            data.author = author
            page, revision = create_article(index, data, owner=owner, user=user)
            if publish:
                revision.publish(user=user)
                page.refresh_from_db()
    except BaseException:
        images.rollback_to(0)  # the image rows were rolled back: remove their files too
        raise
    images.add_counts()
    report.count("imported")
    return page
