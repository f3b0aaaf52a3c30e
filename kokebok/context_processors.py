from django.utils import translation

from common.languages import language_links, page_path


def site(request):
    """The language switcher's links (this same page in each language, named in that language)
    and `page_path`, this page's own address for its canonical link (common.languages)."""
    return {
        "language_links": language_links(request),
        "page_path": page_path(request, translation.get_language()),
    }
