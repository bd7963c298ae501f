"""What a decree appointed becomes a snapshot per appointment (issue 15, item 5): the
many-to-many to memberships is replaced by `Appointment` rows that copy each membership's
person, position, field and institution. Existing decrees are filled from the memberships as
they are now: the best record there is of what they appointed."""

import django.db.models.deletion
from django.db import migrations, models

POSITIONS = [
    ("pembina", "Patron (pembina)"),
    ("pengarah", "Steering (pengarah)"),
    ("ketua", "Chair"),
    ("wakil_ketua", "Vice chair"),
    ("sekretaris", "Secretary"),
    ("bendahara", "Treasurer"),
    ("koordinator_bidang", "Field coordinator"),
    ("anggota", "Member"),
    ("staf_sekretariat", "Secretariat staff"),
    ("operator_data", "Data operator"),
]
FIELDS = [
    ("air_minum", "Drinking water"),
    ("air_limbah", "Wastewater"),
    ("persampahan", "Solid waste"),
    ("drainase", "Drainage"),
    ("higiene_stbm", "Hygiene / STBM"),
    ("kelembagaan", "Institutions"),
    ("regulasi", "Regulation"),
    ("pendanaan", "Funding"),
    ("komunikasi", "Communication / campaigns"),
    ("data_monev", "Data and M&E"),
]


def fill_snapshots(apps, schema_editor):
    Decree = apps.get_model("decrees", "Decree")
    Appointment = apps.get_model("decrees", "Appointment")
    Through = Decree._meta.get_field("appointments").remote_field.through
    links = Through.objects.select_related(
        "membership__person__institution", "membership__institution"
    ).order_by("pk")
    batch = []
    for link in links.iterator(chunk_size=500):
        membership = link.membership
        person = membership.person
        institution = membership.institution or person.institution
        batch.append(
            Appointment(
                decree_id=link.decree_id,
                membership=membership,
                full_name=person.full_name,
                nip=person.nip,
                job_title=person.job_title,
                position=membership.position,
                field=membership.field,
                institution_name=institution.name if institution else "",
            )
        )
        if len(batch) >= 500:
            Appointment.objects.bulk_create(batch)
            batch = []
    Appointment.objects.bulk_create(batch)


def restore_links(apps, schema_editor):
    Decree = apps.get_model("decrees", "Decree")
    Appointment = apps.get_model("decrees", "Appointment")
    Through = Decree._meta.get_field("appointments").remote_field.through
    Through.objects.bulk_create(
        Through(decree_id=decree_id, membership_id=membership_id)
        for decree_id, membership_id in Appointment.objects.filter(
            membership__isnull=False
        ).values_list("decree_id", "membership_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("decrees", "0002_plausible_values"),
        ("pokja", "0004_plausible_values"),
    ]

    operations = [
        migrations.CreateModel(
            name="Appointment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "decree",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        # "appointments" once the many-to-many of that name is gone, below.
                        related_name="+",
                        to="decrees.decree",
                        verbose_name="decree",
                    ),
                ),
                (
                    "membership",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="decree_appointments",
                        to="pokja.membership",
                        verbose_name="membership",
                    ),
                ),
                ("full_name", models.CharField(max_length=150, verbose_name="full name")),
                ("nip", models.CharField(blank=True, max_length=18, verbose_name="NIP")),
                (
                    "job_title",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="position in the institution"
                    ),
                ),
                (
                    "position",
                    models.CharField(choices=POSITIONS, max_length=20, verbose_name="position"),
                ),
                (
                    "field",
                    models.CharField(
                        blank=True, choices=FIELDS, max_length=20, verbose_name="field (bidang)"
                    ),
                ),
                (
                    "institution_name",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="institution represented"
                    ),
                ),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="created")),
            ],
            options={
                "verbose_name": "appointment",
                "verbose_name_plural": "appointments",
                "ordering": ["pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("decree", "membership"), name="appointment_once_per_decree"
                    )
                ],
            },
        ),
        migrations.RunPython(fill_snapshots, restore_links),
        migrations.RemoveField(model_name="decree", name="appointments"),
        migrations.AlterField(
            model_name="appointment",
            name="decree",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="appointments",
                to="decrees.decree",
                verbose_name="decree",
            ),
        ),
    ]
