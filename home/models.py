from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from articles.models import live_articles, paginate


class HomePage(Page):
    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=1000,
        help_text=_("A few words of welcome shown above the latest articles."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.ArticleIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(request, live_articles().descendant_of(self))
        return context
