from django.urls import path

from publishing import recipe_pages, views
from publishing.cache import cache_public_page
from publishing.feeds import NewCasesAtomFeed, NewCasesRssFeed

app_name = "publishing"

urlpatterns = [
    path("", views.home, name="home"),
    path("eksempler/", views.case_list, name="case_list"),
    path("eksempler/forhandsvisning/<uuid:public_id>/", views.case_preview, name="case_preview"),
    path("eksempler/bilde/<uuid:public_id>/<str:name>", views.case_photo, name="case_photo"),
    path("eksempler/vedlegg/<uuid:public_id>/", views.case_attachment, name="case_attachment"),
    path("eksempler/<slug:slug>/", views.case_detail, name="case"),
    path("tema/", views.theme_list, name="themes"),
    path("tema/<slug:slug>/", views.theme_detail, name="theme"),
    path("oppskrifter/", recipe_pages.recipe_list, name="recipes"),
    path("oppskrifter/<slug:slug>/", recipe_pages.recipe_detail, name="recipe"),
    path("feed/", cache_public_page(NewCasesAtomFeed()), name="feed"),
    path("feed/rss/", cache_public_page(NewCasesRssFeed()), name="feed_rss"),
]
