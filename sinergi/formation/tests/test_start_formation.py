import datetime

from sinergi.accounts.models import User
from sinergi.formation.models import Formation, FormationStep
from sinergi.formation.tests.base import FormationTestCase
from sinergi.pokja.models import Institution, Role, WorkingGroup
from sinergi.regions.models import Region
from sinergi.test import make_region

URL = "/pembentukan/mulai/"


class StartFormationTestCase(FormationTestCase):
    def form(self, **changes):
        data = {
            "new_institution": "Badan Perencanaan Pembangunan Daerah Kabupaten Ciamis",
            "new_institution_category": "bappeda",
            "name": "Pokja AMPL Kabupaten Ciamis",
            "started_on": "2026-10-05",
        }
        data.update(changes)
        return data

    def counts(self):
        return (
            WorkingGroup.objects.count(),
            Formation.objects.count(),
            Institution.objects.count(),
            Role.objects.count(),
        )

    def test_provincial_secretariat_starts_a_formation_in_its_province_and_runs_it(self):
        self.client.force_login(self.provincial)
        r = self.client.post(f"{URL}?wilayah=32.07", self.form())
        self.assertRedirects(r, "/pokja/32.07/pembentukan/")
        formation = Formation.objects.get(working_group__region=self.ciamis)
        group = formation.working_group
        self.assertEqual((group.name, group.kind), ("Pokja AMPL Kabupaten Ciamis", "ampl"))
        self.assertEqual(formation.started_on, datetime.date(2026, 10, 5))
        self.assertEqual(formation.started_by, self.provincial)
        lead = formation.lead_institution
        self.assertEqual((lead.region, lead.category), (self.ciamis, "bappeda"))
        self.assertEqual(group.contact_institution, lead)
        self.assertEqual(
            [(s.number, s.status) for s in formation.steps.all()],
            [(n, FormationStep.Status.NOT_STARTED) for n in (1, 2, 3, 4)],
        )
        role = Role.objects.get(user=self.provincial, working_group=group)
        self.assertEqual(role.kind, Role.Kind.SECRETARIAT)
        self.assertEqual(self.client.get("/pokja/32.07/pembentukan/").status_code, 200)

    def test_an_existing_institution_of_the_region_can_lead(self):
        bappeda = Institution.objects.create(
            name="Bappeda Kabupaten Ciamis", category="bappeda", region=self.ciamis
        )
        self.client.force_login(self.provincial)
        r = self.client.get(f"{URL}?wilayah=32.07")
        self.assertEqual(r.context["form"]["lead_institution"].initial, bappeda.pk)
        self.client.post(
            f"{URL}?wilayah=32.07", self.form(lead_institution=bappeda.pk, new_institution="")
        )
        self.assertEqual(
            Formation.objects.get(working_group__region=self.ciamis).lead_institution, bappeda
        )
        self.assertEqual(Institution.objects.filter(region=self.ciamis).count(), 1)

    def test_the_choice_offers_only_regions_in_reach_without_a_group(self):
        self.client.force_login(self.provincial)
        r = self.client.get(URL)
        choices = [code for code, _label in r.context["choice_form"].fields["wilayah"].choices]
        self.assertEqual(choices, ["", "32.07"])
        self.client.force_login(self.national)
        r = self.client.get(URL)
        choices = [code for code, _label in r.context["choice_form"].fields["wilayah"].choices]
        self.assertEqual(choices, ["", "32.07", "53.11"])

    def test_national_secretariat_starts_a_province(self):
        make_region("33", "Jawa Tengah", Region.Kind.PROVINCE, self.nation)
        self.client.force_login(self.national)
        r = self.client.post(f"{URL}?wilayah=33", self.form(name="Pokja AMPL Provinsi Jawa Tengah"))
        self.assertRedirects(r, "/pokja/33/pembentukan/")
        self.assertTrue(Role.objects.filter(user=self.national, working_group__region__code="33"))

    def test_another_province_is_404_and_nothing_is_written(self):
        before = self.counts()
        self.client.force_login(self.provincial)
        self.assertEqual(self.client.get(f"{URL}?wilayah=53.11").status_code, 404)
        self.assertEqual(self.client.post(f"{URL}?wilayah=53.11", self.form()).status_code, 404)
        # A province is started by the national secretariat only.
        self.assertEqual(self.client.post(f"{URL}?wilayah=32", self.form()).status_code, 404)
        self.assertEqual(self.client.get(f"{URL}?wilayah=99.99").status_code, 404)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(f"{URL}?wilayah=32.07", self.form()).status_code, 404)
        self.assertEqual(self.counts(), before)

    def test_kabupaten_secretariat_member_and_user_without_role_get_403(self):
        before = self.counts()
        nobody = User.objects.create_user("nobody@example.org", "x", full_name="Nobody")
        for user in (self.regency, self.member, self.forming_member, nobody):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL).status_code, 403, user)
            r = self.client.post(f"{URL}?wilayah=32.07", self.form())
            self.assertEqual(r.status_code, 403, user)
        self.assertEqual(self.counts(), before)

    def test_visitor_is_sent_to_sign_in(self):
        r = self.client.get(URL)
        self.assertRedirects(r, f"/akun/masuk/?next={URL}")

    def test_a_region_with_a_working_group_is_refused_with_a_clear_message(self):
        before = self.counts()
        self.client.force_login(self.provincial)
        r = self.client.get(f"/en{URL}?wilayah=32.04")
        self.assertContains(
            r, "Kabupaten Bandung already has a working group: Pokja AMPL Kabupaten Bandung."
        )
        self.assertNotContains(r, 'id="start-formation"')
        r = self.client.post(f"/en{URL}?wilayah=32.04", self.form())
        self.assertContains(r, "Kabupaten Bandung already has a working group")
        self.assertEqual(self.counts(), before)

    def test_bad_input_writes_nothing(self):
        before = self.counts()
        Institution.objects.create(name="Bappeda Ciamis", category="bappeda", region=self.ciamis)
        before = (before[0], before[1], before[2] + 1, before[3])
        self.client.force_login(self.provincial)
        bappeda = Institution.objects.get(region=self.ciamis)
        for changes in (
            {"lead_institution": bappeda.pk},  # and a new one: not both
            {"new_institution": ""},  # neither
            {"started_on": "bukan-tanggal"},
            {"name": ""},
            {"lead_institution": self.bappeda.pk, "new_institution": ""},  # another region's
        ):
            r = self.client.post(f"/en{URL}?wilayah=32.07", self.form(**changes))
            self.assertEqual(r.status_code, 200, changes)
            self.assertTrue(r.context["form"].errors, changes)
        r = self.client.post(f"/en{URL}?wilayah=32.07", self.form(lead_institution=bappeda.pk))
        self.assertContains(r, "Choose an existing institution or give the name of a new one")
        self.assertEqual(self.counts(), before)

    def test_superuser_starts_anywhere(self):
        admin = User.objects.create_superuser("admin@example.org", "x", full_name="Admin")
        self.client.force_login(admin)
        r = self.client.post(f"{URL}?wilayah=53.11", self.form(name="Pokja AMPL Sumba Timur"))
        self.assertRedirects(r, "/pokja/53.11/pembentukan/")
