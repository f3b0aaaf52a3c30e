from django.urls import path

from participation import views

app_name = "participation"

urlpatterns = [
    path("innspill/", views.book_inputs, name="inputs"),
    path("eksempler/<slug:slug>/innspill/", views.case_inputs, name="case_inputs"),
    path("verktoy/", views.toolbox, name="toolbox"),
    path("verktoy/foresla/", views.suggest_tool, name="suggest_tool"),
]
