"""文章校正 (issue #18): the rules find the mistakes seeded in our test texts, the command
prints them for scripts, and the editor shows them without ever blocking publication."""

import subprocess
import sys
from pathlib import Path

from django.core.management import CommandError, call_command
from django.utils import translation

import pytest

from proofreading.checker import proofread
from proofreading.evaluation import score

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "proofreading"


def rules_found(text):
    return [finding.rule for finding in proofread(text)]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("準備は大変でした。荷物は多かった。片付けも終わりました。", "mixed-style"),
        ("引っ越しをした。引越しは疲れる。", "spelling-variant"),
        ("サーバーを買った。サーバを置いた。", "spelling-variant"),
        ("本をを読みます。", "doubled-particle"),
        ("朝早く起きれる日があります。", "ra-nuki"),
        ("ﾃｽﾄをします。", "half-width-kana"),
        ("ＰＣを使います。", "full-width-alnum"),
        ("私は、朝、駅で、友人と、会いました。", "too-many-commas"),
        ("あ" * 101 + "。", "long-sentence"),
    ],
)
def test_each_rule_finds_its_mistake(text, rule):
    assert rule in rules_found(text)


@pytest.mark.parametrize(
    "text",
    [
        "書ける量は日によって違いますが、毎日書きます。",  # 書ける: 五段 potential, not ら抜き
        "駅まで歩いて帰れるので便利です。",  # 帰れる: 五段 potential
        "窓から富士山が見られます。",
        "小さいながらも、静かで明るい部屋です。",
    ],
)
def test_correct_japanese_is_left_alone(text):
    assert rules_found(text) == []


def test_the_limits_are_settings(settings):
    text = "この文は三十文字を少しだけ超える長さで書かれている文章なのです。"
    assert "long-sentence" not in rules_found(text)
    settings.PROOFREADING_MAX_SENTENCE_LENGTH = 20
    assert "long-sentence" in rules_found(text)
    settings.PROOFREADING_MAX_COMMAS = 0
    assert "too-many-commas" in rules_found("朝、駅へ行きます。")


def test_code_blocks_are_not_proofread():
    assert rules_found("```\nＰＣ ﾃｽﾄ\n```\n普通の文です。\n") == []


def test_precision_and_recall_on_the_seeded_texts_are_at_least_0_9():
    total = score(FIXTURES)[None]
    assert total.seeded >= 20
    assert total.precision >= 0.9 and total.recall >= 0.9, (total.precision, total.recall)


def test_the_command_prints_line_column_rule_and_a_japanese_message(capsys):
    with translation.override("ja"):
        call_command("proofread", str(FIXTURES / "moving.md"))
    lines = capsys.readouterr().out.splitlines()
    assert "6:4 ra-nuki 「起きれる」は「ら」抜き言葉です。「起きられる」と書きます。" in lines
    assert "8:2 doubled-particle 助詞「を」が続いています。" in lines
    assert all(line.split(" ", 2)[0].count(":") == 1 for line in lines)


def test_the_command_as_a_script_and_its_error_for_a_missing_file(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "proofread", str(FIXTURES / "clean.md")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == ""
    with pytest.raises(CommandError):
        call_command("proofread", str(tmp_path / "missing.md"))
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(CommandError):
        call_command("proofread", str(binary))


# ----------------------------------------------------------------------------- in the editor


@pytest.mark.django_db
def test_the_editors_check_answers_in_japanese_and_refuses_huge_texts(admin_client, client):
    from django.urls import reverse

    url = reverse("proofreading_check")
    response = admin_client.post(url, {"text": "朝早く起きれる日は散歩します。"})
    assert response.status_code == 200
    [finding] = response.json()["findings"]
    assert finding == {
        "rule": "ra-nuki",
        "message": "「起きれる」は「ら」抜き言葉です。「起きられる」と書きます。",
        "excerpt": "起きれる日は散歩します。",
    }
    too_long = admin_client.post(url, {"text": "あ" * 200_001})
    assert too_long.status_code == 413 and "長すぎる" in too_long.json()["error"]
    assert admin_client.get(url).status_code == 405
    assert client.post(url, {"text": "テスト"}).status_code == 302  # to the login page


@pytest.mark.django_db
def test_findings_never_block_publication(admin_client):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    import support_pages as pages

    from articles.models import ArticlePage

    index = pages.article_index()
    data = nested_form_data(
        {
            "title": "間違いのある記事",
            "slug": "with-mistakes",
            "lead": "ﾃｽﾄです。",
            "tags": "",
            "language": "ja",
            "related_links": inline_formset([]),
            "body": streamfield([("paragraph", rich_text("<p>本をを読む。起きれる。</p>"))]),
            "action-publish": "1",
        }
    )
    response = admin_client.post(f"/admin/pages/add/articles/articlepage/{index.pk}/", data)
    assert response.status_code == 302
    assert ArticlePage.objects.get(slug="with-mistakes").live
