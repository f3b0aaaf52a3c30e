from django.urls import path

from book import views

app_name = "book"

# Language-independent addresses: the book is in Bokmål whatever the site's language.
urlpatterns = [
    path("kokebok.pdf", views.current_pdf, name="pdf"),
    path("kokebok/<int:number>.pdf", views.edition_pdf, name="edition_pdf"),
    # One published case alone, beside its page /eksempler/<slug>/ (book/case_pdf.py).
    path("eksempler/<slug:slug>.pdf", views.case_pdf_view, name="case_pdf"),
]
