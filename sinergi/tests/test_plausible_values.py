"""Implausible dates and negative amounts are refused on every path that writes them (the
pages, the XLSX imports and the API), under the field's name, and nothing is saved
(sinergi.lib.plausible; issue 15, item 9)."""

import datetime
import io
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase
from django.utils import timezone
from openpyxl import Workbook

from sinergi.decrees.models import Decree
from sinergi.facilities.models import Facility, Inspection
from sinergi.formation.models import Formation, FormationStep
from sinergi.formation.tests.base import FormationTestCase as BaseFormationTestCase
from sinergi.lib import spreadsheets
from sinergi.lib.plausible import plausible_date, recorded_date
from sinergi.meetings.models import ActionItem, Meeting
from sinergi.planning.models import Activity, StrategicPlan
from sinergi.pokja import roster_io
from sinergi.pokja.models import GroupName, Membership, WorkingGroup
from sinergi.programmes import programme_io
from sinergi.programmes.models import Intake, Programme
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, add_member, make_region

D = datetime.date.fromisoformat
FIRST, LAST = "0001-01-01", "9999-12-31"
JSON = "application/json"


def today():
    return timezone.localdate()


def errors_of(response, field):
    """The errors of `field` in the forms of a page's context."""
    contexts = response.context if isinstance(response.context, list) else [response.context]
    for context in contexts:
        for value in context.flatten().values():
            if isinstance(value, forms.BaseForm) and field in value.errors:
                return value.errors[field]
    return []


class ModelFieldsTestCase(SimpleTestCase):
    """Each field carries its rule, so every ModelForm and full_clean() refuses."""

    FIELDS = [
        (Decree, "signed_on"),
        (Decree, "valid_from"),
        (Decree, "valid_until"),
        (Membership, "started_on"),
        (Membership, "ended_on"),
        (WorkingGroup, "formed_on"),
        (GroupName, "since"),
        (ActionItem, "due_on"),
        (ActionItem, "closed_on"),
        (Formation, "started_on"),
        (Formation, "orientation_meeting_on"),
        (FormationStep, "started_on"),
        (FormationStep, "done_on"),
        (StrategicPlan, "adopted_on"),
        (Intake, "presented_on"),
        (Programme, "starts_on"),
        (Programme, "ends_on"),
        (Inspection, "inspected_on"),
    ]
    AMOUNTS = [(Programme, "budget"), (Facility, "capacity"), (Activity, "quantity")]

    def check(self, model, name, value):
        others = [f.name for f in model._meta.fields if f.name != name]
        model(**{name: value}).clean_fields(exclude=others)

    def test_dates_in_year_1_or_9999_are_refused(self):
        for model, name in self.FIELDS:
            for value in (D(FIRST), D(LAST), D("1944-12-31")):
                with self.subTest(field=f"{model.__name__}.{name}", value=value):
                    with self.assertRaises(ValidationError) as caught:
                        self.check(model, name, value)
                    self.assertIn(name, caught.exception.message_dict)
            self.check(model, name, today())

    def test_meeting_times_follow_the_same_rule(self):
        for name in ("starts_at", "ends_at"):
            for year in (1, 9999):
                value = datetime.datetime(year, 6, 1, 9, tzinfo=datetime.UTC)
                with self.subTest(field=name, year=year), self.assertRaises(ValidationError):
                    self.check(Meeting, name, value)

    def test_amounts_and_capacities_are_never_negative(self):
        for model, name in self.AMOUNTS:
            with self.subTest(field=f"{model.__name__}.{name}"):
                with self.assertRaises(ValidationError) as caught:
                    self.check(model, name, Decimal("-1"))
                self.assertIn(name, caught.exception.message_dict)
                self.check(model, name, Decimal("0"))

    def test_the_ranges(self):
        day = today()
        ahead = plausible_date()
        ahead(D("1945-01-01"))
        ahead(day.replace(year=day.year + 10) - datetime.timedelta(days=1))
        with self.assertRaises(ValidationError):
            ahead(day.replace(year=day.year + 11))
        recorded = recorded_date()
        recorded(day + datetime.timedelta(days=7))
        with self.assertRaises(ValidationError):
            recorded(day + datetime.timedelta(days=8))
        self.assertEqual(plausible_date(), plausible_date())  # no migration on each run


class PagesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.chair = add_member(cls.bandung_group, "Ujang Saepudin", "ketua")

    def setUp(self):
        self.client.force_login(self.regency)

    def assertRefused(self, response, field):
        self.assertEqual(response.status_code, 200)
        self.assertTrue(errors_of(response, field), f"no error on {field}")

    def test_a_decree_signed_in_year_1_or_valid_until_9999_is_refused(self):
        data = {
            "number": "050/Kep.112-Bappeda/2026",
            "signed_on": "2026-01-02",
            "signatory": "Bupati Bandung",
            "valid_from": "2026-01-02",
            "valid_until": "2026-12-31",
            "appointments": [self.chair.pk],
        }
        for field, value in [("signed_on", FIRST), ("valid_until", LAST), ("valid_from", FIRST)]:
            with self.subTest(field=field):
                r = self.client.post("/en/pokja/32.04/sk/tambah/", data | {field: value})
                self.assertRefused(r, field)
                self.assertContains(r, "1945")
        self.assertFalse(Decree.objects.exists())

    def test_a_membership_starting_in_9999_is_refused_on_the_page(self):
        data = {
            "person-full_name": "Dadang Suherman",
            "person-institution": self.bappeda.pk,
            "m-position": "anggota",
            "m-started_on": LAST,
        }
        r = self.client.post("/en/pokja/32.04/anggota/tambah/", data)
        self.assertRefused(r, "started_on")
        self.assertFalse(Membership.objects.filter(person__full_name="Dadang Suherman").exists())

    def test_a_membership_starting_in_9999_is_refused_by_the_roster_import(self):
        values = {
            "full_name": "Dadang Suherman",
            "institution_name": self.bappeda.name,
            "position": "anggota",
            "started_on": "31/12/9999",
        }
        row = [values.get(column.key) for column in roster_io.COLUMNS]
        workbook = Workbook()
        workbook.active.append([column.header for column in roster_io.COLUMNS])
        workbook.active.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        upload = SimpleUploadedFile("anggota.xlsx", buffer.getvalue())
        r = self.client.post("/en/pokja/32.04/anggota/impor/", {"file": upload})
        problems = {(p.row, p.column): p.message for p in r.context["problems"]}
        self.assertIn("1945", problems[(2, "Tanggal mulai")])
        self.assertFalse(Membership.objects.filter(person__full_name="Dadang Suherman").exists())

    def test_a_membership_ending_in_9999_is_refused_on_the_page_and_the_api(self):
        data = {"ended_on": LAST, "end_reason": "pensiun"}
        r = self.client.post(f"/en/pokja/32.04/anggota/{self.chair.pk}/akhiri/", data)
        self.assertRefused(r, "ended_on")
        r = self.client.post(f"/api/memberships/{self.chair.pk}/end/", data, content_type=JSON)
        self.assertEqual(r.status_code, 400, r.content)
        self.assertIn("ended_on", r.json())
        self.chair.refresh_from_db()
        self.assertIsNone(self.chair.ended_on)

    def test_an_action_item_due_in_year_1_or_9999_is_refused_on_the_page_and_the_api(self):
        data = {"title": "Susun jadwal", "owner_person": self.chair.person_id}
        for value in (FIRST, LAST):
            with self.subTest(value=value):
                r = self.client.post(
                    "/en/pokja/32.04/tindak-lanjut/baru/", data | {"due_on": value}
                )
                self.assertRefused(r, "due_on")
                r = self.client.post(
                    "/api/action-items/",
                    data | {"working_group": "32.04", "due_on": value},
                    content_type=JSON,
                )
                self.assertEqual(r.status_code, 400, r.content)
                self.assertIn("due_on", r.json())
        self.assertFalse(ActionItem.objects.exists())

    def test_a_meeting_in_year_9999_is_refused(self):
        data = {
            "kind": "koordinasi",
            "title": "Rapat koordinasi",
            "starts_at": "9999-12-31T09:00",
            "place": "Bappeda",
        }
        r = self.client.post("/en/pokja/32.04/rapat/baru/", data)
        self.assertRefused(r, "starts_at")
        self.assertFalse(Meeting.objects.exists())


class ProgrammeAndFacilityTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_region("32.04.05.2003", "Cimekar", Region.Kind.VILLAGE, cls.cileunyi)
        cls.programme = Programme.objects.create(
            name="Pamsimas III",
            kind=Programme.Kind.NATIONAL,
            sector="air_minum",
            starts_on=D("2016-01-01"),
            ends_on=D("2024-12-31"),
            registered_by=cls.bandung_group,
        )
        cls.facility = Facility.objects.create(
            kind=Facility.Kind.PIPED_WATER, name="SPAM Cinunuk", village=cls.cinunuk
        )

    def setUp(self):
        self.client.force_login(self.regency)

    def test_a_programme_budget_of_minus_1_or_a_period_in_year_1_is_refused(self):
        data = {
            "name": "SANIMAS Cinunuk 2025",
            "kind": "nasional",
            "sector": "sanitasi",
            "starts_on": "2025-03-01",
            "ends_on": "2025-12-31",
            "budget": "650000000",
            "status": "diusulkan",
            "location_codes": "32.04.05.2001",
            "sasaran-TOTAL_FORMS": "0",
            "sasaran-INITIAL_FORMS": "0",
        }
        for field, value in [("budget", "-1"), ("starts_on", FIRST), ("ends_on", LAST)]:
            with self.subTest(field=field):
                r = self.client.post("/en/pokja/32.04/program/baru/", data | {field: value})
                self.assertEqual(r.status_code, 200)
                self.assertTrue(errors_of(r, field))
        self.assertFalse(Programme.objects.filter(name="SANIMAS Cinunuk 2025").exists())

    def test_the_programme_import_refuses_a_period_in_year_1_or_9999(self):
        values = {
            "name": "SANIMAS Cinunuk 2025",
            "kind": "nasional",
            "sector": "sanitasi",
            "starts_on": "01/01/0001",
            "ends_on": "31/12/9999",
            "locations": "32.04.05.2001",
            "budget": -1,
        }
        row = [values.get(column.key) for column in programme_io.COLUMNS]
        content = spreadsheets.workbook_bytes(
            "Program", [c.header for c in programme_io.COLUMNS], [row]
        )
        upload = SimpleUploadedFile("program.xlsx", content)
        r = self.client.post("/en/pokja/32.04/program/impor/", {"file": upload})
        columns = {p.column for p in r.context["problems"]}
        self.assertEqual(columns, {"Mulai", "Selesai", "Anggaran (Rp)"})
        self.assertFalse(Programme.objects.filter(name="SANIMAS Cinunuk 2025").exists())

    def test_an_intake_presented_in_year_1_is_refused(self):
        url = f"/en/pokja/32.04/program/{self.programme.pk}/penerimaan/"
        r = self.client.post(url, {"presented_on": FIRST, "decision": "disepakati"})
        self.assertEqual(r.status_code, 200)
        self.assertTrue(errors_of(r, "presented_on"))
        self.assertFalse(Intake.objects.exists())

    def test_a_facility_capacity_of_minus_5_is_refused_on_the_page_and_the_import(self):
        data = {
            "kind": "hidran_umum",
            "name": "Hidran Umum Kampung Babakan",
            "village": "32.04.05.2001",
            "capacity": "-5",
            "capacity_unit": "L/detik",
        }
        r = self.client.post("/en/pokja/32.04/sarana/tambah/", data)
        self.assertEqual(r.status_code, 200)
        self.assertTrue(errors_of(r, "capacity"))
        header = ["Kode desa*", "Jenis*", "Nama*", "Kapasitas", "Satuan kapasitas"]
        content = spreadsheets.workbook_bytes(
            "Sarana", header, [["32.04.05.2001", "hidran_umum", "Hidran Babakan", -5, "L/detik"]]
        )
        r = self.client.post("/en/pokja/32.04/sarana/impor/", {"file": SimpleUploadedFile(
            "sarana.xlsx", content)})  # fmt: skip
        self.assertEqual({p.column for p in r.context["problems"]}, {"Kapasitas"})
        self.assertEqual(Facility.objects.count(), 1)

    def test_an_inspection_dated_9999_is_refused_on_the_page_and_the_api(self):
        data = {"inspected_on": LAST, "status": "berfungsi"}
        r = self.client.post(f"/en/pokja/32.04/sarana/{self.facility.pk}/inspeksi/", data)
        self.assertEqual(r.status_code, 400)  # the facility page, with the form
        self.assertTrue(errors_of(r, "inspected_on"))
        r = self.client.post(
            "/api/inspections/", data | {"facility": self.facility.pk}, content_type=JSON
        )
        self.assertEqual(r.status_code, 400, r.content)
        self.assertIn("inspected_on", r.json())
        self.assertFalse(Inspection.objects.exists())


class FormationTestCase(BaseFormationTestCase):
    def test_a_formation_step_dated_9999_is_refused(self):
        # The orientation meeting is a field of the formation shown on step 2's form.
        self.client.force_login(self.provincial)
        url = "/en/pokja/32.73/pembentukan/langkah/2/"
        for field in ("orientation_meeting_on", "started_on"):
            with self.subTest(field=field):
                data = {"s2-status": "in_progress", "s2-orientation_meeting_on": "2026-09-05"}
                r = self.client.post(url, data | {f"s2-{field}": LAST})
                self.assertContains(r, "1945", status_code=r.status_code)
                self.assertTrue(errors_of(r, field))
        self.formation.refresh_from_db()
        self.assertIsNone(self.formation.orientation_meeting_on)
        self.assertEqual(
            set(self.formation.steps.values_list("status", flat=True)), {"not_started"}
        )
