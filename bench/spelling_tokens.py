"""What the spelling variants cost the index: tokens and CPU time per demo article, as indexed
(the bigrams, then the variant tokens of search/variants.py), over the five demo articles'
title, lead and body text.

    DJANGO_SETTINGS_MODULE=blogsite.settings.test .venv/bin/python bench/spelling_tokens.py

Run it on two checkouts (or two commits) to compare their variant tokens.
"""

import time

from environment import setup_django  # bench/environment.py (on sys.path)

ROUNDS = 5


def strings_in(value):
    """Every string inside a block's value (paragraph HTML, a heading's text, list items)."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, dict | list | tuple):
        return []  # a number or a flag
    items = value.values() if isinstance(value, dict) else value
    return [text for item in items for text in strings_in(item)]


def article_text(spec):
    from django.utils.html import strip_tags

    texts = [spec["title"], spec["lead"], *strings_in([value for _, value in spec["body"]])]
    return "\n".join(strip_tags(text) for text in texts)


def main():
    setup_django("blogsite.settings.test")
    from home import demo_content
    from search.cjk import index_text
    from search.variants import index_text_with_variants, japanese_words

    texts = [article_text(spec) for spec in demo_content.ARTICLES]
    index_text_with_variants(texts[0])  # loads the dictionary
    surface = variants = 0
    started = time.process_time()
    for _ in range(ROUNDS):
        for text in texts:
            japanese_words.cache_clear()
            tokens = index_text_with_variants(text).split()
            surface_count = len(index_text(text).split())
            surface += surface_count
            variants += len(tokens) - surface_count
    per_article = (time.process_time() - started) / ROUNDS / len(texts) * 1000
    print(f"{len(texts)} demo articles, {sum(map(len, texts)) // len(texts)} characters each")
    print(f"bigram tokens per article: {surface // ROUNDS // len(texts)}")
    print(f"variant tokens per article: {variants // ROUNDS // len(texts)}")
    print(f"CPU per article (bigrams and variants): {per_article:.1f} ms")


if __name__ == "__main__":
    main()
