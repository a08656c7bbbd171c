from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from articles.feeds import LatestArticlesFeed
from home.views import robots_txt
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    # Our comment views only: xtd's urls.py would also mount its REST API at /comments/api/.
    path("comments/", include("comments.urls")),
    path("sitemap.xml", sitemap),
    path("robots.txt", robots_txt),
    path("feed/", LatestArticlesFeed(), name="feed"),
    # The language switch sits in pages shared through the cache, so it carries no CSRF
    # token; a forged post could only change the reader's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("views/", include("popularity.urls")),
    path("share/", include("sharing.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# A static page that never touches the database (and the 503 page when the database is down).
handler500 = "security.outage.server_error"
