from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal.api import api_router
from portal.graphql.views import graphql_view
from portal.views import home, page_preview

urlpatterns = [
    path("", home, name="home"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("graphql/", graphql_view, name="graphql"),
    path("account/", include("club.urls")),
    path("events/", include("events.urls")),
    path("service/", include("service.urls")),
    path("payments/", include("payments.urls")),
    path("newsletters/", include("newsletters.urls")),
    path("anymail/", include("anymail.urls")),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap),
    path("preview/", page_preview, name="page_preview"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's documented multilingual setup: each locale's pages under its language prefix
# (/zh-hans/pages/..., /en/pages/...), so a page and its translation never share a URL.
# Both languages are prefixed so that LocaleMiddleware keeps reading Accept-Language for
# every other URL (the API); an unprefixed /pages/... redirects to the visitor's language.
urlpatterns += i18n_patterns(path("pages/", include(wagtail_urls)))
