from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from book.urls import case_pdf_patterns
from kokebok.errors import page_not_found
from kokebok.health import health
from kokebok.request_limits import bad_request
from publisher import views as publisher_views
from publishing.cache import cache_public_page
from publishing.sitemaps import SITEMAPS
from publishing.views import robots_txt

# Error pages in the page's language: a body too large to read gets the 413 page
# (kokebok/request_limits.py); a 404 links to the front pages, never to the address asked for.
handler400 = bad_request
handler404 = page_not_found

urlpatterns = [
    path("admin/", admin.site.urls),
    # One sitemap for all languages (each page is listed in each language).
    path("sitemap.xml", cache_public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # For the load balancer and the monitoring: one address in every language.
    path("helse/", health, name="health"),
    path("utgiver/logo/<str:name>", publisher_views.logo, name="publisher_logo"),
    # The PDF book: /kokebok.pdf and /kokebok/<edition>.pdf, the same in every language.
    path("", include("book.urls")),
]

# Bokmål at the plain address, /nn/ and /en/ for the others: every page has a stable address
# per language, which the language switcher links to.
urlpatterns += i18n_patterns(
    path("personvern/", publisher_views.privacy_notice, name="privacy"),
    path(
        "tilgjengelighet/",
        TemplateView.as_view(template_name="accessibility.html"),
        name="accessibility",
    ),
    *case_pdf_patterns,
    path("", include("publishing.urls")),
    path("", include("submissions.urls")),
    path("", include("participation.urls")),
    prefix_default_language=False,
)
