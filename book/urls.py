from django.urls import path

from book import views

app_name = "book"

# Language-independent addresses: the book is in Bokmål whatever the site's language.
urlpatterns = [
    path("kokebok.pdf", views.current_pdf, name="pdf"),
    path("kokebok/<int:number>.pdf", views.edition_pdf, name="edition_pdf"),
]
