"""Wagtail's database search backend, with queries analysed like the indexed text (CJK bigrams).

Set in WAGTAILSEARCH_BACKENDS as {"BACKEND": "search.backends"}. Everything that searches
through Wagtail gets it: the public search, the admin's page search (autocomplete), choosers.
Indexing is unchanged; the fields in search/fields.py turn the text into bigrams.

Each query word that contains kana or kanji becomes "the word as typed" OR "all the bigrams of
one of its forms" (as typed, kana-folded, normalised, read: search/variants.py): the first
keeps Wagtail's old behaviour for models indexed without bigrams (a whole image title typed in
full still finds the image), the others find words inside Japanese sentences, however the
article spells them.
"""

import functools

from wagtail.search.backends import database

from modelsearch.backends.base import EmptySearchResults
from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText

from .cjk import clean, has_cjk, is_lone_kana, query_text
from .variants import query_forms

# Nobody types more. The limits bound the SQL built from pasted text (the admin's search has
# no length limit): Wagtail's compilers nest one level per term and hit Python's recursion
# limit at a few hundred terms. 32 bigrams still pin a word down.
MAX_QUERY_CHARS = 1000
MAX_WORDS = 16
MAX_BIGRAMS_PER_WORD = 32
MAX_WORD_CHARS = 64  # what the analyser sees of one word


def _bigrams(word):
    return " ".join(list(dict.fromkeys(query_text(word).split()))[:MAX_BIGRAMS_PER_WORD])


def _word_query(word):
    if not has_cjk(word):
        # A loanword typed in Latin letters also finds its katakana (server → サーバー).
        forms = query_forms(word[:MAX_WORD_CHARS]) if word.isalpha() else []
        if not forms:
            return PlainText(word)
        return Or([PlainText(text, operator="and") for text in [word, *forms]])
    # The word as typed (Wagtail's old behaviour for models indexed without bigrams), its
    # bigrams, then its other forms (search/variants.py): any one of them found is enough, but
    # all the bigrams or tokens of that one, whatever operator joins the words.
    forms = query_forms(word[:MAX_WORD_CHARS])
    alternatives = dict.fromkeys([word, _bigrams(word), *forms])
    return Or([PlainText(text, operator="and") for text in alternatives if text])


def _words_query(text, operator):
    words = clean(text[:MAX_QUERY_CHARS]).split()[:MAX_WORDS]
    # A "word" without a letter or digit (!!!, ---) matches nothing and upsets FTS5; a particle
    # typed alone between words (時間管理 を 学ぶ) is left out, as it is inside a word.
    parts = [
        _word_query(word)
        for word in words
        if any(char.isalnum() for char in word) and not is_lone_kana(word)
    ]
    return _combine(parts, And if operator == "and" else Or)


def _combine(parts, combinator):
    parts = [part for part in parts if part is not None]
    if len(parts) <= 1:
        return parts[0] if parts else None
    return combinator(parts)


def analyse_query(query, operator="and"):
    """Rewrite a query (a string or a tree of Wagtail query objects) for the bigram index.

    Returns None when nothing is left to search for (only punctuation, say).
    """
    if isinstance(query, str):
        return _words_query(query, operator)
    if isinstance(query, PlainText):
        return _words_query(query.query_string, query.operator)
    if isinstance(query, Phrase):
        # Bigram positions are not reliable in long texts, so a phrase is matched as words.
        return _words_query(query.query_string, "and")
    if isinstance(query, Fuzzy):
        text = " ".join(clean(query.query_string[:MAX_QUERY_CHARS]).split())
        return Fuzzy(text, query.operator, query.unaccent) if text else None
    if isinstance(query, And | Or):
        return _combine([analyse_query(sub, operator) for sub in query.subqueries], type(query))
    if isinstance(query, Not):
        subquery = analyse_query(query.subquery, operator)
        return Not(subquery) if subquery is not None else None
    if isinstance(query, Boost):
        subquery = analyse_query(query.subquery, operator)
        return Boost(subquery, query.boost) if subquery is not None else None
    return query  # MatchAll, and query classes this module does not know: unchanged


class CJKQueryMixin:
    """Analyses the query of search() and autocomplete() before the backend compiles it."""

    def search_whole_tokens(self, tokens, model_or_queryset):
        """The objects whose index holds any of these tokens as they are, not analysed (the
        pair tokens of search/variants.py)."""
        query = PlainText(" ".join(tokens), operator="or")
        return super().search(query, model_or_queryset, order_by_relevance=False)

    def _analysed(self, run, compiler_class, query, model_or_queryset, kwargs):
        operator = kwargs.get("operator") or getattr(compiler_class, "DEFAULT_OPERATOR", "and")
        analysed = analyse_query(query, operator.lower())
        if analysed is None:
            return EmptySearchResults()
        return run(analysed, model_or_queryset, **kwargs)

    def search(self, query, model_or_queryset, **kwargs):
        return self._analysed(
            super().search, self.query_compiler_class, query, model_or_queryset, kwargs
        )

    def autocomplete(self, query, model_or_queryset, **kwargs):
        return self._analysed(
            super().autocomplete,
            self.autocomplete_query_compiler_class,
            query,
            model_or_queryset,
            kwargs,
        )


@functools.cache
def _with_cjk_queries(backend_class):
    attributes = {}
    if backend_class.__module__.endswith(".postgres.postgres"):
        from . import postgres  # imported only here: it needs PostgreSQL's IndexEntry model

        attributes = {
            "query_compiler_class": postgres.SearchQueryCompiler,
            "autocomplete_query_compiler_class": postgres.AutocompleteQueryCompiler,
        }
    return type(f"CJK{backend_class.__name__}", (CJKQueryMixin, backend_class), attributes)


def SearchBackend(params):
    """The database backend Wagtail would pick for the default database (PostgreSQL, SQLite
    FTS5, MySQL or the fallback), with the CJK query analysis mixed in."""
    return _with_cjk_queries(type(database.SearchBackend(params)))(params)
