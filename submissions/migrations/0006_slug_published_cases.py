"""Cases published before publication gave them an address get one now, and a publication date."""

from django.db import migrations


def fill(apps, schema_editor):
    from django.utils.text import slugify

    from submissions.workflow import NORWEGIAN_LETTERS

    Submission = apps.get_model("submissions", "Submission")
    taken = set(Submission.objects.exclude(slug=None).values_list("slug", flat=True))
    for submission in Submission.objects.filter(state="published", slug=None):
        base = slugify(submission.title.translate(NORWEGIAN_LETTERS))[:200] or "eksempel"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        submission.slug = slug
        submission.published_at = submission.published_at or submission.updated_at
        submission.save(update_fields=["slug", "published_at"])


class Migration(migrations.Migration):
    dependencies = [("submissions", "0005_fill_submitter_text")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
