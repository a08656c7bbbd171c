"""Issue #12, smaller findings: bidi control characters in what readers write, names on one
line, a Permissions-Policy on every response, and drafts previewed under the public CSP."""

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest
import support_pages as pages
from support_comments import form_data, make_article

from comments.models import PendingComment
from comments.text import render_comment
from security.text import BIDI_CONTROLS, clean_name

pytestmark = pytest.mark.django_db
RLO = "\u202e"


def test_every_bidi_control_is_removed_from_names():
    assert clean_name(f"{BIDI_CONTROLS}山田{RLO}gpj.exe") == "山田gpj.exe"


def test_comment_name_and_text_are_stored_without_bidi_controls_and_the_name_on_one_line(
    client, mailoutbox
):
    article = make_article()
    data = form_data(
        article, name=f"山田\r\n太郎{RLO}\u2066", comment=f"見て{RLO}moc.elpmaxe\u200f です"
    )
    assert client.post(reverse("comments-post-comment"), data).status_code == 302
    pending = PendingComment.objects.get()
    assert pending.user_name == "山田 太郎"
    assert pending.comment == "見てmoc.elpmaxe です"
    assert RLO not in mailoutbox[0].body


def test_a_name_of_only_controls_and_breaks_is_refused(client):
    article = make_article()
    data = form_data(article, name=f"{RLO}\n\u2067 ")
    response = client.post(reverse("comments-post-comment"), data)
    assert response.status_code == 200 and not PendingComment.objects.exists()


def test_stored_comment_text_is_shown_without_bidi_controls():
    assert RLO not in render_comment(f"古い{RLO}コメント")


def test_search_query_is_shown_back_without_bidi_controls(client):
    html = client.get("/search/", {"query": f"縦書き{RLO}gpj"}).content.decode()
    assert RLO not in html and "縦書き" in html


def test_every_response_has_a_permissions_policy(client, settings):
    article = pages.article("権限の記事", slug="permissions")
    for path in ["/", article.url, "/no-such-page/", "/admin/login/", "/comments/post/"]:
        policy = client.get(path)["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
    assert "fullscreen" not in policy  # video embeds keep it


def test_a_draft_preview_runs_under_the_public_policy(client):
    article = pages.article("下書きの記事", slug="draft-preview")
    revision = article.save_revision()
    admin = get_user_model().objects.create_superuser("root", "root@example.jp", "x" * 16)
    client.force_login(admin)
    url = reverse("wagtailadmin_pages:revisions_view", args=[article.pk, revision.pk])
    response = client.get(url)
    assert response.status_code == 200 and "下書きの記事" in response.content.decode()
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'self'"  # the admin's preview panel frames it
    # The admin itself keeps its own policy.
    assert "'unsafe-inline'" in client.get("/admin/")["Content-Security-Policy"]


def test_a_nul_in_the_comment_form_is_dropped_like_the_bidi_controls(client, mailoutbox):
    article = make_article()
    data = form_data(article, name="山田\x00 太郎", comment="本文\x00です")
    assert client.post(reverse("comments-post-comment"), data).status_code == 302
    pending = PendingComment.objects.get()
    assert (pending.user_name, pending.comment) == ("山田 太郎", "本文です")


def test_a_comment_form_shown_again_shows_the_text_without_nul(client):
    article = make_article()
    data = form_data(article, email="not an address", comment="本文\x00です")
    response = client.post(reverse("comments-post-comment"), data)
    page = response.content.decode()
    assert response.status_code == 200 and "errorlist" in page
    assert "本文です" in page and "\x00" not in page
    assert "NUL" not in page and not PendingComment.objects.exists()
