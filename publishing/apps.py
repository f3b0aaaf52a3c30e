from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from django.db.models.signals import post_migrate

        from common.announcements import public_case_changed, public_content_changed
        from publishing.cache import bump_generation
        from publishing.services import refresh_search_document, refresh_stale_search_documents

        # Inside the writer's transaction: the document commits with the change it indexes.
        public_case_changed.connect(
            refresh_search_document, dispatch_uid="publishing.refresh_search_document"
        )
        # After the commit: a new generation must not be visible before the new content is.
        public_content_changed.connect(bump_generation, dispatch_uid="publishing.bump_generation")
        # Documents a migration left without vectors (publishing.0004) are rebuilt at once.
        post_migrate.connect(
            refresh_stale_search_documents,
            sender=self,
            dispatch_uid="publishing.refresh_stale_search_documents",
        )
