import csv
import datetime
import io

from django.utils import timezone
from openpyxl import load_workbook

from sinergi.decrees.models import Decree
from sinergi.test import BaseTestCase, add_member


class DirectoryTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        today = timezone.localdate()
        year = datetime.timedelta(days=365)
        Decree.objects.create(
            working_group=cls.bandung_group,
            number="050/Kep.112-Bappeda/2026",
            signatory="Bupati Bandung",
            signed_on=today - year / 2,
            valid_from=today - year / 2,
            valid_until=today + year / 2,
        )
        Decree.objects.create(
            working_group=cls.kupang_group,
            number="188/2024",
            signatory="Bupati Kupang",
            signed_on=today - 2 * year,
            valid_from=today - 2 * year,
            valid_until=today - year,
        )
        cls.bandung_group.secretariat_address = "Jl. Raya Soreang Km. 17"
        cls.bandung_group.phone = "022-5891691"
        cls.bandung_group.contact_person = add_member(
            cls.bandung_group,
            "Asep Hidayat",
            "sekretaris",
            job_title="Kepala Bidang",
            email="asep.pribadi@example.org",
            phone="0812-1111",
        ).person
        cls.bandung_group.save()

    def test_every_province_and_regency_is_listed_with_its_status(self):
        r = self.client.get("/pokja/")
        rows = r.context["rows"]
        self.assertEqual([row.code for row in rows], ["32", "32.04", "32.73", "53", "53.01"])
        status = {row.code: row.status for row in rows}
        self.assertEqual(
            status,
            {
                "32": "forming",
                "32.04": "active",
                "32.73": "none",
                "53": "forming",
                "53.01": "expired",
            },
        )
        self.assertContains(r, "Jl. Raya Soreang Km. 17")
        self.assertContains(r, "Asep Hidayat, Kepala Bidang")
        self.assertNotContains(r, "asep.pribadi@example.org")  # personal contacts stay private

    def test_coverage_counts_active_groups(self):
        coverage = self.client.get("/pokja/").context["coverage"]
        self.assertEqual(coverage["provinces"], {"total": 2, "with_group": 2, "active": 0})
        self.assertEqual(coverage["regencies"], {"total": 3, "with_group": 2, "active": 1})

    def test_filters_and_search(self):
        def codes(query):
            return [row.code for row in self.client.get("/pokja/" + query).context["rows"]]

        self.assertEqual(codes("?provinsi=53"), ["53", "53.01"])
        self.assertEqual(codes("?status=none"), ["32.73"])
        self.assertEqual(codes("?jenis=ppas"), ["53"])
        self.assertEqual(codes("?q=kupang"), ["53.01"])
        self.assertEqual(codes("?q=pokja+ampl+kabupaten+bandung"), ["32.04"])
        # A hand-edited bad filter is ignored, never an error.
        self.assertEqual(len(codes("?status=xyz&provinsi=99")), 5)

    def test_csv_and_xlsx_exports_match_the_list(self):
        listed = [row.code for row in self.client.get("/pokja/?provinsi=32").context["rows"]]
        r = self.client.get("/pokja/ekspor.csv?provinsi=32")
        self.assertEqual(r["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0][0], "Kode")
        self.assertEqual([row[0] for row in rows[1:]], listed)
        self.assertIn("SK berlaku", rows[2])

        r = self.client.get("/pokja/ekspor.xlsx?provinsi=32")
        sheet = load_workbook(io.BytesIO(r.content)).active
        self.assertEqual([row[0] for row in sheet.iter_rows(min_row=2, values_only=True)], listed)
        self.assertEqual(self.client.get("/pokja/ekspor.pdf").status_code, 404)

    def test_english(self):
        r = self.client.get("/en/pokja/")
        self.assertContains(r, "Directory of working groups")
        self.assertContains(r, "Decree expired")
        r = self.client.get("/en/pokja/ekspor.csv")
        self.assertTrue(r.content.decode("utf-8-sig").startswith("Code,Region"))

    def test_query_count_does_not_grow_with_regions(self):
        # 2 for the rows, 9 for the activeness index of every group (sinergi/activeness).
        with self.assertNumQueries(11):
            self.client.get("/pokja/")
