"""How much of Wagtail's admin is in Japanese, with this project's overrides applied.

The messages counted are those of Wagtail's source catalogues (locale/en/LC_MESSAGES/*.po of
every installed Wagtail app: the complete list of its translatable strings). A message counts
as translated when the catalogue Django really uses for Japanese has a non-empty translation:
for `django`, the merged catalogue of LOCALE_PATHS and INSTALLED_APPS; for `djangojs`, the one
the admin's JavaScriptCatalog serves (wagtail.admin's catalogue plus LOCALE_PATHS).
"""

import gettext
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.utils.translation import to_locale

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


class _Untranslated(gettext.NullTranslations):
    """The last fallback of a chain of catalogues: answers NOT_FOUND instead of the message,
    so a translation equal to its message still counts as one."""

    def gettext(self, message):
        return NOT_FOUND

    def ngettext(self, singular, plural, n):
        return NOT_FOUND

    def pgettext(self, context, message):
        return NOT_FOUND

    def npgettext(self, context, singular, plural, n):
        return NOT_FOUND


NOT_FOUND = object()


def locale_directories(domain):
    """The folders Django reads `domain` from, the one that wins first: LOCALE_PATHS, then
    the apps in INSTALLED_APPS order, then Django's own catalogue."""
    folders = [Path(folder) for folder in settings.LOCALE_PATHS]
    if domain == "django":
        folders += [Path(config.path) / "locale" for config in apps.get_app_configs()]
        return folders + [Path(django.__file__).parent / "conf" / "locale"]
    # The admin's JavaScriptCatalog: LOCALE_PATHS over wagtail.admin's catalogue.
    return folders + [Path(apps.get_app_config("wagtailadmin").path) / "locale"]


def effective_catalogue(domain, language=LANGUAGE):
    """Every compiled catalogue Django uses for `domain` in `language`, chained with Python's
    gettext fallbacks in Django's order of precedence and ending in one that answers
    NOT_FOUND: a lookup gives the translation Django shows."""
    chain = gettext.NullTranslations()
    for folder in locale_directories(domain):
        if gettext.find(domain, str(folder), [to_locale(language)]):
            chain.add_fallback(gettext.translation(domain, str(folder), [to_locale(language)]))
    chain.add_fallback(_Untranslated())
    return chain


def translation_of(catalogue, entry):
    """The translation Django shows for the .po entry (plural: its first form), or None."""
    if entry.msgid_plural and entry.msgctxt is not None:
        found = catalogue.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
    elif entry.msgid_plural:
        found = catalogue.ngettext(entry.msgid, entry.msgid_plural, 1)
    elif entry.msgctxt is not None:
        found = catalogue.pgettext(entry.msgctxt, entry.msgid)
    else:
        found = catalogue.gettext(entry.msgid)
    return None if found is NOT_FOUND else found


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
            if translation_of(catalogues[domain], entry):
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
