"""Project-wide health: system checks, migrations, translations."""

import gettext
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils import translation

import pytest

from editorial.po import parse


def test_system_checks_pass():
    call_command("check", fail_level="WARNING", stdout=StringIO())


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_site_is_japanese_first_in_tokyo(settings):
    assert settings.LANGUAGE_CODE == "ja" and settings.TIME_ZONE == "Asia/Tokyo"
    with translation.override("ja"):
        assert translation.gettext("Latest articles") == "新着記事"
    with translation.override("en"):
        assert translation.gettext("Latest articles") == "Latest articles"


ROOT = Path(__file__).resolve().parent.parent
JAPANESE_CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale*/ja/LC_MESSAGES/*.po")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)


def test_japanese_catalogues_are_found():
    names = {str(path.relative_to(ROOT)) for path in JAPANESE_CATALOGUES}
    assert "locale/ja/LC_MESSAGES/django.po" in names
    assert "comments/locale/ja/LC_MESSAGES/django.po" in names
    assert "locale_overrides/ja/LC_MESSAGES/django.po" in names


@pytest.mark.parametrize("po", JAPANESE_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_has_japanese_and_is_compiled(po):
    """No English shows on the Japanese site: every message of our catalogues is translated,
    and the committed .mo (make run needs no gettext) matches the .po."""
    entries = parse(po)
    untranslated = [entry.msgid for entry in entries if not entry.translated]
    assert untranslated == []
    with open(po.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    stale = [entry.msgid for entry in entries if compiled.get(entry.key) != entry.msgstr[0]]
    assert stale == []
