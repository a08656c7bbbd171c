"""manage.py import_article FILE.md [--publish] [--index SLUG] [--author SLUG_OR_NAME]

Prints warnings on stderr and, as the last line of stdout, the new page's URL (scripts can
take it with `| tail -n 1`).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from imports.markdown import import_markdown
from imports.pages import ImportProblem, find_author, find_index
from imports.report import Report
from imports.text import DecodeError, decode_text


class Command(BaseCommand):
    help = "Import a Markdown file as an article (a draft unless --publish)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The Markdown file. Its images are read beside it.")
        parser.add_argument("--publish", action="store_true", help="Publish at once.")
        parser.add_argument("--index", metavar="SLUG", help="The article list's slug.")
        parser.add_argument(
            "--author",
            metavar="SLUG_OR_NAME",
            help="The author profile, by address name (sato) or name (佐藤 一郎).",
        )

    def handle(self, *args, file, publish=False, index=None, author=None, **options):
        path = Path(file)
        report = Report()
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        try:
            if not data.strip():
                raise ImportProblem(_("The file is empty."))
            text = decode_text(data, warn=report.warn)
            index_page = find_index(index)
            profile = find_author(author) if author else None
            page = import_markdown(
                text,
                index_page,
                report=report,
                base_dir=path.resolve().parent,
                default_title=path.stem,
                publish=publish,
                author=profile,
            )
        except (ImportProblem, DecodeError) as error:
            for line in report.detail_lines():
                self.stderr.write(line)
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stderr.write(line)
        if publish:
            self.stdout.write(_("Published: %(title)s") % {"title": page.title})
        else:
            self.stdout.write(_("Draft saved: %(title)s") % {"title": page.title})
            edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
            self.stdout.write(_("Review it in the admin: %(url)s") % {"url": edit})
        self.stdout.write(page.full_url or page.url or "")
