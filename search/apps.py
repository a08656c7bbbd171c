from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def record_vocabulary(sender, instance, update_fields=None, **kwargs):
    """The words of a published object indexed with our fields go into the vocabulary, like
    Wagtail's own post_save handler puts its text into the index. A save of some fields only
    (save_revision() of a draft: the instance holds the draft's text) adds nothing."""
    from .fields import plain_texts
    from .vocabulary import record_words

    if update_fields is not None or not hasattr(instance, "get_search_fields"):
        return
    if getattr(instance, "live", True):
        texts = plain_texts(instance)
        if texts:
            record_words(texts)


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        post_save.connect(record_vocabulary, dispatch_uid="search-vocabulary")
