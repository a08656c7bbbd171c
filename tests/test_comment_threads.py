"""The comment threads' renderer (comments/threads.py): plain strings instead of format_html
and a date format split once, so the same HTML as Django's own tools would give."""

import datetime

from django.utils import timezone, translation
from django.utils.dateformat import format as django_date_format
from django.utils.formats import get_format

import pytest
from support_comments import add_comment, make_article

from comments.models import BlogComment
from comments.threads import MomentFormat, comment_tree, render_threads

MOMENTS = [
    datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 31, 23, 59, 0, tzinfo=datetime.UTC),
]
FORMATS = ["Y年n月j日 G:i", "N j, Y, P", r"\Y\e\s: Y-m-d H:i:s", "D, d M Y H:i:s O", "jS F Y", "c"]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_split_date_format_gives_what_django_gives(language):
    with translation.override(language):
        for format_string in [*FORMATS, get_format("DATETIME_FORMAT")]:
            for moment in MOMENTS:
                local = timezone.localtime(moment)
                expected = django_date_format(local, format_string)
                assert MomentFormat(format_string).format(local) == expected


@pytest.mark.django_db
def test_reader_text_is_escaped_in_every_place_it_is_shown():
    article = make_article()
    comment = add_comment(article, name='"><b>名前</b>', text="<i>本文</i> & ok")
    BlogComment.objects.filter(pk=comment.pk).update(user_url='https://example.com/"><b>x')
    html = render_threads(comment_tree(article, replies_open=True)[0])
    assert "<b>" not in html and "<i>" not in html
    assert 'href="https://example.com/&quot;&gt;&lt;b&gt;x"' in html
    assert "&quot;&gt;&lt;b&gt;名前&lt;/b&gt;" in html
    assert "&lt;i&gt;本文&lt;/i&gt; &amp; ok" in html
