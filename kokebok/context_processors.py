from django.conf import settings
from django.urls import translate_url

# Each language named in itself, as people look for it in a switcher. Django's own local
# names ("norsk (bokmål)", "norsk (nynorsk)") are longer and do not say which is which at a glance.
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}


def site(request):
    """The language switcher's links: this same page in each language, named in that language."""
    path = request.get_full_path()
    return {
        "language_links": [
            {"code": code, "name": LANGUAGE_NAMES.get(code, name), "url": translate_url(path, code)}
            for code, name in settings.LANGUAGES
        ],
    }
