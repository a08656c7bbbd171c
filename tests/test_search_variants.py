"""Search that forgives how Japanese is written (issue #19): other okurigana, kana for kanji,
hiragana for katakana, a common misspelling. Each spelling finds the article written the
other way, on the public search and in the admin's page search, on SQLite and PostgreSQL.
"""

from io import StringIO
from urllib.parse import quote

from django.core.management import call_command

from wagtail.contrib.search_promotions.models import Query

import pytest

from search import views
from search.models import Term
from search.variants import query_forms, variant_tokens
from tests import test_search

pytestmark = pytest.mark.django_db

# The article fixtures of the search tests.
article_index = test_search.article_index
make_article = test_search.make_article
found_titles = test_search.found_titles

PAIRS = [
    ("見積り", "見積もり"),
    ("引越し", "引っ越し"),
    ("打合せ", "打ち合わせ"),
    ("問合せ", "問い合わせ"),
    ("つまずき", "躓き"),
    ("子供", "子ども"),
    ("ふりーらんす", "フリーランス"),
    ("シュミレーション", "シミュレーション"),
]
BOTH_WAYS = [pair for a, b in PAIRS for pair in [(a, b), (b, a)]]
UNRELATED_TITLE = "東京の朝ごはん"


def body_with(word):
    return [("paragraph", f"<p>来週の{word}について、先に要点をまとめておきます。</p>")]


@pytest.fixture
def unrelated(make_article):
    return make_article(UNRELATED_TITLE, "駅前の店で食べた朝食の記録です。")


@pytest.mark.parametrize(("written", "typed"), BOTH_WAYS)
def test_each_spelling_finds_the_article_written_the_other_way(
    client,
    make_article,
    unrelated,
    written,
    typed,
):
    make_article("週次の記録", "短い記録です。", body_with(written))
    assert found_titles(client, typed) == ["週次の記録"]


@pytest.mark.parametrize(("written", "typed"), BOTH_WAYS)
def test_the_admin_page_search_forgives_spelling_too(
    admin_client,
    make_article,
    unrelated,
    written,
    typed,
):
    make_article("週次の記録", "短い記録です。", body_with(written))
    response = admin_client.get("/admin/pages/search/", {"q": typed})
    assert [page.title for page in response.context["pages"]] == ["週次の記録"]


def test_words_typed_with_kanji_are_not_matched_by_their_reading(client, make_article):
    make_article("工場の見学", "短い記録です。", body_with("機械"))
    assert found_titles(client, "機会") == []
    assert found_titles(client, "きかい") == ["工場の見学"]  # typed in kana: either is meant


def test_words_far_apart_do_not_make_a_word_of_several(client, make_article):
    body = [("paragraph", "<p>理由がわかった。</p><p>読み手が作りやすい形にしました。</p>")]
    make_article("離れた言葉", "短い記録です。", body)
    make_article("並んだ言葉", "短い記録です。", body_with("わかりやすい説明"))
    assert found_titles(client, "分かりやすい") == ["並んだ言葉"]


def test_variant_tokens_are_normalised_forms_and_readings():
    tokens = variant_tokens("子どもの見積り")
    assert {"子供", "コドモ", "見積モリ", "ミツモリ"} <= set(tokens)
    assert "コドモ" in query_forms("こども")
    assert all("コドモ" not in form for form in query_forms("子供"))


# ------------------------------------------------------------ highlight, suggestions


def test_the_snippet_highlights_the_spelling_the_article_uses(client, make_article):
    make_article("週次の記録", "短い記録です。", body_with("見積もり"))
    response = client.get("/search/", {"query": "見積り"})
    (hit,) = response.context["hits"]
    assert "<mark>見積もり</mark>" in hit.snippet


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("シミュレーシン", "シミュレーション"), ("みつもる", "見積もり"), ("Wagtial", "Wagtail")],
)
def test_a_search_that_finds_nothing_suggests_a_word_of_the_index(
    client,
    make_article,
    typed,
    meant,
):
    make_article("週次の記録", "短い記録です。", body_with(meant))
    response = client.get("/search/", {"query": typed})
    assert response.context["hits"] == []
    assert response.context["suggestion"] == meant
    assert f'href="?query={quote(meant)}"' in response.content.decode()
    assert found_titles(client, response.context["suggestion"]) == ["週次の記録"]


def test_no_suggestion_without_a_close_word(client, make_article):
    make_article("週次の記録", "短い記録です。", body_with("見積もり"))
    response = client.get("/search/", {"query": "量子計算"})
    assert response.context["suggestion"] is None
    assert "もしかして" not in response.content.decode()


def test_drafts_add_no_words_to_the_vocabulary(make_article):
    make_article("下書き", "短い記録です。", body_with("秘密計画"), publish=False)
    assert not Term.objects.filter(surface="秘密計画").exists()


# --------------------------------------------------------------------------- bounded logging


def test_only_searches_that_find_articles_are_counted(client, make_article):
    make_article("週次の記録", "短い記録です。", body_with("見積もり"))
    for number in range(30):
        client.get("/search/", {"query": f"存在しない言葉{number}"})
    assert Query.objects.count() == 0
    client.get("/search/", {"query": "見積り"})
    assert list(Query.objects.values_list("query_string", flat=True)) == ["見積り"]


def test_a_flood_of_new_queries_stops_at_the_cap(client, make_article, monkeypatch):
    monkeypatch.setattr(views, "MAX_COUNTED_QUERIES", 3)
    make_article("週次の記録", "短い記録です。", body_with("見積もり"))
    for suffix in ["", " 見積", " 記録", " 週次", " 要点", " 来週"]:
        client.get("/search/", {"query": f"見積もり{suffix}"})
    assert Query.objects.count() == 3
    client.get("/search/", {"query": "見積もり"})  # a known query is still counted
    assert Query.get("見積もり").hits == 2


# --------------------------------------------------------------------------- ranking


def test_a_title_in_another_spelling_still_ranks_first(client, make_article):
    make_article("本文だけの記録", "短い記録です。", body_with("見積もり"), days_ago=0)
    make_article("見積りの考え方", "短い記録です。", body_with("考え方"), days_ago=9)
    assert found_titles(client, "見積もり") == ["見積りの考え方", "本文だけの記録"]


def test_words_side_by_side_rank_above_scattered_words(client, make_article):
    make_article("散らばった記録", "設計の話と、別の日のレビューの話。", days_ago=0)
    make_article("並んだ記録", "設計レビューの進め方をまとめました。", days_ago=9)
    assert found_titles(client, "設計 レビュー") == ["並んだ記録", "散らばった記録"]


def test_newer_articles_rank_first_on_a_tie(client, make_article):
    make_article("古い記録", "設計の話です。", days_ago=30)
    make_article("新しい記録", "設計の話です。", days_ago=1)
    assert found_titles(client, "設計") == ["新しい記録", "古い記録"]


def body_under_heading(heading, paragraph="<p>詳しくは下にまとめました。</p>"):
    return [("heading", {"text": heading, "level": "h2"}), ("paragraph", paragraph)]


@pytest.mark.parametrize(("heading_days_ago", "body_days_ago"), [(30, 1), (1, 30)])
def test_a_word_in_a_heading_ranks_above_the_same_word_in_the_body(
    client, make_article, heading_days_ago, body_days_ago
):
    make_article("本文の記録", "短い記録です。", body_with("見積もり"), days_ago=body_days_ago)
    make_article(
        "見出しの記録",
        "短い記録です。",
        body_under_heading("見積もりの手順"),
        days_ago=heading_days_ago,
    )
    assert found_titles(client, "見積もり") == ["見出しの記録", "本文の記録"]


def test_a_heading_in_another_spelling_ranks_above_the_body(client, make_article):
    make_article("本文の記録", "短い記録です。", body_with("見積もり"), days_ago=0)
    make_article("見出しの記録", "短い記録です。", body_under_heading("見積りの手順"), days_ago=9)
    assert found_titles(client, "見積もり") == ["見出しの記録", "本文の記録"]


def test_the_title_ranks_above_a_heading_and_a_heading_above_the_lead(client, make_article):
    make_article("リードの記録", "見積もりの話です。", days_ago=0)
    make_article("見出しの記録", "短い記録です。", body_under_heading("見積もりの手順"), days_ago=5)
    make_article("見積もりの考え方", "短い記録です。", days_ago=9)
    assert found_titles(client, "見積もり") == ["見積もりの考え方", "見出しの記録", "リードの記録"]


def test_words_side_by_side_in_a_heading_rank_above_scattered_words(client, make_article):
    scattered = body_under_heading("設計の話") + body_under_heading("レビューの話")
    make_article("散らばった記録", "短い記録です。", scattered, days_ago=0)
    make_article(
        "並んだ記録", "短い記録です。", body_under_heading("設計レビューの進め方"), days_ago=9
    )
    assert found_titles(client, "設計 レビュー") == ["並んだ記録", "散らばった記録"]


def test_the_vocabulary_command_rebuilds_from_live_articles(make_article):
    make_article("週次の記録", "短い記録です。", body_with("見積もり"))
    Term.objects.create(surface="削除済み", normalized="削除済ミ", reading="サクジョズミ", length=6)
    call_command("search_vocabulary", stdout=StringIO())
    assert Term.objects.filter(surface="見積もり", reading="ミツモリ").exists()
    assert not Term.objects.filter(surface="削除済み").exists()


def test_a_draft_of_a_live_article_adds_no_words(make_article):
    page = make_article("週次の記録", "短い記録です。", body_with("見積もり"))
    page.body = body_with("極秘計画")
    page.save_revision()
    assert not Term.objects.filter(surface="極秘計画").exists()
