"""How much of Wagtail's admin is in Japanese, with this project's overrides applied.

The messages counted are those of Wagtail's source catalogues (locale/en/LC_MESSAGES/*.po of
every installed Wagtail app: the complete list of its translatable strings). A message counts
as translated when the catalogue Django really uses for Japanese has a non-empty translation:
for `django`, the merged catalogue of LOCALE_PATHS and INSTALLED_APPS; for `djangojs`, the one
the admin's JavaScriptCatalog serves (wagtail.admin's catalogue plus LOCALE_PATHS).
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.utils.translation import trans_real

from .po import parse

LANGUAGE = "ja"


@dataclass
class Catalogue:
    app: str
    domain: str
    total: int = 0
    translated: int = 0
    missing: list = field(default_factory=list)  # msgids

    @property
    def percent(self):
        return 100.0 * self.translated / self.total if self.total else 100.0


def wagtail_source_catalogues():
    """(app label, domain, path of the English .po) for each installed Wagtail app."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("wagtail"):
            continue
        for domain in ("django", "djangojs"):
            path = Path(config.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            if path.exists():
                found.append((config.name, domain, path))
    return found


def effective_catalogue(domain, language=LANGUAGE):
    """The dict-like catalogue Django uses for `domain` in `language`."""
    if domain == "django":
        return trans_real.translation(language)._catalog
    admin = Path(apps.get_app_config("wagtailadmin").path) / "locale"
    return trans_real.DjangoTranslation(language, domain=domain, localedirs=[str(admin)])._catalog


def _lookup(catalogue, key):
    try:
        return catalogue[key]
    except KeyError:
        return ""


def coverage(language=LANGUAGE):
    """A Catalogue per installed Wagtail app and domain, in INSTALLED_APPS order."""
    catalogues = {}
    results = []
    for app, domain, path in wagtail_source_catalogues():
        if domain not in catalogues:
            catalogues[domain] = effective_catalogue(domain, language)
        result = Catalogue(app, domain)
        for entry in parse(path):
            result.total += 1
            if _lookup(catalogues[domain], entry.key):
                result.translated += 1
            else:
                result.missing.append(entry.msgid)
        results.append(result)
    return results


def totals(results):
    total = sum(r.total for r in results)
    translated = sum(r.translated for r in results)
    return translated, total


def source_catalogue_coverage(language=LANGUAGE):
    """Wagtail's own ja catalogues alone (before our overrides), for comparison."""
    results = []
    for app, domain, path in wagtail_source_catalogues():
        own = path.parent.parent.parent / language / "LC_MESSAGES" / f"{domain}.po"
        done = {e.key for e in parse(own) if e.translated} if own.exists() else set()
        result = Catalogue(app, domain)
        for entry in parse(path):
            result.total += 1
            if entry.key in done:
                result.translated += 1
            else:
                result.missing.append(entry.msgid)
        results.append(result)
    return results
