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


def _setting_with_environment(name, **environment):
    """The value of a base setting when the settings are read with these variables set."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"COMMENTS_XTD_SALT", "COMMENTS_SALT"}}
    code = f"import blogsite.settings.base as s; print(repr(s.{name}))"
    result = subprocess.run(
        [sys.executable, "-c", code], env={**env, **environment}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_comment_salt_comes_from_the_variable_of_its_name():
    assert _setting_with_environment("COMMENTS_XTD_SALT", COMMENTS_XTD_SALT="new") == "b'new'"
    # The old name still works, and the new one wins over it.
    assert _setting_with_environment("COMMENTS_XTD_SALT", COMMENTS_SALT="old") == "b'old'"
    both = {"COMMENTS_SALT": "old", "COMMENTS_XTD_SALT": "new"}
    assert _setting_with_environment("COMMENTS_XTD_SALT", **both) == "b'new'"


def test_middleware_order_is_one_readable_list(settings):
    """The order the comment in base.py explains; the settings never insert into it."""
    order = settings.MIDDLEWARE
    assert order[:6] == [
        "operations.health.HealthCheckMiddleware",  # the probes' URL, before ALLOWED_HOSTS
        "security.middleware.PermissionsPolicyMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "caching.middleware.PageCacheMiddleware",
        "security.middleware.ContentSecurityPolicyMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert order[-1] == "axes.middleware.AxesMiddleware"
    source = (ROOT / "site/settings/base.py").read_text(encoding="utf-8")
    assert "MIDDLEWARE.insert" not in source and "MIDDLEWARE +=" not in source


def test_template_line_check_fails_on_a_long_line(tmp_path):
    import subprocess
    import sys

    short, long = tmp_path / "short.html", tmp_path / "long.html"
    short.write_text("<p>{{ text }}</p>\n", encoding="utf-8")
    long.write_text("<p>" + "あ" * 130 + "</p>\n", encoding="utf-8")
    script = str(ROOT / "scripts/check-template-lines")
    ok = subprocess.run([sys.executable, script, str(short)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    failed = subprocess.run([sys.executable, script, str(long)], capture_output=True, text=True)
    assert failed.returncode == 1 and "long.html:1: 137 characters" in failed.stderr
