"""The API detail routes no other test requested: each answers within its scope (anonymous,
inside, outside) with the object's fields."""

import datetime

from sinergi.facilities.models import Facility, Inspection
from sinergi.library.models import Document
from sinergi.monitoring.models import Target
from sinergi.monitoring.tests.base import indicator
from sinergi.pokja.models import Institution
from sinergi.programmes.models import Programme
from sinergi.test import BaseTestCase, add_member


class DetailRoutesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.water = indicator("am-layak", "Akses air minum layak", "Adequate water", is_public=True)
        cls.hidden = indicator("am-draf", "Indikator draf", "Draft indicator", is_public=False)
        cls.target = Target.objects.create(
            indicator=cls.water, region=cls.kab_bandung, year=2026, value=95, basis="RPJMD"
        )
        cls.hidden_target = Target.objects.create(
            indicator=cls.hidden, region=cls.kab_bandung, year=2026, value=50
        )
        cls.programme = Programme.objects.create(
            name="Pamsimas III",
            kind=Programme.Kind.NATIONAL,
            sector="air_minum",
            starts_on=datetime.date(2016, 1, 1),
            ends_on=datetime.date(2024, 12, 31),
            registered_by=cls.bandung_group,
            contact_name="Budi Santoso",
            contact_email="pamsimas@example.org",
        )
        cls.spam = Facility.objects.create(
            village=cls.cinunuk, kind="spam", name="SPAM Cinunuk", programme=cls.programme
        )
        cls.inspection = Inspection.objects.create(
            facility=cls.spam,
            inspected_on=datetime.date(2025, 5, 2),
            status=Inspection.Status.WORKING,
            problem="",
            inspected_by=cls.regency,
        )
        cls.public_doc = Document.objects.create(
            working_group=cls.bandung_group,
            title="Panduan STBM",
            category=Document.Category.REPORT,
            is_public=True,
        )
        cls.internal_doc = Document.objects.create(
            working_group=cls.bandung_group,
            title="Notulen internal",
            category=Document.Category.REPORT,
            is_public=False,
        )
        cls.dadang = add_member(
            cls.bandung_group, "Dadang Suherman", email="dadang@example.org"
        ).person
        former = add_member(cls.bandung_group, "Rudi Hartono", "sekretaris", "2020-01-01")
        former.ended_on, former.end_reason = datetime.date(2023, 12, 31), "pensiun"
        former.save()
        cls.former = former.person

    def get(self, url, user=None):
        self.client.logout()
        if user:
            self.client.force_login(user)
        return self.client.get(url)

    def test_institution_detail_is_open_data(self):
        response = self.get(f"/api/institutions/{self.bappeda.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "id": self.bappeda.pk,
                "name": "Bappeda Kabupaten Bandung",
                "acronym": "",
                "category": Institution.Category.BAPPEDA,
                "core_role": self.bappeda.core_role,
                "region": "32.04",
            },
        )
        self.assertEqual(self.get("/api/institutions/999999/").status_code, 404)

    def test_person_detail_shows_private_fields_only_in_scope(self):
        url = f"/api/people/{self.dadang.pk}/"
        anonymous = self.get(url).json()
        self.assertEqual(anonymous["full_name"], "Dadang Suherman")
        self.assertNotIn("email", anonymous)
        self.assertEqual(self.get(url, self.member).json()["email"], "dadang@example.org")
        self.assertNotIn("email", self.get(url, self.outsider).json())
        # A former member is found only within the scope of their group.
        url = f"/api/people/{self.former.pk}/"
        self.assertEqual(self.get(url).status_code, 404)
        self.assertEqual(self.get(url, self.outsider).status_code, 404)
        self.assertEqual(self.get(url, self.member).json()["full_name"], "Rudi Hartono")

    def test_indicator_detail_by_code(self):
        response = self.get("/api/indicators/am-layak/")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual((data["code"], data["name_en"]), ("am-layak", "Adequate water"))
        self.assertEqual(data["unit"], "persen")
        # An indicator not yet public is for signed-in users only.
        self.assertEqual(self.get("/api/indicators/am-draf/").status_code, 404)
        self.assertEqual(self.get("/api/indicators/am-draf/", self.outsider).status_code, 200)

    def test_target_detail(self):
        response = self.get(f"/api/targets/{self.target.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "indicator": "am-layak",
                "region": "32.04",
                "year": 2026,
                "value": "95.0000",
                "basis": "RPJMD",
            },
        )
        hidden = f"/api/targets/{self.hidden_target.pk}/"
        self.assertEqual(self.get(hidden).status_code, 404)

    def test_programme_detail_contact_within_scope(self):
        url = f"/api/programmes/{self.programme.pk}/"
        data = self.get(url).json()
        self.assertEqual((data["name"], data["registered_by"]), ("Pamsimas III", "32.04"))
        self.assertIsNone(data["contact_email"])
        self.assertIsNone(self.get(url, self.outsider).json()["contact_email"])
        self.assertEqual(self.get(url, self.member).json()["contact_email"], "pamsimas@example.org")

    def test_facility_detail_with_latest_status(self):
        response = self.get(f"/api/facilities/{self.spam.pk}/")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual((data["name"], data["village"]), ("SPAM Cinunuk", "32.04.05.2001"))
        self.assertEqual(data["programme"], self.programme.pk)
        self.assertEqual(data["status"], Inspection.Status.WORKING)
        self.assertEqual(data["last_inspected_on"], "2025-05-02")

    def test_inspection_detail_within_scope(self):
        url = f"/api/inspections/{self.inspection.pk}/"
        self.assertIn(self.get(url).status_code, (401, 403))
        self.assertEqual(self.get(url, self.outsider).status_code, 404)
        response = self.get(url, self.member)
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["facility"], self.spam.pk)
        self.assertEqual((data["status"], data["inspected_on"]), ("berfungsi", "2025-05-02"))
        self.assertEqual(data["inspected_by"], "Asep")

    def test_document_detail_public_or_within_scope(self):
        public = self.get(f"/api/documents/{self.public_doc.pk}/")
        self.assertEqual(public.status_code, 200)
        self.assertEqual(public.json()["title"], "Panduan STBM")
        self.assertEqual(public.json()["working_group"], "32.04")
        self.assertIsNone(public.json()["download"])  # no file uploaded
        url = f"/api/documents/{self.internal_doc.pk}/"
        self.assertEqual(self.get(url).status_code, 404)
        self.assertEqual(self.get(url, self.outsider).status_code, 404)
        inside = self.get(url, self.member)
        self.assertEqual(inside.status_code, 200)
        self.assertFalse(inside.json()["is_public"])
