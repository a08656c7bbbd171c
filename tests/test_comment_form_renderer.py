"""The comment form's widgets written in Python (comments/form_renderer.py) must make exactly
the markup Django's own widget templates make: the same form is rendered both ways, fresh,
with the reader's input kept, and with errors. A fresh form's fields, rendered once per process
and language, are what the template renders."""

from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string
from django.utils import translation

import pytest
from support_comments import make_article

from comments.form_renderer import DirectWidgetRenderer
from comments.forms import CommentForm
from comments.templatetags.blog_comments import FORM_FIELDS, READER_FIELDS, unbound_form_fields

pytestmark = pytest.mark.django_db

KEPT_INPUT = {
    "name": '山田 "花子" <b>',
    "email": "not-an-address",
    "url": "javascript:alert(1)",
    "comment": "<script>alert('x')</script>\n二行目 & 三行目",
    "followup": "on",
    "honeypot": "",
    "reply_to": "-3",
}


def both_ways(make_form):
    ours, django = make_form(), make_form()
    django.renderer = DjangoTemplates()
    django.initial = ours.initial  # the same timestamp and hash, even across a second
    return ours, django


def field_markup(form):
    return [(str(field), str(field.errors)) for field in form]


def make_form_for(article, data=None):
    def make_form():
        return CommentForm(article, data=data) if data is not None else CommentForm(article)

    return make_form


def test_the_comment_form_uses_the_direct_renderer():
    assert isinstance(make_form_for(make_article())().renderer, DirectWidgetRenderer)


def test_a_fresh_form_is_the_same_markup_as_djangos_templates():
    article = make_article()
    ours, django = both_ways(make_form_for(article))
    assert field_markup(ours) == field_markup(django)
    assert 'autocomplete="name"' in str(ours["name"])


def test_kept_input_and_errors_are_the_same_markup_as_djangos_templates():
    article = make_article()
    fresh = CommentForm(article)
    data = {**fresh.initial, **fresh.generate_security_data(), **KEPT_INPUT}
    ours, django = both_ways(make_form_for(article, data))
    assert not ours.is_valid() and not django.is_valid()
    assert field_markup(ours) == field_markup(django)
    assert str(ours.non_field_errors()) == str(django.non_field_errors())
    comment = str(ours["comment"])
    assert "&lt;script&gt;" in comment and "<script>" not in comment
    assert 'value="山田 &quot;花子&quot; &lt;b&gt;"' in str(ours["name"])
    assert " checked" in str(ours["followup"])
    assert 'class="errorlist" id="comment_email_error"' in str(ours["email"].errors)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_fields_kept_per_process_are_what_the_template_renders(language):
    """unbound_form_fields renders a fresh form's visible fields once per process and
    language: the same markup as the template renders for any article's fresh form, in the
    language that is active; a bound form (kept input, errors) is never taken from it."""
    READER_FIELDS.clear()
    first, second = make_article(), make_article("二つ目の記事")
    with translation.override(language):
        rendered = render_to_string(
            FORM_FIELDS, {"form": CommentForm(second), "comment_user": None}
        )
        assert unbound_form_fields(CommentForm(first)) == rendered
        assert unbound_form_fields(CommentForm(second)) == rendered
        label = "お名前" if language == "ja" else "Name"
        assert label in rendered and 'id="comment_name"' in rendered
        fresh = CommentForm(first)
        data = {**fresh.initial, **fresh.generate_security_data(), **KEPT_INPUT}
        kept = unbound_form_fields(CommentForm(first, data=data))
        assert kept != rendered and "not-an-address" in kept
    assert set(READER_FIELDS) == {(CommentForm, language)}
