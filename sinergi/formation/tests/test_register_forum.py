import datetime

from django.db import IntegrityError
from django.utils import timezone

from sinergi.decrees.models import Decree, LegalStatus, legal_status_of
from sinergi.formation.actions import do_register_forum
from sinergi.formation.models import Formation
from sinergi.formation.tests.base import FormationTestCase
from sinergi.pokja.models import Institution, Role, WorkingGroup

URL = "/pembentukan/forum-setara/"
D = datetime.date.fromisoformat


class RegisterForumTestCase(FormationTestCase):
    def form(self, **changes):
        data = {
            "kind": "ppas",
            "name": "Pokja PPAS Kabupaten Ciamis",
            "formed_on": "2019-03-11",
            "secretariat_address": "Bappeda Kabupaten Ciamis, Jl. Jenderal Sudirman",
            "contact_institution": "Bappeda Kabupaten Ciamis",
            "contact_institution_category": "bappeda",
            "sk-number": "",
            "sk-signed_on": "",
            "sk-signatory": "Bupati Ciamis",
            "sk-valid_from": "",
            "sk-valid_until": "",
        }
        data.update(changes)
        return data

    def counts(self):
        return (
            WorkingGroup.objects.count(),
            Decree.objects.count(),
            Institution.objects.count(),
            Role.objects.count(),
        )

    def test_a_forum_with_its_legal_basis_becomes_the_active_working_group(self):
        self.client.force_login(self.provincial)
        r = self.client.get(f"{URL}?wilayah=32.07")
        self.assertEqual(r.context["decree_form"]["signatory"].initial, "Bupati Ciamis")
        today = timezone.localdate()
        r = self.client.post(
            f"{URL}?wilayah=32.07",
            self.form(
                **{
                    "sk-number": "050/Kep.58-Bappeda/2026",
                    "sk-signed_on": today.isoformat(),
                    "sk-valid_from": today.isoformat(),
                    "sk-valid_until": (today + datetime.timedelta(days=365)).isoformat(),
                }
            ),
        )
        self.assertRedirects(r, "/pokja/32.07/anggota/", fetch_redirect_response=False)
        group = WorkingGroup.objects.get(region=self.ciamis)
        self.assertEqual((group.kind, group.formed_on), ("ppas", D("2019-03-11")))
        self.assertEqual(group.contact_institution.name, "Bappeda Kabupaten Ciamis")
        self.assertEqual(group.contact_institution.region, self.ciamis)
        decree = group.decrees.get()
        self.assertEqual(
            (decree.number, decree.signatory), ("050/Kep.58-Bappeda/2026", "Bupati Ciamis")
        )
        self.assertEqual(legal_status_of(group), LegalStatus.ACTIVE)
        self.assertTrue(
            Role.objects.filter(user=self.provincial, working_group=group, kind="secretariat")
        )
        self.assertFalse(Formation.objects.filter(working_group=group).exists())

    def test_without_a_decree_the_forum_is_in_formation_and_the_validity_defaults(self):
        existing = Institution.objects.create(
            name="Bappeda Kabupaten Ciamis", category="bappeda", region=self.ciamis
        )
        self.client.force_login(self.provincial)
        self.client.post(
            f"{URL}?wilayah=32.07", self.form(contact_institution="BAPPEDA  kabupaten ciamis")
        )
        group = WorkingGroup.objects.get(region=self.ciamis)
        self.assertEqual(group.contact_institution, existing)
        self.assertEqual(legal_status_of(group), LegalStatus.FORMING)
        self.assertFalse(group.decrees.exists())

    def test_the_validity_defaults_to_signing_until_the_end_of_that_year(self):
        self.client.force_login(self.provincial)
        self.client.post(
            f"{URL}?wilayah=32.07",
            self.form(**{"sk-number": "050/2025", "sk-signed_on": "2025-02-03"}),
        )
        decree = Decree.objects.get()
        self.assertEqual(
            (decree.valid_from, decree.valid_until), (D("2025-02-03"), D("2025-12-31"))
        )

    def test_bad_decree_data_creates_nothing(self):
        before = self.counts()
        self.client.force_login(self.provincial)
        for changes, message in [
            ({"sk-number": "050/2026"}, "This field is required."),  # no date signed
            (
                {
                    "sk-number": "050/2026",
                    "sk-signed_on": "2026-01-05",
                    "sk-valid_from": "2026-06-01",
                    "sk-valid_until": "2026-01-01",
                },
                "A decree cannot end before it starts.",
            ),
            ({"sk-number": "050/2026", "sk-signed_on": "bukan-tanggal"}, "is not a date"),
            (
                {"name": "", "sk-number": "050/2026", "sk-signed_on": "2026-01-05"},
                "This field is required.",
            ),
        ]:
            r = self.client.post(f"/en{URL}?wilayah=32.07", self.form(**changes))
            self.assertContains(r, message, msg_prefix=str(changes))
        self.assertEqual(self.counts(), before)

    def test_the_action_is_one_transaction(self):
        before = self.counts()
        decree = Decree(
            number="050/2026",
            signatory="Bupati Ciamis",
            signed_on=D("2026-01-05"),
            valid_from=D("2026-06-01"),
            valid_until=D("2026-01-01"),  # refused by the database's check
        )
        with self.assertRaises(IntegrityError):
            do_register_forum(
                self.ciamis,
                kind="ppas",
                name="Pokja PPAS Kabupaten Ciamis",
                contact_institution="Bappeda Kabupaten Ciamis",
                decree=decree,
                actor=self.provincial,
            )
        self.assertEqual(self.counts(), before)

    def test_access_and_regions_with_a_group(self):
        before = self.counts()
        for user in (self.regency, self.member):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL).status_code, 403)
            self.assertEqual(self.client.post(f"{URL}?wilayah=32.07", self.form()).status_code, 403)
        self.client.force_login(self.provincial)
        self.assertEqual(self.client.post(f"{URL}?wilayah=53.11", self.form()).status_code, 404)
        r = self.client.post(f"/en{URL}?wilayah=32.04", self.form())
        self.assertContains(r, "Kabupaten Bandung already has a working group")
        self.client.logout()
        self.assertRedirects(self.client.get(URL), f"/akun/masuk/?next={URL}")
        self.assertEqual(self.counts(), before)
