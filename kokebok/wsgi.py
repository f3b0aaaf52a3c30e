import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokebok.settings")

# Django first: the gate's imports need the apps loaded.
django_application = get_wsgi_application()

from publishing.search_gate import SearchGate  # noqa: E402

application = SearchGate(django_application)
