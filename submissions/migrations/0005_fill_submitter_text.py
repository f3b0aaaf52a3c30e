"""Cases saved before the submitter's text was recorded take their current text as the submitter's."""

from django.db import migrations


def fill(apps, schema_editor):
    Submission = apps.get_model("submissions", "Submission")
    for submission in Submission.objects.filter(submitter_text={}).prefetch_related("answers"):
        submission.submitter_text = {
            "title": submission.title,
            "summary": submission.summary,
            "answers": {str(a.question_id): a.text for a in submission.answers.all()},
        }
        submission.save(update_fields=["submitter_text"])


class Migration(migrations.Migration):
    dependencies = [("submissions", "0004_historicalsubmission_assigned_editor_and_more")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
