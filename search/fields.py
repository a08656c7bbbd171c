"""Search fields whose text goes through the CJK bigram analyser (search/cjk.py) on its way
into Wagtail's search index; the database backend (search/backends.py) analyses queries the
same way. Use them in `search_fields` in place of index.SearchField / index.AutocompleteField.

The field name is kept ("title", "lead", "body"), so the backend still treats the title as the
title (its own column and rank on both SQLite and PostgreSQL) and `boost` works as usual.
"""

from django.core.exceptions import FieldDoesNotExist

from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.search import index

from .cjk import index_text


def block_text(block, value):
    """The words an author wrote in one block, in reading order.

    Wagtail's own get_searchable_content() also returns the label of every choice, so each
    article with a heading would be found by the words of "Heading (large)" in the admin's
    language; choices are presentation, not content, and are left out here.
    """
    if value is None or isinstance(block, blocks.ChoiceBlock | blocks.BooleanBlock):
        return []
    if isinstance(block, blocks.StructBlock):
        return [
            text
            for name, child in block.child_blocks.items()
            for text in block_text(child, value.get(name))
        ]
    if isinstance(block, blocks.ListBlock):
        return [text for item in value for text in block_text(block.child_block, item)]
    if isinstance(block, blocks.StreamBlock):
        return [text for child in value for text in block_text(child.block, child.value)]
    return [str(text) for text in block.get_searchable_content(value) if text]


def stream_text(stream_value):
    """All the words of a StreamField value as plain text, one block per line."""
    return "\n".join(
        text for child in stream_value for text in block_text(child.block, child.value)
    )


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(_as_text(item) for item in value)
    return str(value)


class BigramFieldMixin:
    def get_value(self, obj):
        try:
            model_field = self.get_field(obj.__class__)
        except FieldDoesNotExist:
            model_field = None
        if isinstance(model_field, StreamField):
            text = stream_text(model_field.value_from_object(obj))
        else:
            text = _as_text(super().get_value(obj))
        return index_text(text)


class BigramSearchField(BigramFieldMixin, index.SearchField):
    pass


class BigramAutocompleteField(BigramFieldMixin, index.AutocompleteField):
    pass
