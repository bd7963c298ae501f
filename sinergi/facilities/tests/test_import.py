import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from sinergi.facilities.files import export_header
from sinergi.facilities.models import Facility
from sinergi.facilities.tests.base import FacilityTestCase
from sinergi.lib import spreadsheets

URL = "/pokja/32.04/sarana/impor/"
HEADER = ["Kode desa*", "Desa", "Jenis*", "Nama*", "Lintang", "Bujur", "Tahun dibangun",
          "Program", "Kapasitas", "Satuan kapasitas", "Jiwa terlayani", "KK terlayani",
          "Pengelola", "Nama pengelola"]  # fmt: skip
GOOD = [
    ["32.04.05.2001", "Cinunuk", "public  HYDRANT", "Hidran Umum Babakan", -6.9412, 107.745, 2015,
     "Pamsimas III", 2.5, "L/detik", 200, 50, "BUMDes", "BUMDes Cinunuk"],
    ["32.04.05.2002", "", "tps3r", "TPS3R Berseri", "-6,947", "107,752", 2020,
     None, None, None, 3000, 750, "ksm", "KSM Berseri"],
]  # fmt: skip


def workbook(rows, header=HEADER):
    content = spreadsheets.workbook_bytes("Sarana", header, rows)
    return SimpleUploadedFile("sarana.xlsx", content)


class ImportTestCase(FacilityTestCase):
    def upload(self, rows, user=None):
        self.client.force_login(user or self.regency)
        return self.client.post(URL, {"file": workbook(rows)})

    def test_it_imports_the_rows_then_changes_nothing_on_the_same_file(self):
        response = self.upload(GOOD)
        self.assertRedirects(response, "/pokja/32.04/sarana/")
        hydrant = Facility.objects.get(name="Hidran Umum Babakan")
        self.assertEqual(hydrant.kind, "hidran_umum")
        self.assertEqual(hydrant.programme, self.pamsimas)
        self.assertEqual(str(hydrant.capacity), "2.50")
        self.assertEqual(str(Facility.objects.get(name="TPS3R Berseri").latitude), "-6.947000")
        before = list(Facility.objects.order_by("pk").values())
        response = self.client.post("/en" + URL, {"file": workbook(GOOD)})
        messages = [str(m) for m in response.wsgi_request._messages]
        self.assertIn("Created: 0, changed: 0, unchanged: 2.", messages[-1])
        self.assertEqual(list(Facility.objects.order_by("pk").values()), before)

    def test_a_bad_row_leaves_everything_unwritten(self):
        bad = [
            GOOD[0],
            ["32.04.05.2999", "", "spam", "SPAM Hantu", -6.9, 107.7, None, None, None, None,
             None, None, None, None],
            ["32.04.05.2002", "", "spam", "SPAM Paris", 48.85, 2.35, None, None, None, None,
             None, None, None, None],
            ["32.04.05", "", "roket", "Bukan desa", None, None, None, "Tidak ada", None, None,
             None, None, None, None],
        ]  # fmt: skip
        response = self.upload(bad)
        self.assertEqual(response.status_code, 200)
        problems = response.context["problems"]
        text = " ".join(message for _row, _column, message in problems)
        self.assertIn("Tidak ada wilayah dengan kode 32.04.05.2999", text)
        self.assertIn("di luar Indonesia", text)
        self.assertIn("bukan desa/kelurahan", text)
        self.assertIn("Tidak ada program bernama", text)
        self.assertEqual({row for row, _c, _m in problems}, {3, 4, 5})
        self.assertEqual(Facility.objects.count(), 2)

    def test_it_refuses_the_same_facility_twice_in_a_file(self):
        response = self.upload([GOOD[0], GOOD[0]])
        self.assertContains(response, "juga ada di baris 2")
        self.assertEqual(Facility.objects.count(), 2)

    def test_an_export_imports_again_without_change(self):
        self.client.force_login(self.regency)
        content = self.client.get("/pokja/32.04/sarana/ekspor.xlsx").content
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        self.assertEqual([c.value for c in sheet[1]], export_header())
        response = self.client.post("/en" + URL, {"file": SimpleUploadedFile("e.xlsx", content)})
        messages = [str(m) for m in response.wsgi_request._messages]
        self.assertIn("Created: 0, changed: 0, unchanged: 2.", messages[-1])

    def test_the_template_has_the_columns(self):
        self.client.force_login(self.regency)
        content = self.client.get("/pokja/32.04/sarana/templat.xlsx").content
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        self.assertEqual([c.value for c in sheet[1]], HEADER)

    def test_a_member_may_not_import(self):
        self.assertEqual(self.upload(GOOD, self.member).status_code, 403)
        self.assertEqual(Facility.objects.count(), 2)
