from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

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
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# A static page that never touches the database (and the 503 page when the database is down).
handler500 = "security.outage.server_error"
