from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublisherConfig(AppConfig):
    """Who publishes: the publisher's identity and the privacy notice. Imports only `common`, so
    every other app may read it."""

    name = "publisher"
    verbose_name = _("Publisher")

    def ready(self):
        from django.core.signals import request_started

        from publisher.accessor import forget

        # `current()` is read once per request: a request never mixes two publishers.
        request_started.connect(forget, dispatch_uid="publisher.forget")
