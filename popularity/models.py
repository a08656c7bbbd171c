from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyViews(models.Model):
    """How often a page was read on one day (site time). Nothing about the reader is kept."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="one_count_per_day")]
        indexes = [models.Index(fields=["day", "page"])]

    def __str__(self):
        return f"{self.page_id} {self.day}: {self.views}"
