"""What a WordPress import created, so that running it again updates instead of duplicating.

Keyed by the WordPress site (its base URL from the export) and the WordPress id, because two
blogs imported into one site can both have a post 12.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedPost(models.Model):
    source = models.CharField(_("WordPress site"), max_length=255)
    wp_id = models.PositiveBigIntegerField(_("WordPress post id"))
    # Deleting the page forgets the import: a later run imports the post afresh.
    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="wordpress_import"
    )
    # A digest of the post as exported: unchanged posts are not given a new revision.
    digest = models.CharField(max_length=64)
    # The revision the import saved: when the page has a newer one, someone edited it here
    # and a new run leaves it alone.
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress post")
        verbose_name_plural = _("imported WordPress posts")
        constraints = [
            models.UniqueConstraint(fields=["source", "wp_id"], name="imports_unique_post")
        ]

    def __str__(self):
        return f"{self.source} #{self.wp_id}"


class ImportedComment(models.Model):
    source = models.CharField(_("WordPress site"), max_length=255)
    wp_id = models.PositiveBigIntegerField(_("WordPress comment id"))
    # Kept (as null) when a moderator deletes the comment here, so it is not imported again.
    comment = models.ForeignKey(
        "django_comments_xtd.XtdComment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("imported WordPress comment")
        verbose_name_plural = _("imported WordPress comments")
        constraints = [
            models.UniqueConstraint(fields=["source", "wp_id"], name="imports_unique_comment")
        ]

    def __str__(self):
        return f"{self.source} comment #{self.wp_id}"
