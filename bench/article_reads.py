"""What an article's own view reads besides the article (issue #13, session 6), measured in
one process, the two ways in turn, so that a busy machine slows both alike:

- Wagtail's privacy check (`Page.get_view_restrictions()`: the pages above for aliases, then
  their restrictions) against ours, from the pages Wagtail's routing passed
  (`routing.view_restrictions`, one query);
- the tags and categories read from their tables against the form stored on the row
  (`articles/taxonomy.py`);
- the long article's contents (24 headings) as a template included once per level with a
  filter per heading (session 5's `toc_list.html`, rebuilt here) against the
  `contents_list` tag.

Worker CPU, median of 300 each:

    scripts/with-postgres .venv/bin/python bench/article_reads.py
"""

from environment import (  # bench/environment.py (on sys.path)
    median_cpu_ms,
    prepare_site,
    setup_django,
)

setup_django(forced={"PAGE_CACHE_SECONDS": "0"})

from django.template import Context, Template  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from wagtail.models import Page  # noqa: E402

from articles.models import ArticlePage  # noqa: E402
from articles.routing import view_restrictions  # noqa: E402
from articles.taxonomy import taxonomy_from_stored, taxonomy_to_store  # noqa: E402

REPEAT = 300
# Session 5's articles/includes/toc_list.html, including itself for each level.
TEMPLATE_PER_LEVEL = (
    '{% load article_tags %}<ol class="toc__list">{% for node in nodes %}<li>'
    '<a href="#{{ node.entry.anchor }}">{{ node.entry.text|code_spans }}</a>'
    "{% if node.children %}{% include itself with nodes=node.children %}{% endif %}"
    "</li>{% endfor %}</ol>"
)


def median_ms(work):
    return median_cpu_ms(work, REPEAT)


def main():
    from home.management.commands.generate_bench_data import TARGET_SLUG

    prepare_site(articles=20, comments=0)
    row = ArticlePage.objects.get(slug=TARGET_SLUG)
    request = RequestFactory().get(row.url, HTTP_HOST="localhost")
    article = Page.find_for_request(request, row.url)  # Wagtail's route: parents known
    nodes = article.nested_table_of_contents
    per_level = Template(TEMPLATE_PER_LEVEL)
    one_tag = Template("{% load article_tags %}{% contents_list nodes %}")
    stored = taxonomy_to_store(list(article.tags.all()), list(article.categories.all()))
    ways = {
        "privacy: Wagtail's check, 2 queries": lambda: list(Page.get_view_restrictions(article)),
        "privacy: from the pages routing passed": lambda: list(view_restrictions(article)),
        "tags + categories: 2 queries": lambda: (
            list(article.tags.all()),
            list(article.categories.all()),
        ),
        "tags + categories: stored on the row": lambda: taxonomy_from_stored(stored),
        "contents: a template per level": lambda: per_level.render(
            Context({"nodes": nodes, "itself": per_level})
        ),
        "contents: contents_list tag": lambda: one_tag.render(Context({"nodes": nodes})),
    }
    for round_ in (1, 2):
        print(f"round {round_}:")
        for name, work in ways.items():
            print(f"  {name:<42} {median_ms(work):6.3f} ms")


if __name__ == "__main__":
    main()
