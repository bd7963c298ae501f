import csv
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from sinergi.lib.spreadsheets import XLSX_CONTENT_TYPE
from sinergi.monitoring.models import DataValue, Indicator, Method, Period, Source
from sinergi.monitoring.reference import load_catalogue
from sinergi.monitoring.values_io import COLUMNS
from sinergi.test import BaseTestCase

HEADER = [*(column.header.rstrip("*") for column in COLUMNS), "Status"]


def label(choice):
    """The Indonesian label of a choice, as files are written."""
    with translation.override("id"):
        return str(choice.label)


VERIFIED, DRAFT = label(DataValue.Status.VERIFIED), label(DataValue.Status.DRAFT)


class ExportTestCase(BaseTestCase):
    url = "/data/ekspor.csv"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_catalogue()
        water = Indicator.objects.get(code="am-layak")
        utility = Indicator.objects.get(code="am-pdam")
        hidden = Indicator.objects.create(
            code="internal",
            name_id="Indikator internal",
            name_en="Internal indicator",
            unit="angka",
            sector="kelembagaan",
            aggregation="jumlah",
            source="Pokja",
            is_public=False,
        )

        def value(indicator, region, year=2024, status="terverifikasi", **fields):
            fields.setdefault("value", 90)
            return DataValue.objects.create(
                indicator=indicator,
                region=region,
                year=year,
                source=indicator.default_source,
                status=status,
                **fields,
            )

        ratio = {"numerator": 900, "denominator": 1000}
        value(water, cls.kab_bandung, **ratio)
        value(water, cls.kab_bandung, year=2023, **ratio)
        value(water, cls.cinunuk, status="draf", **ratio)
        value(water, cls.kota_bandung, status="draf", **ratio)
        value(water, cls.kab_kupang, **ratio)
        value(utility, cls.kab_bandung, value=Decimal("1234.5"), note="Laporan PDAM")
        value(hidden, cls.kab_bandung, value=3)

    def rows(self, response):
        text = b"".join(response.streaming_content).decode("utf-8")
        self.assertTrue(text.startswith("\ufeff"))
        rows = list(csv.reader(io.StringIO(text[1:])))
        self.assertEqual(rows[0], HEADER)
        return rows[1:]

    def keys(self, response):
        """(indicator, region, year, status) of each exported row."""
        return [(r[0], r[2], r[4], r[12]) for r in self.rows(response)]


class VisibilityTestCase(ExportTestCase):
    def test_visitors_get_verified_values_of_public_indicators_only(self):
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn('attachment; filename="data-sinergi-ID-', r["Content-Disposition"])
        self.assertEqual(
            self.keys(r),
            [
                ("am-layak", "32.04", "2023", VERIFIED),
                ("am-layak", "32.04", "2024", VERIFIED),
                ("am-layak", "53.01", "2024", VERIFIED),
                ("am-pdam", "32.04", "2024", VERIFIED),
            ],
        )

    def test_users_also_get_drafts_and_private_indicators_of_their_regions(self):
        self.client.force_login(self.regency)
        keys = self.keys(self.client.get(self.url, {"wilayah": "32", "tahun": "2024"}))
        self.assertIn(("am-layak", "32.04.05.2001", "2024", DRAFT), keys)
        self.assertIn(("internal", "32.04", "2024", VERIFIED), keys)
        self.assertNotIn(("am-layak", "32.73", "2024", DRAFT), keys)  # another group's draft
        self.client.force_login(self.provincial)
        keys = self.keys(self.client.get(self.url, {"wilayah": "32", "tahun": "2024"}))
        self.assertIn(("am-layak", "32.73", "2024", DRAFT), keys)
        self.client.force_login(self.outsider)
        keys = self.keys(self.client.get(self.url, {"wilayah": "32"}))
        self.assertEqual({k[3] for k in keys}, {VERIFIED})
        self.assertNotIn("internal", {k[0] for k in keys})

    def test_the_export_follows_the_selection(self):
        self.client.force_login(self.national)
        r = self.client.get(
            self.url,
            {
                "wilayah": "32.04",
                "indikator": ["am-layak"],
                "tahun": ["2023", "2024"],
                "periode": "tahun",
            },
        )
        self.assertEqual(
            self.keys(r),
            [
                ("am-layak", "32.04", "2023", VERIFIED),
                ("am-layak", "32.04", "2024", VERIFIED),
                ("am-layak", "32.04.05.2001", "2024", DRAFT),
            ],
        )
        r = self.client.get(self.url, {"wilayah": "32.04", "sumber": "pdam"})
        self.assertEqual([k[0] for k in self.keys(r)], ["am-pdam"])
        self.assertEqual(self.client.get(self.url, {"wilayah": "99"}).status_code, 404)
        self.assertEqual(self.client.get("/data/ekspor.pdf").status_code, 404)

    def test_a_visitor_export_takes_two_queries(self):
        with self.assertNumQueries(2):  # the region, the values
            r = self.client.get(self.url, {"wilayah": "32"})
            self.assertEqual(len(self.rows(r)), 3)
        self.client.force_login(self.regency)
        with self.assertNumQueries(5):  # session, user, the region, roles, the values
            r = self.client.get(self.url, {"wilayah": "32"})
            self.assertEqual(len(self.rows(r)), 5)


class RoundTripTestCase(ExportTestCase):
    def test_csv_figures_are_plain_and_labels_indonesian(self):
        rows = self.rows(self.client.get(self.url, {"wilayah": "32.04", "tahun": "2024"}))
        water, utility = rows
        self.assertEqual(
            water[4:12],
            [
                "2024",
                label(Period.YEAR),
                label(Source.SUSENAS),
                label(Method.NATIONAL),
                "90",
                "900",
                "1000",
                "",
            ],
        )
        # Typed back as a person writes it, so that the file imports again.
        self.assertEqual(utility[8:12], ["1234,5", "", "", "Laporan PDAM"])

    def test_an_export_imports_again_and_changes_nothing(self):
        self.client.force_login(self.regency)
        for fmt, content_type in [("csv", "text/csv; charset=utf-8"), ("xlsx", XLSX_CONTENT_TYPE)]:
            with self.subTest(fmt=fmt):
                r = self.client.get(f"/data/ekspor.{fmt}", {"wilayah": "32.04"})
                self.assertEqual(r["Content-Type"], content_type)
                content = b"".join(r.streaming_content) if r.streaming else r.content
                r = self.client.post(
                    "/en/pokja/32.04/data/impor/",
                    {"file": SimpleUploadedFile(f"export.{fmt}", content)},
                    follow=True,
                )
                self.assertContains(r, "Created: 0, changed: 0, unchanged: 5.")

    def test_the_xlsx_export_has_the_same_columns(self):
        r = self.client.get("/data/ekspor.xlsx", {"wilayah": "53"})
        sheet = load_workbook(io.BytesIO(r.content)).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(list(rows[0]), HEADER)
        self.assertEqual(
            rows[1][:5], ("am-layak", "Akses air minum layak", "53.01", "Kabupaten Kupang", 2024)
        )
        self.assertEqual(rows[1][8:11], (90, 900, 1000))
