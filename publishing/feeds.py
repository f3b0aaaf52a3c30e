"""Atom and RSS feeds of the newest published cases, in the language of the address."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

import publisher
from publishing import selectors
from publishing.markdown import render_markdown

FEED_SIZE = 20


def _on_site(viewname: str, *args) -> str:
    """The address on the canonical host (SITE_URL): Django would take the request's Host and
    scheme, and the cached feed would keep whichever came first."""
    return settings.SITE_URL + reverse(viewname, args=args)


class NewCasesAtomFeed(Feed):
    feed_type = Atom1Feed
    view_name = "publishing:feed"

    def title(self):
        return _("%(service)s: new examples") % {
            "service": publisher.current().display_service_name
        }

    description = _(
        "New examples of collaboration between municipalities and social entrepreneurs."
    )
    subtitle = description

    def link(self):
        return _on_site("publishing:case_list")

    def feed_url(self):
        return _on_site(self.view_name)

    # Atom (RFC 4287, 4.1.1) needs an author for the feed or for every entry.

    def author_name(self):
        return publisher.current().display_name

    def items(self):
        cases = selectors.order_cases(selectors.published_cases(), "newest")
        return cases.select_related("main_theme").prefetch_related("themes")[:FEED_SIZE]

    def item_title(self, case):
        # Feed readers show titles as HTML (Django's own default escapes them too).
        return escape(case.title)

    def item_description(self, case):
        return render_markdown(case.summary)

    def item_link(self, case):
        return _on_site("publishing:case", case.slug)

    def item_guid(self, case):
        # Stays the same when the case's address changes.
        return f"urn:uuid:{case.public_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, case):
        return case.published_at

    def item_updateddate(self, case):
        return case.updated_at

    def item_categories(self, case):
        return [theme.display_name for theme in selectors.themes_of(case)]


class NewCasesRssFeed(NewCasesAtomFeed):
    feed_type = Rss201rev2Feed
    view_name = "publishing:feed_rss"
