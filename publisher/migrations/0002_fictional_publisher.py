"""The one publisher row, with clearly fictional values for the configuration to replace
(`seed_demo --publisher historical` sets the original call's), and the notice's first version."""

import hashlib
import json

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


# As publisher.services.notice_facts() computes them on the day of this migration, so that saving
# the publisher unchanged does not make a second version of the same notice.
NOTICE_FIELDS = (
    "name", "name_nn", "name_en", "short_name", "contact_email", "postal_address",
    "dpo_contact", "basis_submission", "basis_contact", "basis_web", "basis_book",
    "processors", "transfers_outside_eea", "retention_unpublished_days", "retention_input_days",
    "retention_email_tasks_days", "retention_log_days",
)  # fmt: skip
NOTICE_TEXT_VERSION = "2026-12-04"


def notice_version(publisher):
    facts = {field: getattr(publisher, field) for field in NOTICE_FIELDS}
    facts["partners"] = list(publisher.partners.values("name", "role", "role_nn", "role_en"))
    facts["text_version"] = NOTICE_TEXT_VERSION
    fingerprint = hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()
    return {"fingerprint": fingerprint, "facts": facts}


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
        PrivacyNotice.objects.create(**notice_version(publisher))


class Migration(migrations.Migration):
    dependencies = [("publisher", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
