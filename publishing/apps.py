from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from publishing.cache import bump_generation
        from publishing.services import refresh_search_document
        from submissions.signals import public_content_changed

        public_content_changed.connect(bump_generation, dispatch_uid="publishing.bump_generation")
        public_content_changed.connect(
            refresh_search_document, dispatch_uid="publishing.refresh_search_document"
        )
