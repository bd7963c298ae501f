import datetime
import io
from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from sinergi.lib.spreadsheets import XLSX_CONTENT_TYPE
from sinergi.planning.models import (
    Activity,
    BudgetLine,
    FundingSource,
    Goal,
    QuarterReport,
    Spending,
    StrategicPlan,
    WorkPlan,
)
from sinergi.planning.work_plan_io import COLUMNS, HEADERS, SOURCE_NAMES
from sinergi.pokja.models import Institution
from sinergi.test import BaseTestCase

D = Decimal
HEADER = [column.header for column in COLUMNS]


def row(number, name="Pembangunan SPAM", sector="Air minum", location="32.04.05", **cells):
    """A row of the file; amounts as amount_<source>=..., programmes as programme_<source>."""
    values = {"number": number, "name": name, "sector": sector, "location": location, **cells}
    return [values.get(column.key) for column in COLUMNS]


def xlsx(rows, header=HEADER):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("RKT")
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class WorkPlanIoTestCase(BaseTestCase):
    url = "/en/pokja/32.04/rkt/2025/impor/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.pupr = Institution.objects.create(
            name="Dinas PUPR Kabupaten Bandung",
            category=Institution.Category.AGENCY,
            region=cls.kab_bandung,
        )

    def upload(self, content, name="rkt.xlsx", user=None):
        self.client.force_login(user or self.regency)
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        return self.client.post(self.url, {"file": upload})

    def summary(self, response):
        return str(list(get_messages(response.wsgi_request))[-1])

    def problems(self, response):
        return [tuple(p) for p in response.context["problems"]]

    def snapshot(self):
        activities = Activity.objects.order_by("number").values_list(
            "work_plan__year",
            "number",
            "name",
            "sector",
            "institution",
            "location__code",
            "output",
            "unit",
            "quantity",
            "goal",
            "end_quarter",
        )
        lines = BudgetLine.objects.order_by("activity__number", "source").values_list(
            "activity__number", "source", "amount", "programme"
        )
        return list(activities), list(lines)

    def good_rows(self):
        return [
            row(
                1,
                institution="dinas pupr  kabupaten bandung",
                output="SPAM perdesaan",
                unit="unit",
                quantity=2,
                end_quarter=3,
                amount_apbd_kabkota=1_500_000_000,
                programme_apbd_kabkota="",
                amount_dak_fisik="1.250.000,50",
                programme_dak_fisik="DAK Air Minum",
            ),
            row(2, name="Pemicuan STBM", sector="higiene_stbm", location="32.04.05.2001"),
        ]


class TemplateTestCase(WorkPlanIoTestCase):
    url = "/en/pokja/32.04/rkt/2025/templat.xlsx"

    def test_access(self):
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 302)
        self.assertIn("/akun/masuk/", r["Location"])
        for user, status in [(self.member, 403), (self.provincial, 403), (self.outsider, 404)]:
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, status, user)
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get("/en/pokja/32.04/rkt/1990/templat.xlsx").status_code, 404)

    def test_the_template_has_the_columns_drop_downs_and_instructions(self):
        self.client.force_login(self.regency)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], XLSX_CONTENT_TYPE)
        self.assertIn("templat-rkt-pokja-32.04-2025.xlsx", r["Content-Disposition"])
        workbook = load_workbook(io.BytesIO(r.content))
        self.assertEqual(workbook.sheetnames, ["RKT", "Petunjuk", "Pilihan"])
        sheet = workbook["RKT"]
        self.assertEqual([cell.value for cell in sheet[1]], HEADER)
        self.assertEqual(len(HEADER), 10 + 2 * len(FundingSource.values))
        self.assertEqual(set(SOURCE_NAMES), set(FundingSource.values))
        lists = [cell.value for cell in workbook["Pilihan"]["A"]]
        self.assertIn("Air minum", lists)
        institutions = [cell.value for cell in workbook["Pilihan"]["B"]]
        self.assertIn("Dinas PUPR Kabupaten Bandung", institutions)
        guide = " ".join(str(c.value) for r in workbook["Petunjuk"].iter_rows() for c in r)
        self.assertIn("1.250.000,50", guide)
        self.assertIn("never deletes an activity", guide)
        self.assertIn("Kabupaten Bandung (32.04)", guide)


class ImportTestCase(WorkPlanIoTestCase):
    def test_access(self):
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 302)
        for user, status in [(self.member, 403), (self.national, 403), (self.outsider, 404)]:
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, status, user)
        r = self.upload(xlsx(self.good_rows()), user=self.member)
        self.assertEqual(r.status_code, 403)
        self.assertFalse(WorkPlan.objects.exists())
        self.client.force_login(self.regency)
        self.assertContains(self.client.get(self.url), "the import creates it")

    def test_a_good_upload_creates_the_plan_activities_and_budget_lines(self):
        r = self.upload(xlsx(self.good_rows()))
        self.assertRedirects(r, "/en/pokja/32.04/rkt/2025/impor/")
        self.assertEqual(
            self.summary(r),
            "Activities imported. Created: 2, changed: 0, unchanged: 0. "
            "The work plan for 2025 was created.",
        )
        plan = WorkPlan.objects.get()
        self.assertEqual((plan.working_group, plan.year), (self.bandung_group, 2025))
        spam, stbm = plan.activities.order_by("number")
        self.assertEqual(
            (spam.name, spam.sector, spam.institution, spam.location, spam.end_quarter),
            ("Pembangunan SPAM", "air_minum", self.pupr, self.cileunyi, 3),
        )
        self.assertEqual((spam.output, spam.unit, spam.quantity), ("SPAM perdesaan", "unit", 2))
        self.assertEqual(
            list(spam.budget_lines.values_list("source", "amount", "programme")),
            [
                ("apbd_kabkota", D("1500000000.00"), ""),
                ("dak_fisik", D("1250000.50"), "DAK Air Minum"),
            ],
        )
        self.assertEqual(
            (stbm.sector, stbm.location, stbm.end_quarter), ("higiene_stbm", self.cinunuk, 4)
        )
        self.assertFalse(stbm.budget_lines.exists())

    def test_the_same_file_twice_changes_nothing(self):
        content = xlsx(self.good_rows())
        self.upload(content)
        before, changes = self.snapshot(), LogEntry.objects.count()
        r = self.upload(content)
        self.assertEqual(
            self.summary(r),
            "Activities imported. Created: 0, changed: 0, unchanged: 2.",
        )
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(LogEntry.objects.count(), changes)

    def test_bad_rows_change_nothing_and_each_is_listed_by_row_and_column(self):
        rows = [
            row(1, sector="Jalan raya"),
            row(2, amount_apbn=-5),
            row(3, location="32.99"),
            row(4, location="53.01"),
            row(2, name="Nomor kembar"),
            row(6, amount_csr="banyak"),
            row(7, amount_hibah=10.505),
            row(8, institution="Dinas Tidak Ada"),
            row(9, location=32.1),
            row(10, programme_donor="USAID"),
            row(0, goal=1),
        ]
        r = self.upload(xlsx(rows))
        self.assertEqual(r.status_code, 200)
        self.assertFalse(WorkPlan.objects.exists())
        self.assertFalse(Activity.objects.exists())
        problems = self.problems(r)
        cells = {(number, column) for number, column, _message in problems}
        self.assertEqual(
            cells,
            {
                (2, "Sektor"),
                (3, "Anggaran APBN (Rp)"),
                (4, "Kode lokasi"),
                (5, "Kode lokasi"),
                (6, "No. kegiatan"),
                (7, "Anggaran CSR (Rp)"),
                (8, "Anggaran Hibah (Rp)"),
                (9, "Lembaga penanggung jawab"),
                (10, "Kode lokasi"),
                (11, "Program Donor"),
                (12, "No. kegiatan"),
                (12, "No. tujuan renstra"),
            },
        )
        messages = {(number, column): message for number, column, message in problems}
        self.assertIn("“Jalan raya” is not one of the allowed values", messages[2, "Sektor"])
        self.assertEqual(messages[3, "Anggaran APBN (Rp)"], "The number cannot be negative.")
        self.assertEqual(messages[4, "Kode lokasi"], "“32.99” is not a region code.")
        self.assertEqual(
            messages[5, "Kode lokasi"], "Kabupaten Kupang is not part of Kabupaten Bandung."
        )
        self.assertEqual(messages[6, "No. kegiatan"], "Activity number 2 is already in row 3.")
        self.assertIn("“banyak” is not a number", messages[7, "Anggaran CSR (Rp)"])
        self.assertEqual(messages[8, "Anggaran Hibah (Rp)"], "Write at most 2 decimals.")
        self.assertIn(
            "“Dinas Tidak Ada” is not an institution", messages[9, "Lembaga penanggung jawab"]
        )
        self.assertIn("as text", messages[10, "Kode lokasi"])
        self.assertIn("No adopted strategic plan", messages[12, "No. tujuan renstra"])
        self.assertContains(r, "The file has 12 problems.")
        self.assertContains(r, "Activity number 2 is already in row 3.")

    def test_problems_are_in_the_active_language(self):
        self.client.force_login(self.regency)
        upload = SimpleUploadedFile("rkt.xlsx", xlsx([row(1, name=None)]))
        r = self.client.post("/pokja/32.04/rkt/2025/impor/", {"file": upload})
        self.assertEqual(self.problems(r), [(2, "Nama kegiatan", "Bidang ini harus diisi.")])

    def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(self):
        cases = [
            ("rkt.xlsx", b"No. kegiatan*;Nama kegiatan*\n1;SPAM\n", "not an Excel workbook"),
            ("rkt.csv", xlsx(self.good_rows()), "File extension"),
            ("rkt.xlsx", b"PK\x03\x04 not really a zip", "not an Excel workbook"),
            ("rkt.xlsx", xlsx([row(1)], header=HEADER[:5]), "These columns are missing"),
            ("rkt.xlsx", xlsx([]), "no rows to import below the header"),
        ]
        for name, content, message in cases:
            r = self.upload(content, name=name)
            self.assertEqual(r.status_code, 200, name)
            self.assertContains(r, message)
        self.assertFalse(WorkPlan.objects.exists())

    def test_a_row_replaces_its_activity_and_others_are_left_alone(self):
        plan = WorkPlan.objects.create(working_group=self.bandung_group, year=2025)
        spam = Activity.objects.create(
            work_plan=plan, number=1, name="SPAM", sector="air_minum", location=self.kab_bandung
        )
        BudgetLine.objects.create(activity=spam, source="apbn", amount=100)
        BudgetLine.objects.create(activity=spam, source="csr", amount=50, programme="CSR Bank")
        kept = Activity.objects.create(
            work_plan=plan,
            number=9,
            name="Rapat koordinasi",
            sector="kelembagaan",
            location=self.kab_bandung,
        )
        BudgetLine.objects.create(activity=kept, source="apbd_kabkota", amount=10)
        r = self.upload(
            xlsx([row(1, amount_apbn=200), row(2, name="IPAL komunal", sector="sanitasi")])
        )
        self.assertEqual(
            self.summary(r),
            "Activities imported. Created: 1, changed: 1, unchanged: 0. "
            "1 activities of the plan are not in the file and were left as they are.",
        )
        spam.refresh_from_db()
        self.assertEqual((spam.name, spam.location), ("Pembangunan SPAM", self.cileunyi))
        self.assertEqual(list(spam.budget_lines.values_list("source", "amount")), [("apbn", 200)])
        self.assertTrue(Activity.objects.filter(pk=kept.pk, name="Rapat koordinasi").exists())
        self.assertContains(self.client.get(self.url), "The work plan 2025 has 3 activities.")
        self.assertEqual(kept.budget_lines.get().amount, 10)

    def test_a_source_with_spending_keeps_its_budget(self):
        plan = WorkPlan.objects.create(working_group=self.bandung_group, year=2025)
        spam = Activity.objects.create(
            work_plan=plan, number=1, name="SPAM", sector="air_minum", location=self.kab_bandung
        )
        BudgetLine.objects.create(activity=spam, source="apbn", amount=100)
        report = QuarterReport.objects.create(activity=spam, quarter=1, physical_progress=10)
        Spending.objects.create(report=report, source="apbn", amount=40)
        r = self.upload(xlsx([row(1, amount_csr=100)]))
        self.assertEqual([p[:2] for p in self.problems(r)], [(2, "Anggaran APBN (Rp)")])
        self.assertEqual(spam.budget_lines.get().source, "apbn")

    def test_goals_are_those_of_the_adopted_plan_covering_the_year(self):
        strategic = StrategicPlan.objects.create(
            working_group=self.bandung_group,
            title="Renstra AMPL 2025-2029",
            start_year=2025,
            end_year=2029,
            status=StrategicPlan.Status.ADOPTED,
            adopted_on=datetime.date(2025, 1, 10),
        )
        goal = Goal.objects.create(plan=strategic, number=1, text="Air minum aman")
        r = self.upload(xlsx([row(1, goal=1), row(2, goal=7)]))
        self.assertEqual(
            self.problems(r),
            [
                (
                    3,
                    "No. tujuan renstra",
                    "The strategic plan “Renstra AMPL 2025-2029” has no goal 7.",
                )
            ],
        )
        self.upload(xlsx([row(1, goal=1)]))
        plan = WorkPlan.objects.get()
        self.assertEqual(plan.strategic_plan, strategic)
        self.assertEqual(plan.activities.get().goal, goal)


class ExportTestCase(WorkPlanIoTestCase):
    export_url = "/en/pokja/32.04/rkt/2025/ekspor.xlsx"

    def test_access(self):
        self.upload(xlsx(self.good_rows()))
        self.client.logout()
        self.assertEqual(self.client.get(self.export_url).status_code, 302)
        for user, status in [(self.member, 200), (self.provincial, 200), (self.outsider, 404)]:
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.export_url).status_code, status, user)
        self.assertEqual(self.client.get("/en/pokja/32.04/rkt/2024/ekspor.xlsx").status_code, 404)

    def test_the_export_imports_again_without_changing_anything(self):
        strategic = StrategicPlan.objects.create(
            working_group=self.bandung_group,
            title="Renstra",
            start_year=2025,
            end_year=2029,
            status=StrategicPlan.Status.ADOPTED,
            adopted_on=datetime.date(2025, 1, 10),
        )
        Goal.objects.create(plan=strategic, number=2, text="Sanitasi aman")
        rows = self.good_rows()
        rows.append(
            row(3, quantity="12,5", goal=2, amount_swadaya=D("12345678901234.56"), amount_donor=1)
        )
        self.upload(xlsx(rows))
        before = self.snapshot()
        self.client.force_login(self.member)
        r = self.client.get(self.export_url)
        self.assertEqual(r["Content-Type"], XLSX_CONTENT_TYPE)
        self.assertIn("rkt-pokja-32.04-2025.xlsx", r["Content-Disposition"])
        sheet = load_workbook(io.BytesIO(r.content)).active
        self.assertEqual([cell.value for cell in sheet[1]], HEADER)
        first = dict(zip(HEADER, [cell.value for cell in sheet[2]], strict=True))
        self.assertEqual(first[HEADERS["sector"]], "Air minum")
        self.assertEqual(first[HEADERS["location"]], "32.04.05")
        self.assertEqual(first[HEADERS["institution"]], "Dinas PUPR Kabupaten Bandung")
        r = self.upload(r.content)
        self.assertEqual(
            self.summary(r),
            "Activities imported. Created: 0, changed: 0, unchanged: 3.",
        )
        self.assertEqual(self.snapshot(), before)

    def test_the_template_filled_in_imports(self):
        self.client.force_login(self.regency)
        workbook = load_workbook(
            io.BytesIO(self.client.get("/pokja/32.04/rkt/2025/templat.xlsx").content)
        )
        sheet = workbook["RKT"]
        for values in self.good_rows():
            sheet.append(values)
        buffer = io.BytesIO()
        workbook.save(buffer)
        r = self.upload(buffer.getvalue())
        self.assertIn("Activities imported. Created: 2", self.summary(r))
