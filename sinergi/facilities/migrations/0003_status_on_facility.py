"""Each facility's latest status and inspection day on its own row (Facility.refresh_status),
filled from the inspections recorded so far."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_status(apps, schema_editor):
    Facility = apps.get_model("facilities", "Facility")
    Inspection = apps.get_model("facilities", "Inspection")
    latest = Inspection.objects.filter(facility=OuterRef("pk")).order_by("-inspected_on", "-pk")
    Facility.objects.update(
        status=Subquery(latest.values("status")[:1]),
        last_inspected_on=Subquery(latest.values("inspected_on")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("facilities", "0002_plausible_values"),
    ]

    operations = [
        migrations.AddField(
            model_name="facility",
            name="last_inspected_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="last inspected on"
            ),
        ),
        migrations.AddField(
            model_name="facility",
            name="status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("berfungsi", "Working"),
                    ("sebagian", "Partly working"),
                    ("tidak_berfungsi", "Not working"),
                ],
                editable=False,
                max_length=15,
                null=True,
                verbose_name="functional status",
            ),
        ),
        migrations.RunPython(fill_status, migrations.RunPython.noop, elidable=True),
    ]
