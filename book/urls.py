from django.urls import path

from book import views

app_name = "book"

# Language-independent addresses: the book is in Bokmål whatever the site's language.
urlpatterns = [
    path("kokebok.pdf", views.current_pdf, name="pdf"),
    path("kokebok/<int:number>.pdf", views.edition_pdf, name="edition_pdf"),
]

# One published case alone, beside its page /eksempler/<slug>/ (book/case_pdf.py), with its
# header in the reader's language: kokebok/urls.py puts it under the language prefixes
# (/eksempler/…, /nn/eksempler/…, /en/eksempler/…), so its name has no namespace.
case_pdf_patterns = [
    path("eksempler/<slug:slug>.pdf", views.case_pdf_view, name="case_pdf"),
]
