from django.db import models
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """A word of the published articles, with its normalised form and reading: the index's own
    vocabulary, for 「もしかして」 suggestions and for highlighting the spelling an article uses
    (search/vocabulary.py). Filled when an article is saved; bounded by the site's own words."""

    surface = models.CharField(_("word"), max_length=32, unique=True)
    normalized = models.CharField(_("normalised form"), max_length=32, db_index=True)
    reading = models.CharField(_("reading"), max_length=32, db_index=True)
    length = models.PositiveSmallIntegerField(_("length of the reading"), db_index=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self):
        return self.surface
