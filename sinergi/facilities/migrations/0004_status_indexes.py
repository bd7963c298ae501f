"""Indexes of the filters on the facility's latest status, and of the newest inspections
first (Facility.Meta, Inspection.Meta)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("facilities", "0003_status_on_facility"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="facility",
            index=models.Index(fields=["status"], name="facility_status"),
        ),
        migrations.AddIndex(
            model_name="facility",
            index=models.Index(fields=["last_inspected_on"], name="facility_last_inspected"),
        ),
        migrations.AddIndex(
            model_name="inspection",
            index=models.Index(fields=["-inspected_on", "-id"], name="inspection_newest"),
        ),
    ]
