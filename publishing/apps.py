from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from common.announcements import public_case_changed, public_content_changed
        from publishing.cache import bump_generation
        from publishing.services import refresh_search_document

        # Inside the writer's transaction: the document commits with the change it indexes.
        public_case_changed.connect(
            refresh_search_document, dispatch_uid="publishing.refresh_search_document"
        )
        # After the commit: a new generation must not be visible before the new content is.
        public_content_changed.connect(bump_generation, dispatch_uid="publishing.bump_generation")
