"""The roll-up of work-plan budgets (issue 16, item 8): every level's own plan counts, once.

A national plan, Jawa Barat's own plan and the plans of two of its kabupaten/kota, for 2025. The
nation adds up all four; Jawa Barat its own plan and its two kabupaten/kota. Before the fix the
provincial roll-up left the province's own plan out, and there was no national roll-up.
"""

from decimal import Decimal

from django.utils import timezone

from sinergi.planning.models import WorkPlan
from sinergi.planning.rollups import roll_up, rows_by_province
from sinergi.planning.tests.base import WorkPlanTestCase
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import Region
from sinergi.test import make_region

D = Decimal
BANDUNG = D("4725000000.74")  # Kabupaten Bandung's plan in WorkPlanTestCase
NATIONAL = D("2000000000")
JABAR = D("1000000000.50")
KOTA = D("350000000")


class BudgetRollUpTestCase(WorkPlanTestCase):
    national_url = "/ringkasan-nasional/2025/"
    province_url = "/ringkasan-provinsi/32/2025/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        national_plan = WorkPlan.objects.create(working_group=cls.national_group, year=2025)
        cls.activity(
            "Penyusunan NSPK air minum dan sanitasi",
            "kelembagaan",
            {"apbn": "2000000000"},
            plan=national_plan,
            location=cls.nation,
        )
        jabar_plan = WorkPlan.objects.create(working_group=cls.jabar_group, year=2025)
        cls.jabar_activity = cls.activity(
            "Pembangunan pipa transmisi SPAM Regional Jatigede",
            "air_minum",
            {"apbd_provinsi": "750000000.50", "donor": "250000000"},
            plan=jabar_plan,
            location=cls.jabar,
        )
        cls.kota_group = WorkingGroup.objects.create(
            region=cls.kota_bandung, name="Pokja Sanitasi Kota Bandung"
        )
        kota_plan = WorkPlan.objects.create(working_group=cls.kota_group, year=2025)
        cls.activity(
            "Pembangunan IPAL komunal",
            "sanitasi",
            {"apbd_kabkota": "300000000", "csr": "50000000"},
            plan=kota_plan,
            location=cls.kota_bandung,
        )
        # Another year stays out of every roll-up of 2025.
        later = WorkPlan.objects.create(working_group=cls.bandung_group, year=2026)
        cls.activity("Tahun depan", "air_minum", {"apbn": "999"}, plan=later)
        cls.report(cls.jabar_activity, 1, "20", apbd_provinsi="100000000")
        cls.report(cls.spam, 1, "10", dak_fisik="1000000.25")

    def levels(self, response):
        return [
            (level.slug, level.own, level.plans, level.regions, level.budget, level.spent)
            for level in response.context["rollup"].levels
        ]

    def test_the_nation_counts_its_own_plan_every_province_and_every_kabupaten_once(self):
        self.client.force_login(self.national)
        r = self.client.get("/en" + self.national_url)
        summary = r.context["summary"]
        self.assertEqual(summary.total_budget, NATIONAL + JABAR + BANDUNG + KOTA)
        self.assertEqual(summary.total_spent, D("101000000.25"))
        self.assertEqual(summary.activities, 5)
        # Regions: 2 provinces (Jawa Barat, NTT) and 3 kabupaten/kota in the test data.
        self.assertEqual(
            self.levels(r),
            [
                ("nation", True, 1, 1, NATIONAL, 0),
                ("province", False, 1, 2, JABAR, D("100000000")),
                ("regency", False, 2, 3, BANDUNG + KOTA, D("1000000.25")),
            ],
        )
        levels = r.context["rollup"].levels
        self.assertEqual(sum(level.budget for level in levels), summary.total_budget)
        self.assertEqual(sum(level.share for level in levels), D("100.00"))
        self.assertContains(r, "Indonesia: own plan")
        self.assertContains(r, 'href="/en/pokja/ID/rkt/2025/ringkasan/"')
        self.assertContains(r, "1 of 2 provinces has a plan for 2025.")
        self.assertContains(r, "2 of 3 kabupaten/kota have a plan for 2025.")
        self.assertContains(r, "8,075,000,001.24")

    def test_the_national_table_shows_each_province_with_its_own_plan_and_its_kabupaten(self):
        self.client.force_login(self.national)
        r = self.client.get("/en" + self.national_url)
        rows = r.context["rows"]
        self.assertEqual([row.region for row in rows], [self.jabar, self.ntt])
        jabar, ntt = rows
        self.assertEqual(
            (jabar.own_budget, jabar.regency_plans, jabar.regencies, jabar.regency_budget),
            (JABAR, 2, 2, BANDUNG + KOTA),
        )
        self.assertEqual(jabar.budget, JABAR + BANDUNG + KOTA)
        self.assertEqual(
            (ntt.own_plan, ntt.regency_plans, ntt.regencies, ntt.budget), (None, 0, 1, 0)
        )
        # The national plan is the only money outside the provinces' rows.
        self.assertEqual(
            sum(row.budget for row in rows) + NATIONAL, r.context["summary"].total_budget
        )
        self.assertContains(r, 'href="/en/ringkasan-provinsi/32/2025/"')
        self.assertNotContains(r, 'href="/en/ringkasan-provinsi/53/2025/"')

    def test_a_province_counts_its_own_plan_and_those_of_its_kabupaten_and_kota(self):
        self.client.force_login(self.provincial)
        r = self.client.get("/en" + self.province_url)
        summary = r.context["summary"]
        # Before the fix: BANDUNG + KOTA, the province's own plan left out.
        self.assertEqual(summary.total_budget, JABAR + BANDUNG + KOTA)
        self.assertEqual(summary.total_spent, D("101000000.25"))
        self.assertEqual(
            self.levels(r),
            [
                ("province", True, 1, 1, JABAR, D("100000000")),
                ("regency", False, 2, 2, BANDUNG + KOTA, D("1000000.25")),
            ],
        )
        rows = r.context["rows"]
        self.assertEqual(
            [(row.group, row.own, row.budget) for row in rows],
            [
                (self.jabar_group, True, JABAR),
                (self.bandung_group, False, BANDUNG),
                (self.kota_group, False, KOTA),
            ],
        )
        self.assertEqual(sum(row.budget for row in rows), summary.total_budget)
        self.assertContains(r, "Jawa Barat: own plan")
        self.assertContains(r, "2 of 2 kabupaten/kota have a plan for 2025.")
        self.assertContains(r, 'href="/en/pokja/32/rkt/2025/ringkasan/"')
        # Every table by source, sector and institution adds up to the same total.
        for section in r.context["sections"]:
            self.assertEqual(sum(row.budget for row in section.rows), summary.total_budget)

    def test_no_plan_is_counted_twice_in_any_view(self):
        nation = roll_up(self.nation, 2025)
        province = roll_up(self.jabar, 2025)
        ids = [plan.pk for plan in nation.plans]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(len(ids), 4)
        self.assertEqual(sum(nation.budget.values()), nation.summary.total_budget)
        self.assertEqual(sum(level.plans for level in nation.levels), 4)
        self.assertEqual(sum(level.plans for level in province.levels), 3)
        # Jawa Barat's row of the national roll-up is Jawa Barat's own roll-up.
        jabar = next(row for row in rows_by_province(nation) if row.region == self.jabar)
        self.assertEqual(jabar.budget, province.summary.total_budget)
        self.assertEqual(jabar.spent, province.summary.total_spent)
        # Kabupaten Bandung's plan is in both, and in each once.
        self.assertEqual(nation.budget[self.plan.pk], province.budget[self.plan.pk])
        self.assertEqual(nation.summary.total_budget - province.summary.total_budget, NATIONAL)

    def test_a_region_without_a_plan_of_its_own_says_so(self):
        self.client.force_login(self.national)
        r = self.client.get("/en/ringkasan-provinsi/32/2026/")
        self.assertEqual(
            self.levels(r), [("province", True, 0, 1, 0, 0), ("regency", False, 1, 2, 999, 0)]
        )
        self.assertContains(r, "No plan of its own for 2026.")
        self.assertContains(r, "1 of 2 kabupaten/kota has a plan for 2026.")
        r = self.client.get("/en/ringkasan-nasional/2024/")
        self.assertEqual(r.context["summary"].total_budget, 0)
        self.assertContains(r, "0 of 2 provinces have a plan for 2024.")

    def test_only_the_national_secretariat_sees_the_national_roll_up(self):
        self.assert_access(
            self.national_url,
            editors=[self.national],
            outsiders=[self.provincial, self.outsider, self.regency, self.member],
        )

    def test_the_national_work_plans_link_to_the_national_roll_up(self):
        year = timezone.localdate().year
        self.client.force_login(self.national)
        r = self.client.get("/pokja/ID/rkt/")
        self.assertContains(r, f'href="/ringkasan-nasional/{year}/"')
        self.assertNotContains(r, "/ringkasan-provinsi/")
        r = self.client.get("/pokja/32/rkt/")
        self.assertContains(r, f'href="/ringkasan-provinsi/32/{year}/"')
        self.assertNotContains(r, "/ringkasan-nasional/")

    def test_queries_do_not_grow_with_the_regions_plans_or_activities(self):
        self.client.force_login(self.national)
        for url in (self.national_url, self.province_url):
            self.client.get(url)  # warm the session
            with self.assertNumQueries(17 if url == self.national_url else 16):
                self.client.get(url)
        jateng = make_region("33", "Jawa Tengah", Region.Kind.PROVINCE, self.nation)
        for region in [jateng] + [
            make_region(f"{code}.{n:02}", f"Kabupaten {n}", Region.Kind.REGENCY, parent)
            for code, parent in (("32", self.jabar), ("33", jateng))
            for n in range(10, 14)
        ]:
            group = WorkingGroup.objects.create(region=region, name=f"Pokja {region.name}")
            plan = WorkPlan.objects.create(working_group=group, year=2025)
            for n in range(3):
                activity = self.activity(
                    f"Kegiatan {n}", "sanitasi", {"apbn": "1000", "csr": "10"}, plan=plan
                )
                self.report(activity, 1, "10", apbn="100")
        for url in (self.national_url, self.province_url):
            with self.assertNumQueries(17 if url == self.national_url else 16):
                r = self.client.get(url)
        self.assertEqual(len(r.context["rows"]), 7)
        self.assertEqual(r.context["summary"].total_budget, JABAR + BANDUNG + KOTA + 4 * 3 * 1010)


class DemoRollUpTestCase(WorkPlanTestCase):
    def test_the_demo_shows_jawa_barat_s_own_plan_beside_kabupaten_bandung_s(self):
        from sinergi.planning import demo_work

        year = timezone.localdate().year
        demo_work.load_demo()
        levels = roll_up(self.jabar, year).levels
        self.assertEqual(
            [(level.slug, level.plans, level.budget) for level in levels],
            [("province", 1, D("14380000000")), ("regency", 1, D("6400000000"))],
        )
