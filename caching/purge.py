"""The reverse proxy (Varnish, WAGTAILFRONTENDCACHE) purged by the same rule as the page cache,
through Wagtail's frontend cache API: a changed article purges its page and the listing pages
that show its card (the home page, the article list, its tag, author and month pages: every
?page= of them, see deploy/varnish/default.vcl); a change of `site`, `lists` or a tag (a
publication, settings) purges the whole site, with one request to PURGE_ALL_PATH."""

from urllib.parse import urljoin

from django.conf import settings

PURGE_ALL_PATH = "/.purge-all"


def purge_scopes(scopes):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
    from wagtail.models import Site

    if any(not scope.startswith("article:") for scope in scopes):
        urls = [site.root_url + PURGE_ALL_PATH for site in Site.objects.all()]
    else:
        ids = [int(scope.split(":", 1)[1]) for scope in scopes]
        urls = article_urls(ids)
    if urls:
        purge_urls_from_cache(sorted(set(urls)))


def article_urls(ids):
    """Each article's address and those of the listings that show its card."""
    from articles.models import ArticlePage

    urls = []
    for article in ArticlePage.objects.filter(pk__in=ids).prefetch_related("tags"):
        full_url = article.get_full_url()
        if not full_url:
            continue
        urls.append(full_url)
        urls.extend(listing_urls(article))
    return urls


def listing_urls(article):
    index = article.index_page
    found = ["/"]
    if hasattr(index, "tag_url"):
        found.append(index.url)
        found += [index.tag_url(tag) for tag in article.tags.all()]
        if article.author:
            found.append(index.author_url(article.author))
        if article.first_published_at:
            found.append(index.month_url(article.first_published_at))
    root = article.get_site().root_url + "/"
    return [urljoin(root, url) for url in found]  # page URLs are relative on a single site
