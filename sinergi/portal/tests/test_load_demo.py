from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from sinergi.accounts.models import User
from sinergi.monitoring.models import DataValue
from sinergi.pokja.models import Institution, Role, WorkingGroup
from sinergi.regions.actions import do_load_regions


class LoadDemoTestCase(TestCase):
    def counts(self):
        return [
            WorkingGroup.objects.count(),
            Institution.objects.count(),
            User.objects.count(),
            Role.objects.count(),
        ]

    def test_it_needs_the_regions_first(self):
        with self.assertRaisesMessage(CommandError, "load_regions"):
            call_command("load_demo", stdout=StringIO())

    def test_it_creates_the_demo_once_and_prints_the_logins(self):
        do_load_regions(max_level=2)
        out = StringIO()
        call_command("load_demo", stdout=out)
        self.assertIn("kabbandung@demo.sinergi.test", out.getvalue())
        self.assertIn("demo-sinergi", out.getvalue())
        # The national working group with its eight institutions, 2 provinces, 4 regencies.
        national = WorkingGroup.objects.get(region__code="ID")
        self.assertEqual(len(national.member_institutions()), 8)
        self.assertEqual(national.secretariat_address[:20], "Jl. Lembang No. 35, ")
        self.assertEqual(WorkingGroup.objects.filter(is_demo=True, region__level=1).count(), 2)
        # Four registered groups, one in formation and one equivalent forum.
        self.assertEqual(WorkingGroup.objects.filter(is_demo=True, region__level=2).count(), 6)
        secretariat = User.objects.get(email="kabbandung@demo.sinergi.test")
        self.assertTrue(secretariat.check_password("demo-sinergi"))
        self.assertEqual(secretariat.roles.get().working_group.region.code, "32.04")
        # Work for a second person: drafts of 2025 and a correction of a verified 2024 value,
        # made through the one write path by the kabupaten's and the province's secretariats.
        drafts = DataValue.objects.filter(status=DataValue.Status.DRAFT, year=2025)
        self.assertEqual(sorted(drafts.values_list("region__code", flat=True)),
                         ["32.04", "32.04", "32.73"])  # fmt: skip
        revised = DataValue.objects.get(revised_at__isnull=False)
        self.assertEqual((revised.region.code, revised.revised_by), ("32.04", secretariat))

        before = self.counts()
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(self.counts(), before)

    def test_it_leaves_edits_alone(self):
        do_load_regions(max_level=2)
        call_command("load_demo", stdout=StringIO())
        WorkingGroup.objects.filter(region__code="32.04").update(phone="0811")
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(WorkingGroup.objects.get(region__code="32.04").phone, "0811")


class NationalSecretariatAdminTestCase(TestCase):
    def test_the_national_secretariat_edits_reference_data_in_the_admin(self):
        do_load_regions(max_level=2)
        call_command("load_demo", stdout=StringIO())
        user = User.objects.get(email="nasional@demo.sinergi.test")
        self.client.force_login(user)
        self.assertEqual(self.client.get("/admin/monitoring/indicator/").status_code, 200)
        self.assertEqual(self.client.get("/admin/decrees/decreetemplate/").status_code, 200)
        # but not users or memberships
        self.assertEqual(self.client.get("/admin/accounts/user/").status_code, 403)


class DemoBannerTestCase(TestCase):
    def test_every_page_says_when_the_site_holds_demo_data(self):
        from django.core.cache import cache

        self.assertNotContains(self.client.get("/"), "data demo")
        do_load_regions(max_level=2)
        call_command("load_demo", stdout=StringIO())
        cache.delete("sinergi:demo-data")
        self.assertContains(self.client.get("/"), "fiktif")
