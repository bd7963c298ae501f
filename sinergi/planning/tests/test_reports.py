import io
from decimal import Decimal

from django.utils import translation
from openpyxl import load_workbook

from sinergi.lib.spreadsheets import XLSX_CONTENT_TYPE
from sinergi.planning.models import (
    Activity,
    BudgetLine,
    FundingSource,
    QuarterReport,
    Spending,
    WorkPlan,
)
from sinergi.planning.reports import build_report, pdf_bytes
from sinergi.planning.summaries import summarize
from sinergi.test import BaseTestCase

D = Decimal


def as_decimal(value):
    """A number read back from a workbook, as the Decimal it was written from."""
    return D(repr(value)).quantize(D("0.01")) if isinstance(value, float) else D(value)


class RealisationReportTestCase(BaseTestCase):
    url = "/en/pokja/32.04/rkt/2025/laporan-realisasi/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = WorkPlan.objects.create(working_group=cls.bandung_group, year=2025)
        cls.spam = cls.activity(1, "Pembangunan SPAM perdesaan", cls.cileunyi, bappeda=True)
        cls.stbm = cls.activity(2, "Pemicuan STBM", cls.kab_bandung)
        cls.idle = cls.activity(3, "Kajian tanpa anggaran", cls.kab_bandung)
        cls.line(cls.spam, "apbd_kabkota", "1500000000.50")
        cls.line(cls.spam, "dak_fisik", "800000000")
        cls.line(cls.stbm, "csr", "25000000")
        cls.spend(cls.spam, 1, "10", apbd_kabkota="100000000.25")
        cls.spend(cls.spam, 2, "45", apbd_kabkota="300000000", dak_fisik="200000000")
        cls.spend(cls.stbm, 3, "100", csr="24000000")
        # Another group's plan, which the report must not count.
        other = WorkPlan.objects.create(working_group=cls.kupang_group, year=2025)
        far = Activity.objects.create(
            work_plan=other,
            number=1,
            name="SPAM Kupang",
            sector="air_minum",
            location=cls.kab_kupang,
        )
        cls.line(far, "apbn", "999")
        cls.spend(far, 1, "50", apbn="99")

    @classmethod
    def activity(cls, number, name, location, bappeda=False):
        return Activity.objects.create(
            work_plan=cls.plan,
            number=number,
            name=name,
            sector="air_minum",
            location=location,
            institution=cls.bappeda if bappeda else None,
        )

    @staticmethod
    def line(activity, source, amount):
        BudgetLine.objects.create(activity=activity, source=source, amount=D(amount))

    @staticmethod
    def spend(activity, quarter, progress, **amounts):
        report = QuarterReport.objects.create(
            activity=activity, quarter=quarter, physical_progress=D(progress)
        )
        for source, amount in amounts.items():
            Spending.objects.create(report=report, source=source, amount=D(amount))

    def test_access(self):
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 302)
        self.assertIn("/akun/masuk/", r["Location"])
        for user in (self.regency, self.member, self.provincial, self.national):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 200, user)
            self.assertEqual(self.client.get(self.url + "?format=pdf").status_code, 200, user)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.get(self.url + "?format=xlsx").status_code, 404)

    def test_a_missing_plan_or_format_is_404(self):
        self.client.force_login(self.member)
        self.assertEqual(
            self.client.get("/en/pokja/32.04/rkt/2024/laporan-realisasi/").status_code, 404
        )
        self.assertEqual(self.client.get(self.url + "?format=docx").status_code, 404)

    def test_the_report_adds_up_by_activity_source_and_quarter(self):
        report = build_report(
            WorkPlan.objects.select_related("working_group__region").get(pk=self.plan.pk)
        )
        spam, stbm, idle = report.rows
        self.assertEqual([line.source for line in spam.lines], ["dak_fisik", "apbd_kabkota"])
        apbd = spam.lines[1]
        # Quarters 3 and 4 were never reported: None, shown as "—", not 0.
        self.assertEqual(apbd.spent, [D("100000000.25"), D(300000000), None, None])
        self.assertEqual(spam.lines[0].spent, [D(0), D(200000000), None, None])
        self.assertEqual(apbd.to_date, D("400000000.25"))
        self.assertEqual((spam.progress, spam.progress_quarter), (D(45), 2))
        self.assertEqual((idle.lines, idle.progress), ([], None))
        self.assertEqual(report.total.budget, D("2325000000.50"))
        self.assertEqual(report.total.spent, [D("100000000.25"), D(500000000), D(24000000), None])

    def test_xlsx_totals_equal_summarize(self):
        self.client.force_login(self.member)
        r = self.client.get(self.url + "?format=xlsx")
        self.assertEqual(r["Content-Type"], XLSX_CONTENT_TYPE)
        self.assertIn("realisasi-rkt-pokja-32.04-2025.xlsx", r["Content-Disposition"])
        sheet = load_workbook(io.BytesIO(r.content)).active
        header = [cell.value for cell in sheet[1]]
        rows = [
            dict(zip(header, values, strict=False))
            for values in sheet.iter_rows(min_row=2, values_only=True)
        ]
        totals = [row for row in rows if row["Activity"] == "Total"]
        by_source = {row["Funding source"]: row for row in totals if row["Funding source"]}
        grand = next(row for row in totals if not row["Funding source"])

        summary = summarize([self.plan])
        self.assertEqual(as_decimal(grand["Budget (Rp)"]), summary.total_budget)
        self.assertEqual(as_decimal(grand["Spent to date (Rp)"]), summary.total_spent)
        quarters = [as_decimal(grand[f"Spent in quarter {q} (Rp)"] or 0) for q in (1, 2, 3, 4)]
        self.assertEqual(sum(quarters), summary.total_spent)
        self.assertEqual(len(by_source), 3)
        with translation.override("en"):
            for source, budget, spent in summary.by_source.rows():
                row = by_source[str(FundingSource(source).label)]
                self.assertEqual(as_decimal(row["Budget (Rp)"]), budget)
                self.assertEqual(as_decimal(row["Spent to date (Rp)"]), spent)
        activity_rows = [row for row in rows if row["No."] is not None and row["No."] != ""]
        self.assertEqual(
            sum(as_decimal(row["Budget (Rp)"]) for row in activity_rows), summary.total_budget
        )
        spam = [row for row in activity_rows if row["No."] == 1]
        self.assertEqual([row["Physical progress (%)"] for row in spam], [45, 45])

    def test_the_pdf_is_a_landscape_page_with_the_group_and_year(self):
        self.client.force_login(self.member)
        r = self.client.get(self.url + "?format=pdf")
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertIn("realisasi-rkt-pokja-32.04-2025.pdf", r["Content-Disposition"])
        self.assertTrue(r.content.startswith(b"%PDF"))
        plan = WorkPlan.objects.select_related("working_group__region").get(pk=self.plan.pk)
        with translation.override("en"):
            pdf = pdf_bytes(build_report(plan), invariant=True, compress=False)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertIn(b"Pokja AMPL Kabupaten Bandung", pdf)
        self.assertIn(b"Realisation report of the work plan 2025", pdf)
        self.assertIn(b"Budget Rp 2,325,000,000.50", pdf)
        self.assertIn(b"Totals by funding source", pdf)
        self.assertIn(b"/MediaBox [ 0 0 841.8898 595.2756 ]", pdf)
        self.assertNotIn(b"SPAM Kupang", pdf)

    def test_the_page_shows_the_totals(self):
        self.client.force_login(self.member)
        r = self.client.get(self.url)
        self.assertContains(r, "Pembangunan SPAM perdesaan")
        self.assertContains(r, "2,325,000,000.5")
        self.assertNotContains(r, "SPAM Kupang")

    def test_quarters_never_reported_show_a_dash_and_reported_zeros_a_zero(self):
        # Issue 15: a quarter without a report showed 0, as if nothing had been spent.
        self.client.force_login(self.member)
        r = self.client.get(self.url)
        cell = '<td class="num">%s</td>'
        apbd = ["100,000,000.25", "300,000,000", "—", "—"]
        dak = ["0", "200,000,000", "—", "—"]  # reported in quarter 1, nothing from DAK
        self.assertContains(r, "".join(cell % amount for amount in apbd))
        self.assertContains(r, "".join(cell % amount for amount in dak))
        plan = WorkPlan.objects.select_related("working_group__region").get(pk=self.plan.pk)
        with translation.override("en"):
            pdf = pdf_bytes(build_report(plan), invariant=True, compress=False)
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_query_counts(self):
        self.client.force_login(self.member)
        # Session and user, the scope, the group, the plan, then activities, budget lines,
        # spending and progress (and the page header's notifications): the same for any
        # number of activities.
        with self.assertNumQueries(10):
            self.client.get(self.url)
        with self.assertNumQueries(9):
            self.client.get(self.url + "?format=xlsx")
        for number in range(10, 20):
            activity = self.activity(number, f"Kegiatan {number}", self.kab_bandung)
            self.line(activity, "apbn", "1000")
            self.spend(activity, 1, "5", apbn="10")
        with self.assertNumQueries(9):
            self.client.get(self.url + "?format=pdf")
