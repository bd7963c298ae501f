import datetime
from decimal import Decimal

from django.urls import reverse

from sinergi.planning.models import WorkPlan
from sinergi.planning.tests.base import WorkPlanTestCase
from sinergi.planning.views_work import quarter_under_way
from sinergi.pokja.models import Institution, WorkingGroup

D = Decimal


class QuarterTestCase(WorkPlanTestCase):
    def test_the_quarter_under_way(self):
        today = datetime.date(2026, 8, 17)
        self.assertEqual(quarter_under_way(2026, today), 3)
        self.assertEqual(quarter_under_way(2026, datetime.date(2026, 1, 1)), 1)
        self.assertEqual(quarter_under_way(2026, datetime.date(2026, 12, 31)), 4)
        self.assertEqual(quarter_under_way(2025, today), 5)
        self.assertIsNone(quarter_under_way(2027, today))


class SummaryPageTestCase(WorkPlanTestCase):
    url = "/pokja/32.04/rkt/2025/ringkasan/"

    def test_access(self):
        self.assert_access(
            self.url,
            editors=[self.regency, self.member, self.provincial, self.national],
            outsiders=[self.outsider],
        )

    def test_every_breakdown_adds_up_to_the_plan_total(self):
        self.report(self.spam, 1, "30", apbd_kabkota="400000000.10", csr="0.15")
        self.report(self.stbm, 2, "50", swadaya="12345.67")
        self.client.force_login(self.member)
        r = self.client.get("/en" + self.url)
        summary = r.context["summary"]
        self.assertEqual(summary.total_budget, D("4725000000.74"))
        self.assertEqual(summary.total_spent, D("400012345.92"))
        sections = r.context["sections"]
        self.assertEqual([s.slug for s in sections], ["sumber", "sektor", "lembaga"])
        for section in sections:
            with self.subTest(section.slug):
                self.assertEqual(sum(row.budget for row in section.rows), summary.total_budget)
                self.assertEqual(sum(row.spent for row in section.rows), summary.total_spent)
        by_source = {row.label: row for row in sections[0].rows}
        self.assertEqual(by_source["CSR"].budget, D("250000000.25"))
        self.assertTrue(by_source["CSR"].non_government)
        self.assertFalse(by_source["DAK fisik"].non_government)
        by_institution = [(row.label, row.budget) for row in sections[2].rows]
        self.assertEqual(
            by_institution,
            [
                ("Bappeda Kabupaten Bandung", D("4500000000.75")),
                ("Dinas Kesehatan Kabupaten Bandung", D("224999999.99")),
            ],
        )
        # CSR and swadaya are the non-government part: 350,000,000.24 of 4,725,000,000.74.
        self.assertEqual(summary.non_government_budget, D("350000000.24"))
        self.assertContains(r, "7.41%")
        self.assertContains(r, "4,725,000,000.74")
        # Two bars a row of the 5 sources, 2 sectors and 2 institutions, one per activity.
        self.assertContains(r, "<svg", count=(5 + 2 + 2) * 2 + 2)

    def test_late_activities_are_those_unfinished_after_their_quarter(self):
        self.report(self.spam, 3, "100")
        self.report(self.stbm, 2, "80")
        self.client.force_login(self.regency)
        r = self.client.get("/en" + self.url)
        self.assertEqual(r.context["summary"].late, [self.stbm])
        self.assertEqual([row.late for row in r.context["progress"]], [False, True])
        self.assertContains(r, "2. Pemicuan STBM di 12 desa — planned to finish in quarter 4")
        future = WorkPlan.objects.create(working_group=self.bandung_group, year=2099)
        self.activity("Kegiatan", "sanitasi", {"apbn": "1"}, plan=future, end_quarter=1)
        r = self.client.get("/en/pokja/32.04/rkt/2099/ringkasan/")
        self.assertEqual(r.context["summary"].late, [])
        self.assertContains(r, "No activity is late.")

    def test_it_links_to_the_realisation_report(self):
        self.client.force_login(self.member)
        r = self.client.get(self.url)
        report = reverse("workplans:planning_realisation_report", args=["32.04", 2025])
        self.assertContains(r, f'href="{report}?format=xlsx"')
        self.assertContains(r, f'href="{report}?format=pdf"')

    def test_queries_do_not_grow_with_the_activities(self):
        self.client.force_login(self.regency)
        self.client.get(self.url)
        with self.assertNumQueries(11):
            self.client.get(self.url)
        for n in range(6):
            activity = self.activity(f"Kegiatan {n}", "sanitasi", {"apbn": "1000", "kpbu": "5"})
            self.report(activity, 1, "10", apbn="10")
        with self.assertNumQueries(11):
            r = self.client.get(self.url)
        self.assertEqual(len(r.context["progress"]), 8)


class ProvinceSummaryTestCase(WorkPlanTestCase):
    url = "/ringkasan-provinsi/32/2025/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.kota_group = WorkingGroup.objects.create(
            region=cls.kota_bandung, name="Pokja Sanitasi Kota Bandung"
        )
        kota_plan = WorkPlan.objects.create(working_group=cls.kota_group, year=2025)
        dinkes = Institution.objects.create(
            name="Dinas Kesehatan Kota Bandung",
            category=Institution.Category.AGENCY,
            region=cls.kota_bandung,
        )
        cls.kota_activity = cls.activity(
            "Pembangunan IPAL komunal",
            "sanitasi",
            {"apbn": "700000000.01", "donor": "300000000"},
            plan=kota_plan,
            institution=dinkes,
            location=cls.kota_bandung,
        )
        # Plans of other provinces and other years stay out; the province's own plan counts
        # (test_budget_rollup.py).
        kupang_plan = WorkPlan.objects.create(working_group=cls.kupang_group, year=2025)
        cls.activity("Kupang", "air_minum", {"apbn": "999"}, plan=kupang_plan)
        later = WorkPlan.objects.create(working_group=cls.bandung_group, year=2026)
        cls.activity("Tahun depan", "air_minum", {"apbn": "999"}, plan=later)
        cls.jabar_plan = WorkPlan.objects.create(working_group=cls.jabar_group, year=2025)
        cls.activity("Provinsi", "air_minum", {"apbn": "999"}, plan=cls.jabar_plan)

    def test_only_who_reads_the_whole_province_sees_it(self):
        self.assert_access(
            self.url,
            editors=[self.provincial, self.national],
            outsiders=[self.outsider, self.regency, self.member],
        )
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get("/ringkasan-provinsi/53/2025/").status_code, 200)
        self.client.force_login(self.national)
        self.assertEqual(self.client.get("/ringkasan-provinsi/32.04/2025/").status_code, 404)
        self.assertEqual(self.client.get("/ringkasan-provinsi/99/2025/").status_code, 404)

    def test_it_adds_up_the_province_and_its_kabupaten_and_kota(self):
        self.report(self.spam, 1, "10", dak_fisik="1000000.50")
        self.report(self.kota_activity, 1, "10", donor="250000")
        self.client.force_login(self.provincial)
        r = self.client.get("/en" + self.url)
        summary = r.context["summary"]
        self.assertEqual(summary.total_budget, D(999) + D("4725000000.74") + D("1000000000.01"))
        self.assertEqual(summary.total_spent, D("1250000.50"))
        rows = r.context["rows"]
        self.assertEqual(
            [row.group for row in rows], [self.jabar_group, self.bandung_group, self.kota_group]
        )
        self.assertEqual(
            [row.budget for row in rows], [D(999), D("4725000000.74"), D("1000000000.01")]
        )
        self.assertEqual(sum(row.budget for row in rows), summary.total_budget)
        self.assertEqual(sum(row.spent for row in rows), summary.total_spent)
        self.assertEqual([row.activities for row in rows], [1, 2, 1])
        # 2025 is over: every activity below 100% is late.
        self.assertEqual([row.late for row in rows], [1, 2, 1])
        for section in r.context["sections"]:
            self.assertEqual(sum(row.budget for row in section.rows), summary.total_budget)
            self.assertEqual(sum(row.spent for row in section.rows), summary.total_spent)
        self.assertContains(r, 'href="/en/pokja/32.73/rkt/2025/ringkasan/"')
        self.assertContains(r, "5,725,000,999.75")

    def test_a_kabupaten_without_a_plan_is_listed_as_such(self):
        self.client.force_login(self.national)
        r = self.client.get("/en/ringkasan-provinsi/32/2024/")
        self.assertEqual([row.plan for row in r.context["rows"]], [None, None, None])
        self.assertContains(r, "No work plan for this year.", count=3)
        self.assertEqual(r.context["summary"].total_budget, 0)

    def test_queries_do_not_grow_with_the_kabupaten_or_activities(self):
        self.client.force_login(self.provincial)
        self.client.get(self.url)
        with self.assertNumQueries(16):
            self.client.get(self.url)
        for n in range(4):
            self.activity(f"Kegiatan {n}", "sanitasi", {"apbn": "1000"})
        with self.assertNumQueries(16):
            self.client.get(self.url)
