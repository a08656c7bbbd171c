"""Search and reference index updates during a WordPress import: once per page, not once per
save. Wagtail updates both indexes on every save of a page, and importing a post saves it
three times (created, its revision recorded, published); the search index, with its Japanese
bigrams of the whole body, cost a quarter of the import's time.

Uses public parts only: Django's signal disconnect/connect for modelsearch's own receiver
(as Wagtail does for its reference index), Wagtail's disable_reference_index_auto_update(),
and the functions the index tasks call. tests/test_import_wordpress_site.py checks that the
receiver was found (an upgrade that renames it fails there) and that the pages are indexed.
"""

from contextlib import contextmanager

from django.db.models.signals import post_save

from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from modelsearch import index
from modelsearch.signal_handlers import post_save_signal_handler


@contextmanager
def one_index_update_per_page(models):
    """Inside: saving pages of `models` updates neither index (call update_indexes()).
    Yields whether the search receiver was found on every model."""
    disconnected = [m for m in models if post_save.disconnect(post_save_signal_handler, sender=m)]
    try:
        with disable_reference_index_auto_update():
            yield len(disconnected) == len(models)
    finally:
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


def update_indexes(page):
    """What the index tasks do after a save, once, with the page as it is now stored."""
    stored = type(page).objects.get(pk=page.pk)
    index.insert_or_update_object(stored)
    ReferenceIndex.create_or_update_for_object(stored)
