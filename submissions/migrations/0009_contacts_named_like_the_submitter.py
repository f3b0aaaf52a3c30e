"""A contact person is the submitter only when both name and e-mail address are the submitter's.

Until now the address alone decided, so a contact with the submitter's address but another
name carried the submitter's consents, and could be published without ever having agreed. Such
a contact stops being the submitter: the submitter's consents move to the submitter's own row
(made if needed), and the contact is left "not answered yet", so nothing of them is shown until
they answer through a consent link (the lost-link page sends them one).
"""

from django.db import migrations

CONTACT_SIDES = ("municipality", "enterprise")


def _comparable(text):
    return " ".join(text.split()).casefold()


def _names_the_submitter(submission, person):
    return _comparable(person.email) == _comparable(submission.submitter_email) and _comparable(
        person.name
    ) == _comparable(submission.submitter_name)


def separate_contacts_from_the_submitter(apps, schema_editor):
    Person = apps.get_model("submissions", "Person")
    Consent = apps.get_model("submissions", "Consent")
    wrongly_marked = Person.objects.filter(is_submitter=True, side__in=CONTACT_SIDES)
    for person in wrongly_marked.select_related("submission"):
        submission = person.submission
        if _names_the_submitter(submission, person):
            continue
        submitter = _submitter_row(Person, submission, besides=person)
        Consent.objects.filter(person=person).update(person=submitter)
        person.is_submitter = False
        person.participation = "pending"
        person.save(update_fields=["is_submitter", "participation"])


def _submitter_row(Person, submission, *, besides):
    """The row that really is the submitter: a matching contact, else a row of their own."""
    for other in Person.objects.filter(submission=submission).exclude(pk=besides.pk):
        if other.side == "submitter" or _names_the_submitter(submission, other):
            if not other.is_submitter:
                other.is_submitter = True
                other.participation = "confirmed"
                other.save(update_fields=["is_submitter", "participation"])
            return other
    return Person.objects.create(
        submission=submission,
        side="submitter",
        name=submission.submitter_name,
        email=submission.submitter_email,
        is_submitter=True,
        participation="confirmed",
        language=submission.language,
    )


class Migration(migrations.Migration):
    dependencies = [("submissions", "0008_consent_source_details_changed")]

    operations = [
        migrations.RunPython(separate_contacts_from_the_submitter, migrations.RunPython.noop)
    ]
