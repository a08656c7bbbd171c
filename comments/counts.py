"""Comment counts for article querysets, computed by the database in the same query."""

from django.db.models import CharField, Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce

from .models import BlogComment


def comment_count_subquery():
    """An expression for ArticlePage querysets: the number of published comments, so a listing
    shows counts without one query per article. xtd stores the page id as text."""
    visible = (
        BlogComment.objects.on_articles()
        .visible()
        .filter(object_pk=Cast(OuterRef("pk"), CharField()))
        .order_by()
        .values("object_pk")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(visible, output_field=IntegerField()), 0)
