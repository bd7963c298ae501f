"""One decree number per working group (issue 15, item 8). Numbers are normalised as
`Decree.save` now does; a number recorded twice in a group (a double post) keeps its first
decree and the later ones are renamed "… (duplikat 2)", so the secretariat sees them and nothing
is deleted."""

import re

import django.db.models.functions.text
from django.db import migrations, models

MAX_LENGTH = 120


def normalise_number(number):
    # A copy of decrees.models.normalise_number as it was when this migration was written.
    return re.sub(r"\s*/\s*", "/", " ".join(str(number).split()))


def normalise_and_rename_duplicates(apps, schema_editor):
    Decree = apps.get_model("decrees", "Decree")
    taken = set()
    for decree in Decree.objects.order_by("working_group_id", "pk").iterator():
        number = normalise_number(decree.number)
        candidate, copy = number, 1
        while (decree.working_group_id, candidate.lower()) in taken:
            copy += 1
            suffix = f" (duplikat {copy})"
            candidate = number[: MAX_LENGTH - len(suffix)] + suffix
        taken.add((decree.working_group_id, candidate.lower()))
        if candidate != decree.number:
            decree.number = candidate
            decree.save(update_fields=["number"])


class Migration(migrations.Migration):
    dependencies = [
        ("decrees", "0003_appointment_snapshots"),
    ]

    operations = [
        migrations.RunPython(normalise_and_rename_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="decree",
            constraint=models.UniqueConstraint(
                models.F("working_group"),
                django.db.models.functions.text.Lower("number"),
                name="decree_unique_number",
                violation_error_message=(
                    "A decree with this number is already recorded for this working group."
                ),
            ),
        ),
    ]
