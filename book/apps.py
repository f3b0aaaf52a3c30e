from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class BookConfig(AppConfig):
    name = "book"
    verbose_name = _("The book")

    def ready(self):
        from book.services import enqueue_rebuild, schedule_rebuild
        from common.announcements import public_content_changed
        from participation.models import Input, Tool
        from submissions.models import Theme

        # Once after each transaction that changed what readers see.
        public_content_changed.connect(enqueue_rebuild, dispatch_uid="book.enqueue_rebuild")
        # Chapter names and order, and the toolbox, are printed too.
        for model in (Theme, Tool):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                uid = f"book.schedule_rebuild.{model.__name__}.{name}"
                signal.connect(schedule_rebuild, sender=model, dispatch_uid=uid)
        # The readers' input chapter: approving, answering and un-approving input send
        # public_content_changed (participation's admin and services); a deletion rebuilds however
        # it happens (the admin, or with its case), as for tools.
        post_delete.connect(
            schedule_rebuild, sender=Input, dispatch_uid="book.schedule_rebuild.Input.deleted"
        )
