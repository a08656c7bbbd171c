"""Markdown → ArticlePage.

The text is rendered with Python-Markdown (the library wagtail-markdown uses, so a block that
falls back to Markdown renders the same way) and the HTML is turned into blocks by
html_to_blocks, the converter the WordPress importer uses too. Parsing Markdown ourselves would
mean re-implementing its many edge cases; walking its HTML only needs the handful of elements
it can produce.

Before rendering, the text is adjusted where Python-Markdown differs from what most editors
(GitHub, Zenn, Qiita) accept: nested lists indented by two spaces, and lists starting right
after a paragraph line.
"""

import re

from django.db import transaction
from django.utils.translation import gettext as _

import markdown as python_markdown

from .html_to_blocks import HtmlToBlocks
from .htmltree import parse_html, plain_text
from .images import ImageImporter
from .pages import ArticleData, ImportProblem, clean_data, create_article, one_line, split_lead

EXTENSIONS = ["fenced_code", "tables", "sane_lists"]
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
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


def normalize_markdown(text):
    """Re-indent nested list items to Python-Markdown's four spaces and open a list that
    follows a paragraph line with a blank line. Code fences are left alone."""
    out, indents, fence, in_list, previous = [], [], None, False, ""
    for line in text.split("\n"):
        if fence:
            out.append(line)
            if line.strip().startswith(fence):
                fence = None
            previous = line
            continue
        opening = FENCE.match(line)
        item = LIST_ITEM.match(line)
        if opening:
            fence = opening.group(1)[:3]
        elif item:
            indent = len(item.group("indent").expandtabs(4))
            if not in_list:
                indents = []
                if previous.strip():
                    out.append("")
            while indents and indent < indents[-1]:
                indents.pop()
            if not indents or indent > indents[-1]:
                indents.append(indent)
            line = "    " * (len(indents) - 1) + line.lstrip(" \t")
            in_list = True
        elif line.strip() and not line[0].isspace() and not previous.strip():
            in_list = False  # a paragraph after a blank line ends the list
        out.append(line)
        previous = line
    return "\n".join(out)


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
    if ignored:
        report.note(
            _("Front matter fields not used: %(keys)s") % {"keys": ", ".join(sorted(ignored))}
        )
    return fields


def markdown_to_article(text, *, report, images=None, default_title=""):
    """ArticleData for a Markdown text. The first `# ` heading is the title, the first
    paragraph the lead (see pages.split_lead)."""
    meta, text = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
    fields = _front_matter_fields(meta, report)
    html = python_markdown.markdown(normalize_markdown(text), extensions=EXTENSIONS)
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
    text, index, *, report, base_dir=None, default_title="", owner=None, user=None, publish=False
):
    """Create one ArticlePage from Markdown: a draft with a revision, or published."""
    if not text.strip():
        raise ImportProblem(_("The file is empty."))
    images = ImageImporter(report, base_dir=base_dir)
    try:
        with transaction.atomic():
            data = markdown_to_article(
                text, report=report, images=images, default_title=default_title
            )
            data = clean_data(data, report)
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
