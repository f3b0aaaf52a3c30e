from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookConfig(AppConfig):
    name = "book"
    verbose_name = _("The book")

    def ready(self):
        from book.case_pdf import remove_changed
        from book.services import enqueue_rebuild
        from common.announcements import public_content_changed

        # Once after each transaction that changed what readers see: the cases, their people's
        # consents, the themes (the chapters), the toolbox and the readers' input are printed.
        public_content_changed.connect(enqueue_rebuild, dispatch_uid="book.enqueue_rebuild")
        # A changed case's own PDF goes at once: a withdrawn case or consent leaves no file.
        public_content_changed.connect(remove_changed, dispatch_uid="book.case_pdf")
