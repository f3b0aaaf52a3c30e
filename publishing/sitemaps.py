"""sitemap.xml: every public page in each language, with links between the language versions."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from publishing import selectors
from recipes.selectors import published_recipes
from submissions.models import Theme


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    # The canonical host (SITE_URL), never the request's Host and scheme: the sitemap is cached,
    # and would otherwise keep whichever came first.
    def get_domain(self, site=None):
        parts = urlsplit(settings.SITE_URL)
        return parts.netloc + parts.path

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


class CaseSitemap(PublicSitemap):
    def items(self):
        return selectors.order_cases(selectors.published_cases(), "oldest").only(
            "slug", "updated_at"
        )

    def location(self, case):
        return reverse("publishing:case", args=[case.slug])

    def lastmod(self, case):
        return case.updated_at


class ThemeSitemap(PublicSitemap):
    def items(self):
        return Theme.objects.only("slug")

    def location(self, theme):
        return reverse("publishing:theme", args=[theme.slug])


class RecipeSitemap(PublicSitemap):
    def items(self):
        return published_recipes()

    def location(self, recipe):
        return reverse("publishing:recipe", args=[recipe.slug])

    def lastmod(self, recipe):
        return recipe.updated_at


class PageSitemap(PublicSitemap):
    def items(self):
        return [
            "publishing:home",
            "publishing:case_list",
            "publishing:themes",
            "publishing:recipes",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "themes": ThemeSitemap,
    "recipes": RecipeSitemap,
    "cases": CaseSitemap,
}
