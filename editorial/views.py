"""The editor guide (docs/editor-guide.md), shown inside the admin.

The Markdown file in the repository is the only copy: the admin renders it on each request,
so the guide a person reads in the admin is always the one in docs/.
"""

import re

from django.conf import settings
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

import markdown

GUIDE_DIR = settings.BASE_DIR / "docs"
GUIDE_FILE = GUIDE_DIR / "editor-guide.md"
IMAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\.png$")


def guide(request):
    text = GUIDE_FILE.read_text(encoding="utf-8")
    # Trusted text from the repository (not user input), so it is rendered as is; the
    # `toc` extension gives headings ids so the guide's table of contents links work.
    html = markdown.markdown(text, extensions=["toc", "tables", "sane_lists"])
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "")
    return TemplateResponse(
        request,
        "editorial/guide.html",
        {"guide_html": html, "page_title": title or _("Editor guide")},
    )


def guide_image(request, name):
    """Screenshots under docs/images/, by plain file name only (no paths)."""
    if not IMAGE_NAME.match(name):
        raise Http404
    path = GUIDE_DIR / "images" / name
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
