"""Reader comments: a proxy over django-comments-xtd's XtdComment (our names, statuses and
admin), the comments waiting for their email confirmation, and the site-wide settings.

Statuses are derived from xtd's fields so nothing can drift out of step:
  published  is_public and not is_removed   (the only ones readers see and counts include)
  pending    not is_public and not is_removed (held for approval)
  hidden     is_removed                     (by a moderator; its replies stay visible)
  spam       is_removed with a "spam" flag  (django-contrib-comments' CommentFlag)
"""

from django.conf import settings
from django.contrib import admin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

SPAM_FLAG = "spam"
# Levels of replies shown nested (WordPress's "thread depth" setting has the same range and
# default). The database keeps every thread whole, whatever this says: see threads.py.
DISPLAY_DEPTH_DEFAULT = 5
DISPLAY_DEPTH_MAX = 10
ARTICLE_MODEL = ("articles", "articlepage")


class Status(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Awaiting approval")
    HIDDEN = "hidden", _("Hidden")
    SPAM = "spam", _("Spam")


class BlogCommentQuerySet(models.QuerySet):
    def on_site(self):
        """Every page's comments: articles', and those imported with fixed pages (固定ページ)."""
        return self.filter(site_id=settings.SITE_ID)

    def on_model(self, app_label, model):
        return self.on_site().filter(content_type__app_label=app_label, content_type__model=model)

    def on_articles(self):
        return self.on_model(*ARTICLE_MODEL)

    def for_page(self, page):
        """An article's comments, or those imported with a fixed page (固定ページ)."""
        meta = page.specific_class._meta
        return self.on_model(meta.app_label, meta.model_name).filter(object_pk=str(page.pk))

    def visible(self):
        return self.filter(is_public=True, is_removed=False)

    def with_spam_flag(self):
        spam = CommentFlag.objects.filter(comment=OuterRef("pk"), flag=SPAM_FLAG)
        return self.annotate(is_spam=Exists(spam))

    def with_status(self, status):
        if status == Status.PUBLISHED:
            return self.visible()
        if status == Status.PENDING:
            return self.filter(is_public=False, is_removed=False)
        spam = Q(flags__flag=SPAM_FLAG)
        if status == Status.SPAM:
            return self.filter(spam, is_removed=True).distinct()
        if status == Status.HIDDEN:
            return self.filter(is_removed=True).exclude(spam)
        return self


class BlogComment(XtdComment):
    """An XtdComment seen through our own model: its own admin permissions, Japanese names,
    and helpers. Saving through the proxy also keeps xtd's pre_save receiver (connected to
    XtdComment only) from re-publishing every reply when a comment is approved."""

    objects = BlogCommentQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.user_name}: {self.excerpt}"

    @property
    @admin.display(description=pgettext_lazy("comment form", "Comment"))
    def excerpt(self):
        return Truncator(" ".join(self.comment.split())).chars(60)

    @property
    def status(self):
        if not self.is_removed:
            return Status.PUBLISHED if self.is_public else Status.PENDING
        is_spam = getattr(self, "is_spam", None)
        if is_spam is None:  # not annotated: one query
            is_spam = self.flags.filter(flag=SPAM_FLAG).exists()
        return Status.SPAM if is_spam else Status.HIDDEN

    def get_status_display(self):
        return self.status.label

    @property
    def is_visible(self):
        return self.is_public and not self.is_removed

    @property
    def article(self):
        return self.content_object

    def get_absolute_url(self):
        """The comment's permalink: its anchor on the article page."""
        article = self.content_object
        url = article.get_url() if article is not None else None
        return f"{url}#c{self.pk}" if url else None


class PendingComment(models.Model):
    """A reader's comment waiting for them to follow the link in the confirmation email.

    The link carries only this row's signed id (with its timestamp, for expiry), so links stay
    short whatever the comment's length; `confirmed_at` makes a reused link harmless.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    reply_to = models.PositiveIntegerField(default=0)
    user_name = models.CharField(max_length=50)
    user_email = models.EmailField()
    user_url = models.URLField(blank=True)
    comment = models.TextField()
    followup = models.BooleanField(default=False)
    ip_address = models.GenericIPAddressField(unpack_ipv4=True, null=True, blank=True)
    submit_date = models.DateTimeField(auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    published_comment = models.ForeignKey(
        BlogComment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("comment awaiting email confirmation")
        verbose_name_plural = _("comments awaiting email confirmation")

    def __str__(self):
        return f"{self.user_name} <{self.user_email}>"


@register_setting(icon="comment")
class CommentSettings(BaseGenericSetting):
    close_after_days = models.PositiveIntegerField(
        _("close comments after (days)"),
        default=0,
        help_text=_(
            "Comments on an article close this many days after it was first published. "
            "0 keeps them open. Existing comments stay visible."
        ),
    )
    hold_first_comments = models.BooleanField(
        _("approve first-time commenters"),
        default=False,
        help_text=_(
            "A reader's first comment waits for your approval; once one of their comments "
            "has been published, their next ones appear at once."
        ),
    )

    display_depth = models.PositiveSmallIntegerField(
        _("levels of replies shown"),
        default=DISPLAY_DEPTH_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(DISPLAY_DEPTH_MAX)],
        help_text=_(
            "How many levels a conversation is shown nested, the comment itself included "
            "(1–10). Deeper replies are shown at the last level with the name of the person "
            "they answer; they are never moved to another comment."
        ),
    )

    panels = [
        FieldPanel("close_after_days"),
        FieldPanel("hold_first_comments"),
        FieldPanel("display_depth"),
    ]

    class Meta:
        verbose_name = _("comment settings")

    @classmethod
    def for_page(cls, page):
        """The settings, read once for a page object: showing an article asks for them twice
        (whether comments are open, how many levels to show)."""
        loaded = getattr(page, "comment_settings", None)
        if loaded is None:
            loaded = page.comment_settings = cls.load()
        return loaded


class CommentHTML(models.Model):
    """A comment's text as the threads show it (comments/text.py), rendered when the comment is
    saved instead of on every view (issue #13). `source_digest` names the text and the
    rendering it was made from, so a text changed without save() or a new rendering is never
    shown from here: comments/stored_html.py renders it again."""

    comment = models.OneToOneField(
        BlogComment, primary_key=True, on_delete=models.CASCADE, related_name="stored_html"
    )
    source_digest = models.CharField(max_length=32)
    html = models.TextField()

    class Meta:
        verbose_name = _("comment as HTML")
        verbose_name_plural = _("comments as HTML")

    def __str__(self):
        return str(self.comment_id)
