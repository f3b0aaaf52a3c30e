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
        "send-inn/bidrag/<uuid:public_id>/kontaktpersoner/",
        views.task_contacts,
        name="task_contacts",
    ),
    path(
        "send-inn/bidrag/<uuid:public_id>/kontaktpersoner/<int:person_id>/inviter-igjen/",
        views.resend_invitation,
        name="resend_invitation",
    ),
    path("send-inn/bidrag/<uuid:public_id>/bilde/", views.task_media, name="task_media"),
    path(
        "send-inn/bidrag/<uuid:public_id>/bilde/<str:name>",
        views.photo_preview,
        name="photo_preview",
    ),
    path("send-inn/bidrag/<uuid:public_id>/se-over/", views.check_answers, name="check_answers"),
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
