"""The editors' pages in the editor's language.

The public site takes its language from the address (Bokmål at /, /nn/, /en/: i18n_patterns
without a prefix for the default), and Django's LocaleMiddleware therefore gives every address
without a prefix the default language. The admin has no prefix, so it was always in Bokmål,
whatever the editor chose or their browser asked for. Here an admin page gets the editor's
choice (the language cookie, set by the admin's language buttons through Django's
set_language) or, without one, their browser's language; Bokmål when neither is ours.
"""

from django.urls import reverse
from django.utils import translation


class EditorLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(reverse("admin:index")):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
