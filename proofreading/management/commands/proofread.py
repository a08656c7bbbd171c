"""`manage.py proofread FILE.md`: one finding per line, `LINE:COLUMN RULE message`.

Exit status 0 whatever is found (findings are advice, never errors); 1 only when the file
cannot be read."""

from django.core.management.base import BaseCommand, CommandError

from proofreading.checker import proofread


class Command(BaseCommand):
    help = "Proofread a Japanese text or Markdown file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A UTF-8 text or Markdown file.")

    def handle(self, *args, path, **options):
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        for finding in proofread(text):
            self.stdout.write(str(finding))
