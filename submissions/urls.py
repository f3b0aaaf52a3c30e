from django.urls import path

from submissions import views

app_name = "submissions"

urlpatterns = [
    path("send-inn/", views.pitch, name="pitch"),
    path("send-inn/takk/", views.pitch_sent, name="pitch_sent"),
    path("send-inn/ny-lenke/", views.new_link, name="new_link"),
    path("send-inn/lenke/<str:token>/", views.open_link, name="open_link"),
    path("send-inn/bidrag/<uuid:public_id>/", views.overview, name="overview"),
    path("send-inn/bidrag/<uuid:public_id>/pitch/", views.edit_pitch, name="edit_pitch"),
    path("send-inn/bidrag/<uuid:public_id>/tekst/", views.writeup, name="writeup"),
    path(
        "send-inn/bidrag/<uuid:public_id>/samtykke/",
        views.submitter_consent,
        name="submitter_consent",
    ),
    path("send-inn/bidrag/<uuid:public_id>/endringer/", views.approve_edits, name="approve_edits"),
    path(
        "send-inn/bidrag/<uuid:public_id>/logg-ut-overalt/",
        views.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
    path("send-inn/utlysning/<slug:slug>/", views.pitch, name="pitch_for_call"),
    path("samtykke/<str:token>/", views.consent, name="consent"),
]
