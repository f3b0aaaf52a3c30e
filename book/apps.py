from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookConfig(AppConfig):
    name = "book"
    verbose_name = _("The book")

    def ready(self):
        from book.services import enqueue_rebuild
        from common.announcements import public_content_changed

        # Once after each transaction that changed what readers see: the cases, their people's
        # consents, the themes (the chapters), the toolbox and the readers' input are printed.
        public_content_changed.connect(enqueue_rebuild, dispatch_uid="book.enqueue_rebuild")
