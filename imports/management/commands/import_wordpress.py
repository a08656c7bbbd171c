"""manage.py import_wordpress EXPORT.xml [--dry-run] [--uploads DIR] [--index SLUG]

See docs/import.md. The report goes to stdout, the progress bar to stderr.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from imports.pages import ImportProblem, find_index
from imports.progress import ProgressBar
from imports.report import Report
from imports.wordpress import IMPORTED_TYPES, WordPressImporter
from imports.wxr import WXRError, parse_wxr


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts and pages, comments, images and old addresses."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The export file from WordPress (Tools → Export).")
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help="A local copy of wp-content/uploads: /wp-content/uploads/2019/05/x.jpg is "
            "read from DIR/2019/05/x.jpg. Without it, images are reported, not imported.",
        )
        parser.add_argument("--index", metavar="SLUG", help="The article list's slug.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Do everything, report, then roll back: nothing is saved.",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Draw the progress bar even when stderr is not a terminal.",
        )

    def handle(
        self, *args, file, uploads=None, index=None, dry_run=False, progress=False, **options
    ):
        if uploads and not Path(uploads).is_dir():
            raise CommandError(_("The uploads folder does not exist: %(dir)s") % {"dir": uploads})
        try:
            index_page = find_index(index)
            export = parse_wxr(Path(file))
        except (ImportProblem, WXRError) as error:
            raise CommandError(str(error)) from error
        total = sum(1 for item in export.items if item.post_type in IMPORTED_TYPES)
        bar = ProgressBar(
            lambda text: self.stderr.write(text, ending=""),
            total,
            enabled=progress or self.stderr.isatty(),
        )
        report = Report()
        importer = WordPressImporter(
            export, index_page, report=report, uploads_dir=uploads, progress=bar
        )
        if dry_run:
            with transaction.atomic():
                importer.run()
                transaction.set_rollback(True)
            importer.rollback_files()
        else:
            importer.run()
        title = export.title or file
        self.stdout.write(_("WordPress import of “%(title)s”") % {"title": title})
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
