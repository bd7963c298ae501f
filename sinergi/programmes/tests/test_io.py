import csv
import datetime
import io
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from sinergi.programmes import programme_io
from sinergi.programmes.models import Programme
from sinergi.programmes.tests.base import ProgrammeTestCase, make_programme

IMPORT = "/pokja/32.04/program/impor/"
D = datetime.date


def workbook(rows, header=None) -> SimpleUploadedFile:
    book = load_workbook(io.BytesIO(programme_io.template_bytes()))
    sheet = book.worksheets[0]
    if header is not None:
        for column, text in enumerate(header, start=1):
            sheet.cell(row=1, column=column, value=text)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("program.xlsx", buffer.getvalue())


GOOD = [
    [
        "SANIMAS Cinunuk",
        "National programme",
        "sanitation / WASTEWATER",
        D(2025, 3, 1),
        D(2025, 12, 31),
        "32.04.05.2001",
        "Running",
        "DAK Sanitasi",
        "KSM",
        650000000,
        "Pak Ujang",
        "u@example.org",
        "0812",
    ],
    [
        "CSR Jamban",
        "csr",
        "sanitasi",
        "01/06/2025",
        "31/05/2026",
        "32.04.05.2001, 32.04.06",
        None,
        "PT Contoh",
        None,
        None,
        None,
        None,
        None,
    ],
]


class ImportTestCase(ProgrammeTestCase):
    def upload(self, file, prefix=""):
        self.client.force_login(self.regency)
        return self.client.post(prefix + IMPORT, {"file": file})

    def test_template_has_the_headers_and_choices(self):
        self.client.force_login(self.regency)
        response = self.client.get("/pokja/32.04/program/templat.xlsx")
        book = load_workbook(io.BytesIO(response.content))
        header = [c.value for c in book.worksheets[0][1]]
        self.assertEqual(header[:3], ["Nama program*", "Jenis*", "Sektor*"])
        self.assertEqual(book.worksheets[1].title, "Pilihan")

    def test_good_file_is_imported_and_the_same_file_again_changes_nothing(self):
        response = self.upload(workbook(GOOD))
        self.assertRedirects(response, "/pokja/32.04/program/")
        self.assertEqual(Programme.objects.count(), 2)
        csr = Programme.objects.get(name="CSR Jamban")
        self.assertEqual(csr.status, Programme.Status.PROPOSED)
        self.assertEqual(
            set(csr.locations.values_list("code", flat=True)), {"32.04.05.2001", "32.04.06"}
        )
        self.assertEqual(list(csr.working_groups.all()), [self.bandung_group])
        sanimas = Programme.objects.get(name="SANIMAS Cinunuk")
        self.assertEqual(
            (sanimas.kind, sanimas.sector, sanimas.status), ("nasional", "sanitasi", "berjalan")
        )
        before = list(Programme.objects.values().order_by("pk"))

        response = self.upload(workbook(GOOD), prefix="/en")
        self.assertRedirects(response, "/en/pokja/32.04/program/")
        messages = [str(m) for m in response.wsgi_request._messages]
        self.assertIn("unchanged: 2", messages[-1])
        self.assertEqual(list(Programme.objects.values().order_by("pk")), before)

    def test_changed_row_updates_the_programme(self):
        self.upload(workbook(GOOD))
        changed = [list(GOOD[0]), GOOD[1]]
        changed[0][5] = "32.04.05.2003"
        changed[0][6] = "selesai"
        self.upload(workbook(changed))
        sanimas = Programme.objects.get(name="SANIMAS Cinunuk")
        self.assertEqual(sanimas.status, "selesai")
        self.assertEqual(list(sanimas.locations.values_list("code", flat=True)), ["32.04.05.2003"])

    def test_bad_rows_write_nothing_and_are_reported_by_row_and_column(self):
        bad = [
            GOOD[0],
            [
                "X",
                "bukan jenis",
                "sanitasi",
                "2025-01-01",
                "2024-01-01",
                "32.04.05.2999",
                None,
                None,
                None,
                None,
                None,
                "salah",
                None,
            ],
            [
                "Y",
                "csr",
                "sanitasi",
                "2025-01-01",
                "2025-12-31",
                "53.01",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ],
            [
                "SANIMAS Cinunuk",
                "csr",
                "sanitasi",
                D(2025, 3, 1),
                "2025-12-31",
                "32.04",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ],
        ]
        response = self.upload(workbook(bad), prefix="/en")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Programme.objects.exists())
        problems = {(p.row, p.column) for p in response.context["problems"]}
        self.assertLessEqual(
            {
                (3, "Jenis"),
                (3, "Selesai"),
                (3, "Lokasi (kode wilayah)"),
                (3, "E-mail narahubung"),
                (4, "Lokasi (kode wilayah)"),
                (5, "Nama program"),
            },
            problems,
        )
        self.assertContains(response, "The region code “32.04.05.2999” does not exist.")
        self.assertContains(response, "already in row 2")

    def test_missing_columns_and_rows_of_another_group_are_refused(self):
        response = self.upload(workbook([], header=["Nama"] + [None] * 12), prefix="/en")
        self.assertContains(response, "These columns are missing")
        provincial = make_programme("Program Provinsi", self.jabar_group, ["32.04"])
        self.client.force_login(self.regency)
        export = self.client.get("/pokja/32.04/program/ekspor.xlsx").content
        response = self.upload(SimpleUploadedFile("ekspor.xlsx", export), prefix="/en")
        self.assertContains(response, "registered by another working group")
        self.assertEqual(Programme.objects.get(), provincial)

    def test_own_export_imports_again_without_change(self):
        self.upload(workbook(GOOD))
        export = self.client.get("/pokja/32.04/program/ekspor.xlsx").content
        before = list(Programme.objects.values().order_by("pk"))
        response = self.upload(SimpleUploadedFile("ekspor.xlsx", export))
        self.assertRedirects(response, "/pokja/32.04/program/")
        self.assertEqual(list(Programme.objects.values().order_by("pk")), before)


class ExportTestCase(ProgrammeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_programme(
            "SANIMAS Cinunuk",
            cls.bandung_group,
            ["32.04.05.2001"],
            contact_email="u@example.org",
            budget=650000000,
        )
        make_programme("PAMSIMAS Kupang", cls.kupang_group, ["53.01"], sector="air_minum")

    def rows(self, response):
        self.assertTrue(response.streaming)
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))

    def test_public_csv_has_every_programme_without_contacts(self):
        response = self.client.get("/program/ekspor.csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        header, *rows = self.rows(response)
        self.assertEqual(header, programme_io.export_header())
        self.assertEqual({r[0] for r in rows}, {"SANIMAS Cinunuk", "PAMSIMAS Kupang"})
        self.assertNotIn("u@example.org", {cell for row in rows for cell in row})
        sanimas = next(r for r in rows if r[0] == "SANIMAS Cinunuk")
        self.assertEqual(sanimas[3:6], ["01/01/2025", "31/12/2025", "32.04.05.2001"])
        self.assertEqual(sanimas[9], "650000000.00")

    def test_public_export_filters_by_region(self):
        response = self.client.get("/program/ekspor.csv?wilayah=53")
        self.assertEqual([r[0] for r in self.rows(response)[1:]], ["PAMSIMAS Kupang"])

    def test_group_xlsx_has_contacts_in_scope(self):
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/program/ekspor.xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual([r[0] for r in rows], ["SANIMAS Cinunuk"])
        self.assertEqual(rows[0][11], "u@example.org")
        self.assertEqual(rows[0][13], "32.04")

    def test_export_queries_do_not_grow(self):
        with self.assertNumQueries(3):  # programmes, locations, working groups
            self.rows(self.client.get("/program/ekspor.csv"))
        for i in range(5):
            make_programme(f"P{i}", self.bandung_group, ["32.04.05.2003"])
        with self.assertNumQueries(3):
            self.rows(self.client.get("/program/ekspor.csv"))

    def test_csv_is_read_in_chunks_while_it_streams(self):
        for i in range(5):
            make_programme(f"P{i}", self.bandung_group, ["32.04.05.2003"])
        with mock.patch.object(programme_io, "CHUNK", 2):
            response = self.client.get("/program/ekspor.csv")
            self.assertTrue(response.streaming)
            # Nothing is read before the file is: the rows come chunk by chunk.
            # The programmes; groups and locations for each of the four chunks of two.
            with self.assertNumQueries(1 + 2 * 4):
                rows = self.rows(response)
        # In the order of the registering group's code, then the name, across the chunks.
        expected = ["P0", "P1", "P2", "P3", "P4", "SANIMAS Cinunuk", "PAMSIMAS Kupang"]
        self.assertEqual([r[0] for r in rows[1:]], expected)

    def test_group_export_keeps_the_list_filters(self):
        self.client.force_login(self.member)
        make_programme("Air Cinunuk", self.bandung_group, ["32.04.05.2001"], sector="air_minum")
        response = self.client.get("/pokja/32.04/program/ekspor.csv?sektor=air_minum")
        self.assertEqual([r[0] for r in self.rows(response)[1:]], ["Air Cinunuk"])
        response = self.client.get("/pokja/32.04/program/?sektor=air_minum")
        self.assertContains(response, "/pokja/32.04/program/ekspor.csv?sektor=air_minum")


@mock.patch.object(programme_io, "XLSX_MAX_ROWS", 2)
class XlsxCapTestCase(ProgrammeTestCase):
    """An XLSX export holds at most XLSX_MAX_ROWS programmes and then says so, in the user's
    language; the CSV export holds them all."""

    def add(self, count):
        for i in range(count):
            make_programme(f"Program {i}", self.bandung_group, ["32.04.05.2003"])

    def sheet_rows(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        return list(sheet.iter_rows(min_row=2, values_only=True))

    def test_a_file_within_the_cap_is_whole(self):
        self.add(2)
        rows = self.sheet_rows("/program/ekspor.xlsx")
        self.assertEqual([r[0] for r in rows], ["Program 0", "Program 1"])
        self.assertNotContains(self.client.get("/program/"), "XLSX")

    def test_a_capped_file_says_so_in_the_users_language(self):
        self.add(3)
        rows = self.sheet_rows("/program/ekspor.xlsx")
        self.assertEqual([r[0] for r in rows[:2]], ["Program 0", "Program 1"])
        self.assertEqual(len(rows), 3)
        with translation.override("id"):  # the default language
            *_first, [message] = programme_io._capped(["a", "b", "c"], 2)
        self.assertEqual(rows[2][0], message)
        rows = self.sheet_rows("/en/program/ekspor.xlsx")
        self.assertIn("holds only the first 2 programmes", rows[2][0])
        csv_rows = ExportTestCase.rows(self, self.client.get("/program/ekspor.csv"))
        self.assertEqual(len(csv_rows), 1 + 3)

    def test_the_list_warns_before_the_download(self):
        self.add(3)
        response = self.client.get("/en/program/")
        self.assertContains(response, "An XLSX file holds at most 2 programmes")
        response = self.client.get("/en/program/?sektor=air_minum")
        self.assertNotContains(response, "An XLSX file holds at most")
