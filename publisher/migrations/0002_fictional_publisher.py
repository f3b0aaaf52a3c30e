"""The one publisher row, with clearly fictional values for the configuration to replace
(`seed_demo --publisher historical` sets the original call's), and the notice's first version."""

from django.db import migrations

PUBLISHER = {
    "name": "Eksempeldirektoratet for samarbeid",
    "name_nn": "Eksempeldirektoratet for samarbeid",
    "name_en": "The Example Directorate for Collaboration",
    "short_name": "EDS",
    "service_name": "Veier til nye samarbeid",
    "service_name_nn": "Vegar til nye samarbeid",
    "service_name_en": "Veier til nye samarbeid",
    "contact_email": "postmottak@eksempeldirektoratet.example",
    "postal_address": "Postboks 0000 Eksempel\n0000 Oslo",
    "dpo_contact": "Personvernombudet, personvernombud@eksempeldirektoratet.example",
    "processors": "Hosting: Eksempel Sky AS\nE-mail: Eksempel Post AS",
}


def create(apps, schema_editor):
    Publisher = apps.get_model("publisher", "Publisher")
    Partner = apps.get_model("publisher", "Partner")
    PrivacyNotice = apps.get_model("publisher", "PrivacyNotice")
    publisher, created = Publisher.objects.get_or_create(pk=1, defaults=PUBLISHER)
    if created:
        Partner.objects.create(
            publisher=publisher,
            name="Eksempelpartner AS",
            role="redigerer eksemplene",
            role_nn="redigerer døma",
            role_en="edits the examples",
        )
    if not PrivacyNotice.objects.exists():
        PrivacyNotice.objects.create(fingerprint="initial", facts=PUBLISHER)


class Migration(migrations.Migration):
    dependencies = [("publisher", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
