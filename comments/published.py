"""「コメントを公開しました」: after a reader confirms a comment (or a signed-in reader posts one),
they land on the article at their comment, with a notice there that it is now public.

The redirect names the comment in the query string (?published=<id>): a page with a query
parameter the page cache does not know is rendered for that reader and never stored
(caching/middleware.py, and Varnish, which stores only what the middleware marks shareable),
so no other reader gets the notice. An id that is not a visible comment of the page shows
nothing."""

PARAMETER = "published"
MAX_DIGITS = 18  # a bigint; longer input is not an id


def published_url(comment):
    """The comment's place on its article, with the notice."""
    url, _, anchor = (comment.get_absolute_url() or "").partition("#")
    return f"{url}?{PARAMETER}={comment.pk}#{anchor}" if url else url


def published_comment_id(request):
    raw = request.GET.get(PARAMETER, "") if request is not None else ""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= MAX_DIGITS else None
