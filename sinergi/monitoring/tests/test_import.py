import io
import zipfile

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from sinergi.lib.spreadsheets import XLSX_CONTENT_TYPE
from sinergi.monitoring.models import DataValue, Indicator, Source
from sinergi.monitoring.reference import load_catalogue
from sinergi.monitoring.values_io import COLUMNS
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase

HEADER = [column.header for column in COLUMNS]
INDICATORS = ["am-pdam", "am-layak", "am-aman", "san-layak"]  # a sum and three ratios


def label(choice):
    """The Indonesian label of a choice, as the template's drop-downs offer it."""
    with translation.override("id"):
        return str(choice.label)


def row(indicator, region, year=2024, value=None, numerator=None, denominator=None, **cells):
    values = {
        "indicator": indicator,
        "region": region,
        "year": year,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        **cells,
    }
    return [values.get(column.key) for column in COLUMNS]


def xlsx(rows, header=HEADER):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(rows, delimiter=",", header=HEADER):
    lines = [delimiter.join(header)]
    lines += [delimiter.join("" if v is None else str(v) for v in values) for values in rows]
    return "\n".join(lines) + "\n"


class ImportTestCase(BaseTestCase):
    url = "/en/pokja/32.04/data/impor/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_catalogue()

    def upload(self, content, name="data.xlsx"):
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        return self.client.post(self.url, {"file": upload})

    def summary(self, response):
        return str(list(get_messages(response.wsgi_request))[-1])


class LargeImportTestCase(ImportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Region.objects.bulk_create(
            Region(
                code=f"32.04.05.{2001 + i}",
                name=f"Desa {i}",
                level=Region.Level.VILLAGE,
                kind=Region.Kind.VILLAGE,
                parent=cls.cileunyi,
            )
            for i in range(1, 1251)
        )

    def rows(self):
        """1,250 villages × 4 indicators: 5,000 rows, the first on row 2 of the sheet."""
        rows = []
        for i in range(1, 1251):
            code = f"32.04.05.{2001 + i}"
            for indicator in INDICATORS:
                if indicator == "am-pdam":
                    rows.append(row(indicator, code, value=100 + i))
                else:
                    rows.append(row(indicator, code, numerator=i, denominator=2000))
        return rows

    def test_one_bad_row_in_5000_changes_nothing_and_is_named_by_row_and_column(self):
        rows = self.rows()
        bad = rows[3217 - 2]  # sheet row 3,217 (the header is row 1)
        self.assertNotEqual(bad[0], "am-pdam")
        bad[HEADER.index("Pembilang")] = 2500  # more than the denominator, 2,000
        self.client.force_login(self.regency)
        r = self.upload(xlsx(rows))
        self.assertEqual(r.status_code, 200)
        self.assertFalse(DataValue.objects.exists())
        problems = r.context["problems"]
        self.assertEqual(
            problems,
            [(3217, "Pembilang", "The numerator must be between zero and the denominator.")],
        )
        self.assertContains(r, "Nothing was imported")
        self.assertContains(r, '<th scope="row">3217</th>', html=True)

    def test_the_good_file_twice_gives_the_same_data(self):
        content = xlsx(self.rows())
        self.client.force_login(self.regency)
        r = self.upload(content)
        self.assertRedirects(r, "/en/pokja/32.04/data/", fetch_redirect_response=False)
        self.assertIn("Created: 5000, changed: 0", self.summary(r))
        data = set(
            DataValue.objects.values_list(
                "pk", "indicator__code", "region__code", "value", "numerator", "denominator"
            )
        )
        self.assertEqual(len(data), 5000)
        self.assertIn(
            ("am-layak", "32.04.05.2101", 5, 100, 2000),
            {d[1:] for d in data},
        )

        r = self.upload(content)
        self.assertIn("Created: 0, changed: 0, unchanged: 5000", self.summary(r))
        self.assertEqual(
            set(
                DataValue.objects.values_list(
                    "pk", "indicator__code", "region__code", "value", "numerator", "denominator"
                )
            ),
            data,
        )


class UploadTestCase(ImportTestCase):
    def test_a_csv_file_imports_too_with_commas_or_semicolons(self):
        self.client.force_login(self.regency)
        rows = [
            row("am-layak", "32.04", numerator=900, denominator=1000, period="Whole year"),
            row("am-pdam", "32.04.05.2001", value=120, note="Laporan PDAM"),
        ]
        r = self.upload(csv_text(rows).encode(), name="data.csv")
        self.assertRedirects(r, "/en/pokja/32.04/data/", fetch_redirect_response=False)
        self.assertEqual(DataValue.objects.count(), 2)
        # A spreadsheet set to Indonesian: semicolons, a decimal comma, a BOM.
        rows = [row("am-layak", "32.04", numerator="900,5", denominator=1000)]
        r = self.upload(("\ufeff" + csv_text(rows, delimiter=";")).encode(), name="data.csv")
        self.assertIn("Created: 0, changed: 1", self.summary(r))
        self.assertEqual(str(DataValue.objects.get(indicator__code="am-layak").value), "90.0500")

    def test_rows_without_figures_are_skipped(self):
        self.client.force_login(self.regency)
        rows = [row("am-layak", "32.04"), row("am-pdam", "32.04", value=7)]
        r = self.upload(xlsx(rows))
        self.assertIn("Created: 1,", self.summary(r))

    def test_files_that_cannot_be_read_are_refused_with_a_message(self):
        self.client.force_login(self.regency)
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as z:
            z.writestr("hello.txt", "not a workbook")
        cases = [
            ("latin-1.csv", "Kode indikator*;Wilayah é\n".encode("latin-1"), "UTF-8"),
            ("data.xlsx", archive.getvalue(), "could not be read"),
            ("data.xlsx", xlsx([row("am-layak", "32.04")], header=HEADER[:4]), "missing"),
            ("data.csv", csv_text([]).encode(), "no rows to import"),
            ("big.csv", b"a" * (5 * 1024 * 1024 + 1), "larger than"),
        ]
        for name, content, message in cases:
            with self.subTest(name=name, message=message):
                r = self.upload(content, name=name)
                self.assertEqual(r.status_code, 200)
                self.assertIn(message, str(r.context["form"].errors["file"]))
        self.assertFalse(DataValue.objects.exists())

    def test_regions_outside_the_group_are_refused(self):
        self.client.force_login(self.provincial)  # may edit Kota Bandung, but not from here
        r = self.upload(xlsx([row("am-pdam", "32.73", value=5)]))
        self.assertEqual(
            r.context["problems"],
            [(2, "Kode wilayah", "Kota Bandung is not part of Kabupaten Bandung.")],
        )

    def test_a_kecamatan_is_refused_by_the_import_and_the_api(self):
        # Issue 15 item 13: a kecamatan value never enters a roll-up and can never be verified.
        self.client.force_login(self.regency)
        r = self.upload(
            xlsx([row("am-pdam", "32.04", value=5), row("am-pdam", "32.04.05", value=3)])
        )
        [(number, column, message)] = r.context["problems"]
        self.assertEqual((number, column), (3, "Kode wilayah"))
        self.assertIn("Cileunyi is a kecamatan", message)
        bulk = [{"indicator": "am-pdam", "region": "32.04.05", "year": "2024", "value": "3"}]
        r = self.client.post("/api/data-values/bulk/", bulk, content_type="application/json")
        self.assertEqual(r.status_code, 400)
        self.assertIn("Cileunyi adalah kecamatan", str(r.json()["rows"]))
        self.assertFalse(DataValue.objects.exists())

    def test_access(self):
        content = xlsx([row("am-pdam", "32.04", value=5)])
        for user, status in [
            (self.regency, 302),
            (self.provincial, 302),
            (self.member, 403),
            (self.outsider, 404),
        ]:
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(
                    self.client.get(self.url).status_code, 200 if status == 302 else status
                )
                self.assertEqual(self.upload(content).status_code, status)
        self.client.logout()
        r = self.client.get("/pokja/32.04/data/impor/")
        self.assertRedirects(r, "/akun/masuk/?next=/pokja/32.04/data/impor/")


class TemplateTestCase(ImportTestCase):
    url = "/pokja/32.04/data/templat.xlsx"

    def test_the_template_lists_every_region_and_indicator_with_drop_downs(self):
        DataValue.objects.create(
            indicator=Indicator.objects.get(code="am-pdam"),
            region=self.cinunuk,
            year=2023,
            source="pdam",
            value=77,
        )
        self.client.force_login(self.regency)
        r = self.client.get(self.url, {"tahun": 2023, "indikator": ["am-layak", "am-pdam"]})
        self.assertEqual(r["Content-Type"], XLSX_CONTENT_TYPE)
        self.assertIn("templat-data-32.04-2023.xlsx", r["Content-Disposition"])
        workbook = load_workbook(io.BytesIO(r.content))
        sheet = workbook.worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(list(rows[0]), HEADER)
        susenas, utility = label(Source.SUSENAS), label(Source.UTILITY)
        self.assertEqual(
            [(r[0], r[2], r[4], r[6], r[8]) for r in rows[1:]],
            [
                ("am-layak", "32.04", 2023, susenas, None),
                ("am-pdam", "32.04", 2023, utility, None),
                ("am-layak", "32.04.05.2001", 2023, susenas, None),
                ("am-pdam", "32.04.05.2001", 2023, utility, 77),
            ],
        )
        self.assertTrue(sheet.data_validations.dataValidation)
        self.assertEqual(workbook.sheetnames, ["Data", "Pilihan"])

        # Filled in and uploaded as it is, it changes nothing.
        self.client.post(
            "/pokja/32.04/data/impor/",
            {"file": SimpleUploadedFile("t.xlsx", r.content)},
        )
        self.assertEqual(DataValue.objects.get().value, 77)

    def test_access(self):
        for user, status in [
            (self.regency, 200),
            (self.provincial, 200),
            (self.member, 403),
            (self.outsider, 404),
        ]:
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)
        self.client.logout()
        self.assertRedirects(self.client.get(self.url), f"/akun/masuk/?next={self.url}")
