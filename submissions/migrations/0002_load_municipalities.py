"""Load the official municipality list (see submissions/data/README.md for its source)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "municipalities-2024.csv"


def load(apps, schema_editor):
    County = apps.get_model("submissions", "County")
    Municipality = apps.get_model("submissions", "Municipality")
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    counties = {}
    for row in rows:
        if row["county_number"] not in counties:
            counties[row["county_number"]], _ = County.objects.update_or_create(
                number=row["county_number"], defaults={"name": row["county_name"]}
            )
    for row in rows:
        Municipality.objects.update_or_create(
            number=row["number"],
            defaults={"name": row["name"], "county": counties[row["county_number"]]},
        )


class Migration(migrations.Migration):
    dependencies = [("submissions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
