"""Whether an article has any comment row at all (published, hidden or awaiting approval),
kept on the article (ArticlePage.has_comment_rows) so that the page of an article nobody has
commented on skips the threads' query (about a tenth of a short article's view).

One rule keeps it true: every write that can change it ends with `recount()`, one statement
that asks the comment table itself, taken after a lock on the article's row. So it is never a
counter added to and taken from (which drifts), and two writers at once cannot leave it
stale: the later one waits for the other's commit, then sees its comment. None means "not
known" and is always safe: the threads are read as before. Writers:

- a comment saved or deleted, through our proxy or xtd's class (signals below), imports too;
- an article saved: a published revision may carry an old value, so it is set to None before
  the save and counted after it (the count then sees every comment already there);
- rows written in bulk without signals (the bench generator) call recount() themselves.

Approving, hiding or marking as spam (queryset.update in moderation.py) changes no row's
existence, so it needs nothing here."""

from django.apps import apps
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast

from .models import ARTICLE_MODEL, BlogComment

FIELD = "has_comment_rows"


def recount(article_ids):
    """Set the fact from the comment table for these articles (ids as int or text)."""
    ids = [int(pk) for pk in article_ids if str(pk).isdigit()]
    if not ids:
        return
    rows = (
        BlogComment.objects.on_articles()
        .filter(object_pk=Cast(OuterRef("pk"), CharField()))
        .order_by()
    )
    articles = apps.get_model(*ARTICLE_MODEL).objects.filter(pk__in=ids)
    with transaction.atomic():
        # The lock first: the update below starts after any other writer of these rows has
        # committed, so it sees their comments (PostgreSQL; SQLite writes one at a time).
        list(articles.select_for_update().values_list("pk", flat=True))
        articles.update(**{FIELD: Exists(rows)})


def has_no_comment_rows(article):
    """True only when the article's row says so; unknown (None: a page made from a revision,
    or one being saved) is not no."""
    return getattr(article, FIELD, None) is False


def comment_written(sender, instance, raw=False, **kwargs):
    if not raw:
        recount([instance.object_pk])


def article_before_save(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or FIELD in update_fields:
        setattr(instance, FIELD, None)


def article_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and (update_fields is None or FIELD in update_fields):
        recount([instance.pk])
