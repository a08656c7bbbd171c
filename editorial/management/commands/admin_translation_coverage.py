"""`manage.py admin_translation_coverage`: how much of Wagtail's admin shows in Japanese.

Prints translated/total for each installed Wagtail app's catalogue, before (Wagtail's own ja
catalogue) and after (what Django really uses, with editorial/locale and locale/ applied).
`--missing` lists the messages still untranslated; `--min PERCENT` exits non-zero below it.
"""

from django.core.management.base import BaseCommand, CommandError

from editorial.coverage import coverage, source_catalogue_coverage, totals


def _percent(translated, total):
    return 100.0 * translated / total if total else 100.0


class Command(BaseCommand):
    help = "Report how much of Wagtail's admin is translated into Japanese."

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="List untranslated msgids.")
        parser.add_argument("--min", type=float, default=None, help="Fail below this percent.")

    def handle(self, *args, missing=False, min=None, **options):
        before = {(r.app, r.domain): r for r in source_catalogue_coverage()}
        after = coverage()
        width = max(len(f"{r.app} ({r.domain})") for r in after)
        self.stdout.write(f"{'catalogue':<{width}}  {'Wagtail ja':>16}  {'with overrides':>16}")
        for result in after:
            own = before[(result.app, result.domain)]
            name = f"{result.app} ({result.domain})"
            self.stdout.write(
                f"{name:<{width}}  {own.translated:>5}/{own.total:<5} {own.percent:5.1f}%"
                f"  {result.translated:>5}/{result.total:<5} {result.percent:5.1f}%"
            )
            if missing:
                for msgid in result.missing:
                    self.stdout.write(f"    missing: {msgid!r}")
        own_done, own_total = totals(before.values())
        done, total = totals(after)
        own_percent = _percent(own_done, own_total)
        self.stdout.write(
            f"{'TOTAL':<{width}}  {own_done:>5}/{own_total:<5} {own_percent:5.1f}%"
            f"  {done:>5}/{total:<5} {_percent(done, total):5.1f}%"
        )
        if min is not None and _percent(done, total) < min:
            raise CommandError(f"Coverage {_percent(done, total):.1f}% is below {min}%.")
