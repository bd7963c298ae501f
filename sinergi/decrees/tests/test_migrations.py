"""The migrations of issue 15: decrees recorded before keep who they appointed, as snapshots of
the memberships as they were at migration time (items 5), and a number recorded twice in a group
keeps its first decree while the later one is renamed, never deleted (item 8)."""

import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from sinergi.decrees.models import Decree
from sinergi.pokja.models import Institution, Membership, Person, WorkingGroup
from sinergi.regions.models import Region
from sinergi.test import make_region

BEFORE = ("decrees", "0002_plausible_values")
AFTER = ("decrees", "0004_unique_decree_number")


class DecreeMigrationsTestCase(TransactionTestCase):
    def setUp(self):
        self.addCleanup(self._migrate_to_latest)
        executor = MigrationExecutor(connection)
        executor.migrate([BEFORE])
        self.old = executor.loader.project_state([BEFORE]).apps

    @staticmethod
    def _migrate_to_latest():
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    def migrate(self):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([AFTER])

    def test_appointments_become_snapshots_and_duplicate_numbers_are_renamed(self):
        K = Region.Kind
        nation = make_region("ID", "Indonesia", K.NATION, None)
        province = make_region("32", "Jawa Barat", K.PROVINCE, nation)
        region = make_region("32.04", "Kabupaten Bandung", K.REGENCY, province)
        group = WorkingGroup.objects.create(region=region, name="Pokja AMPL Kabupaten Bandung")
        bappeda = Institution.objects.create(
            name="Bappeda Kabupaten Bandung", category=Institution.Category.BAPPEDA, region=region
        )
        person = Person.objects.create(
            full_name="Asep Hidayat, S.T., M.T.", nip="197805122005011003", institution=bappeda
        )
        membership = Membership.objects.create(
            person=person,
            working_group=group,
            position="sekretaris",
            field="kelembagaan",
            started_on=datetime.date(2024, 1, 1),
        )
        OldDecree = self.old.get_model("decrees", "Decree")
        fields = {
            "working_group_id": group.pk,
            "signatory": "Bupati Bandung",
            "signed_on": datetime.date(2026, 1, 14),
            "valid_from": datetime.date(2026, 1, 1),
            "valid_until": datetime.date(2026, 12, 31),
        }
        first = OldDecree.objects.create(number="050/Kep.112/2026", **fields)
        first.appointments.add(membership.pk)
        twice = OldDecree.objects.create(number=" 050 / kep.112/2026", **fields)
        other = OldDecree.objects.create(number="050/Kep.7/2025", **fields)

        self.migrate()

        appointment = Decree.objects.get(pk=first.pk).appointments.get()
        self.assertEqual(
            (
                appointment.membership_id,
                appointment.full_name,
                appointment.nip,
                appointment.position,
                appointment.field,
                appointment.institution_name,
            ),
            (
                membership.pk,
                "Asep Hidayat, S.T., M.T.",
                "197805122005011003",
                "sekretaris",
                "kelembagaan",
                "Bappeda Kabupaten Bandung",
            ),
        )
        numbers = dict(Decree.objects.values_list("pk", "number"))
        self.assertEqual(
            numbers,
            {
                first.pk: "050/Kep.112/2026",
                twice.pk: "050/kep.112/2026 (duplikat 2)",
                other.pk: "050/Kep.7/2025",
            },
        )
