from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from articles.models import live_articles, paginate

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """Collapse white space and control characters; cut queries nobody types by hand."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    query = " ".join(printable.split())
    return query[:MAX_QUERY_LENGTH], len(query) > MAX_QUERY_LENGTH


def search(request):
    query, truncated = clean_query(request.GET.get("query", ""))
    results = None
    if query:
        results = paginate(request, live_articles().search(query))
    notice = (
        _("Your search was too long, so only the first %(count)s characters were used.")
        % {"count": MAX_QUERY_LENGTH}
        if truncated
        else ""
    )
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "results": results, "notice": notice},
    )
