"""Project-wide health: system checks, migrations, translations."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation


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
