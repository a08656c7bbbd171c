from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page, Site

import nh3

from articles.models import article_listing, paginate

from . import sponsor


class HomePage(Page):
    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=1000,
        help_text=_("A few words of welcome shown above the latest articles."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.ArticleIndexPage", "pages.StandardPage", "pages.ContactPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    @classmethod
    def site_root(cls):
        """The home page, created (with the default site pointing at it) if it is missing,
        e.g. in a database that was flushed after the data migration ran."""
        home = cls.objects.first()
        if home is None:
            home = Page.get_first_root_node().add_child(
                instance=cls(title=settings.WAGTAIL_SITE_NAME, slug="home")
            )
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={"root_page": home, "site_name": settings.WAGTAIL_SITE_NAME},
            )
        return home

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = article_listing().descendant_of(self)
        context["articles"] = paginate(request, articles, pinned_first=True)
        return context


SPONSOR_POSITIONS = [
    ("none", _("Nowhere (switched off)")),
    ("top", _("Under the lead, before the article")),
    ("middle", _("In the middle of the article, before a heading")),
    ("end", _("At the end of the article")),
]

SPONSOR_ALLOWED_TAGS = {"a", "img", "p", "span", "div", "strong", "em", "b", "i", "br", "small"}
SPONSOR_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
}


def sanitise_sponsor_html(html):
    """Advertisers' snippets: keep markup for text, links and images; drop scripts, styles,
    event handlers and iframes. Links are marked as paid (rel=sponsored)."""
    return nh3.clean(
        html or "",
        tags=SPONSOR_ALLOWED_TAGS,
        attributes=SPONSOR_ALLOWED_ATTRIBUTES,
        link_rel="sponsored noopener",
        url_schemes={"http", "https"},
    )


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    tagline = models.CharField(
        _("tagline"),
        max_length=140,
        blank=True,
        help_text=_("One line under the site name, also used as the description of the home page."),
    )
    footer_text = models.TextField(
        _("footer text"),
        blank=True,
        max_length=500,
        help_text=_("A short note shown at the bottom of every page, e.g. a copyright line."),
    )
    x_account = models.CharField(
        _("X (Twitter) account"),
        max_length=50,
        blank=True,
        help_text=_("Without the @, e.g. kotonoha_tech. Used in link previews and the footer."),
    )
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    github_url = models.URLField(_("GitHub"), blank=True)
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("default image for link previews"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when a page without its own main image is shared (1200×630 is best)."),
    )
    sponsor_position = models.CharField(
        _("where the sponsored slot appears"),
        max_length=10,
        choices=SPONSOR_POSITIONS,
        default="none",
    )
    sponsor_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("sponsor image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sponsor_image_alt = models.CharField(_("sponsor image description"), max_length=200, blank=True)
    sponsor_link = models.URLField(_("sponsor link"), blank=True)
    sponsor_html = models.TextField(
        _("or: sponsor HTML snippet"),
        blank=True,
        max_length=5000,
        help_text=_(
            "Optional, instead of an image and link. Scripts, styles and frames are removed "
            "for the readers' safety."
        ),
    )

    sponsor_origins = models.TextField(
        _("hosts the sponsored slot may load from"),
        blank=True,
        max_length=1000,
        help_text=_(
            "Optional: the ad network's addresses, one per line, e.g. https://ads.example.com "
            "(https only, no path). Pages with the slot may load scripts, images and frames "
            "from these hosts and from nowhere else."
        ),
    )
    sponsor_script = models.URLField(
        _("sponsor script"),
        blank=True,
        help_text=_(
            "Optional: the address of the ad network's script, on one of the hosts above. It "
            "is loaded in the slot only."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("tagline"), FieldPanel("footer_text"), FieldPanel("share_image")],
            heading=_("Site"),
        ),
        MultiFieldPanel(
            [FieldPanel("x_account"), FieldPanel("facebook_url"), FieldPanel("github_url")],
            heading=_("Social accounts"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("sponsor_position"),
                FieldPanel("sponsor_image"),
                FieldPanel("sponsor_image_alt"),
                FieldPanel("sponsor_link"),
                FieldPanel("sponsor_html"),
                FieldPanel("sponsor_origins"),
                FieldPanel("sponsor_script"),
            ],
            heading=_("Sponsored slot (スポンサーリンク)"),
            classname="collapsed",
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    def clean(self):
        super().clean()
        if self.sponsor_position != "none" and not (
            self.sponsor_html or self.sponsor_script or (self.sponsor_image and self.sponsor_link)
        ):
            raise ValidationError(
                _("To show the sponsored slot, add an image and a link, or an HTML snippet.")
            )
        if self.sponsor_image and not self.sponsor_image_alt:
            raise ValidationError({"sponsor_image_alt": _("Describe the sponsor image.")})
        try:
            origins = sponsor.parse_origins(self.sponsor_origins)
        except ValidationError as error:
            raise ValidationError({"sponsor_origins": error.messages}) from error
        if self.sponsor_script and not sponsor.script_allowed(self.sponsor_script, origins):
            raise ValidationError(
                {"sponsor_script": _("The script must be on one of the hosts listed above.")}
            )

    def save(self, *args, **kwargs):
        self.sponsor_html = sanitise_sponsor_html(self.sponsor_html)
        super().save(*args, **kwargs)

    @property
    def sponsor_origin_list(self):
        """The listed origins; a stored value that is no longer valid allows nothing."""
        try:
            return sponsor.parse_origins(self.sponsor_origins)
        except ValidationError:
            return []

    @property
    def sponsor_script_url(self):
        url = self.sponsor_script
        return url if url and sponsor.script_allowed(url, self.sponsor_origin_list) else ""

    @property
    def has_sponsor(self):
        return self.sponsor_position != "none" and bool(
            self.sponsor_html or self.sponsor_script or (self.sponsor_image and self.sponsor_link)
        )
