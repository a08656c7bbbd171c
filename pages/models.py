"""Fixed pages (固定ページ: profile, privacy policy) and the contact page (お問い合わせ)."""

from django.db import models
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.fields import StreamField
from wagtail.models import Page

from modelcluster.fields import ParentalKey

from articles.blocks import ArticleBodyBlock
from articles.outline import heading_anchors
from articles.rendered import block_types
from caching import scopes
from comments.threads import comment_tree

from .forms import GuardedContactForm
from .spam import over_limit_and_count

RATE_LIMITED_MESSAGE = _(
    "You have sent several messages in a short time. Please wait a few minutes and send "
    "this one again: what you wrote is kept below."
)


class StandardPage(Page):
    lead = models.TextField(_("lead"), blank=True, max_length=400)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("fixed page")

    # Readers comment on articles; a fixed page shows the comments imported with it (from a
    # WordPress 固定ページ), threaded as on an article, and takes no new ones.
    accepts_comments = False

    @cached_property
    def comment_threads(self):
        return comment_tree(self, replies_open=False)

    def get_context(self, request, *args, **kwargs):
        # A comment changed on it (hidden by an editor) renews this scope (caching/signals.py).
        scopes.depends_on(request, scopes.LISTS, scopes.article(self.pk))
        return super().get_context(request, *args, **kwargs)

    def heading_anchors(self):
        return heading_anchors(self.body)

    def block_types(self):
        return block_types(self.body)


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(AbstractEmailForm):
    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    thank_you_text = models.TextField(
        _("thank-you message"),
        blank=True,
        max_length=1000,
        help_text=_("Shown after a message was sent."),
    )

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Email"),
        ),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("contact page")

    def get_form_class(self):
        fields = FormBuilder(self.get_form_fields()).formfields
        return type("ContactForm", (GuardedContactForm,), fields)

    def serve(self, request, *args, **kwargs):
        """Wagtail's form flow with the rate limit in front of it. Never cached: the form
        carries this reader's CSRF token."""
        status = 200
        if request.method != "POST":
            form = self.get_form(page=self, user=request.user)
        else:
            form = self.get_form(request.POST, page=self, user=request.user)
            if form.is_valid() and over_limit_and_count(request):
                form.add_error(None, RATE_LIMITED_MESSAGE)
                status = 429
            elif form.is_valid():
                submission = self.process_form_submission(form)
                response = self.render_landing_page(request, submission, *args, **kwargs)
                add_never_cache_headers(response)
                return response
        context = self.get_context(request)
        context["form"] = form
        response = TemplateResponse(request, self.get_template(request), context, status=status)
        add_never_cache_headers(response)
        return response
