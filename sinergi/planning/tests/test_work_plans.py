import datetime
from decimal import Decimal

from django.utils import timezone

from sinergi.planning.models import (
    Activity,
    BudgetLine,
    Goal,
    StrategicPlan,
    WorkPlan,
)
from sinergi.planning.tests.base import WorkPlanTestCase
from sinergi.programmes.models import Programme
from sinergi.test import BaseTestCase

D = Decimal


class IndexTestCase(WorkPlanTestCase):
    url = "/pokja/32.04/rkt/"

    def test_access(self):
        self.assert_access(
            self.url,
            editors=[self.regency, self.member, self.provincial, self.national],
            outsiders=[self.outsider],
        )

    def test_it_lists_the_plans_and_offers_the_next_year_to_the_secretariat(self):
        self.client.force_login(self.regency)
        r = self.client.get("/en" + self.url)
        self.assertContains(r, "Work plan 2025")
        self.assertContains(r, 'name="year" value="2026"')
        self.client.force_login(self.member)
        r = self.client.get("/en" + self.url)
        self.assertContains(r, "Work plan 2025")
        self.assertNotContains(r, 'name="year"')

    def test_queries_do_not_grow_with_the_plans(self):
        renstra = StrategicPlan.objects.create(
            working_group=self.bandung_group, title="Renstra", start_year=2020, end_year=2030
        )
        self.client.force_login(self.regency)
        self.client.get(self.url)
        with self.assertNumQueries(7):
            self.client.get(self.url)
        for year in range(2020, 2025):
            WorkPlan.objects.create(
                working_group=self.bandung_group, year=year, strategic_plan=renstra
            )
        with self.assertNumQueries(7):
            r = self.client.get(self.url)
        self.assertEqual(len(r.context["plans"]), 6)

    def test_a_province_links_to_the_roll_up_of_its_kabupaten(self):
        self.client.force_login(self.provincial)
        r = self.client.get("/pokja/32/rkt/")
        year = timezone.localdate().year
        self.assertContains(r, f'href="/ringkasan-provinsi/32/{year}/"')
        self.client.force_login(self.regency)
        r = self.client.get(self.url)
        self.assertNotContains(r, "/ringkasan-provinsi/")


class CreateTestCase(WorkPlanTestCase):
    url = "/pokja/32.04/rkt/tambah/"

    def test_access(self):
        self.assert_access(
            self.url,
            editors=[self.regency],
            readers=[self.member, self.provincial, self.national],
            outsiders=[self.outsider],
        )
        self.client.force_login(self.member)
        self.assertEqual(self.client.post(self.url, {"year": 2027}).status_code, 403)
        self.assertFalse(WorkPlan.objects.filter(year=2027).exists())

    def test_the_secretariat_creates_a_plan_under_the_adopted_strategic_plan(self):
        renstra = StrategicPlan.objects.create(
            working_group=self.bandung_group,
            title="Renstra AMPL 2025-2029",
            start_year=2025,
            end_year=2029,
            status=StrategicPlan.Status.ADOPTED,
            adopted_on=datetime.date(2025, 3, 1),
        )
        self.client.force_login(self.regency)
        r = self.client.post(self.url, {"year": "2027", "notes": "Fokus desa ODF"})
        self.assertRedirects(r, "/pokja/32.04/rkt/2027/")
        plan = WorkPlan.objects.get(working_group=self.bandung_group, year=2027)
        self.assertEqual((plan.strategic_plan, plan.notes), (renstra, "Fokus desa ODF"))

    def test_one_plan_a_year(self):
        self.client.force_login(self.regency)
        r = self.client.post("/en" + self.url, {"year": "2025"})
        self.assertContains(r, "already has a work plan for that year")
        r = self.client.post("/en" + self.url, {"year": "1990"})
        self.assertContains(r, "Choose a year from 2000")
        self.assertEqual(WorkPlan.objects.count(), 1)


class DetailTestCase(WorkPlanTestCase):
    url = "/pokja/32.04/rkt/2025/"

    def test_access(self):
        self.assert_access(
            self.url,
            editors=[self.regency, self.member, self.provincial, self.national],
            outsiders=[self.outsider],
        )
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get("/pokja/32.04/rkt/2024/").status_code, 404)

    def test_it_shows_every_activity_with_its_budget_and_the_totals(self):
        self.report(self.spam, 1, "40")
        self.client.force_login(self.member)
        r = self.client.get("/en" + self.url)
        self.assertContains(r, "Pembangunan SPAM perdesaan di Desa Cinunuk")
        self.assertContains(r, "Cinunuk")
        self.assertContains(r, "Dinas Kesehatan Kabupaten Bandung")
        rows = r.context["rows"]
        self.assertEqual([row.total for row in rows], [D("4500000000.75"), D("224999999.99")])
        self.assertEqual(rows[0].progress, D(40))
        self.assertIsNone(rows[1].progress)
        # Columns for the sources the plan uses only, in the order of FundingSource.
        self.assertEqual(
            [s.value for s in r.context["sources"]],
            ["dak_fisik", "apbd_kabkota", "dana_desa", "csr", "swadaya"],
        )
        self.assertEqual(sum(r.context["source_totals"]), D("4725000000.74"))
        self.assertContains(r, "4,725,000,000.74")
        self.assertNotContains(r, 'id="add-activity"')

    def test_queries_do_not_grow_with_the_activities(self):
        self.client.force_login(self.regency)
        self.client.get(self.url)  # warm the session and the content types
        with self.assertNumQueries(13):
            self.client.get(self.url)
        for n in range(5):
            self.activity(f"Kegiatan {n}", "sanitasi", {"apbn": "1000", "donor": "2000"})
        with self.assertNumQueries(13):
            r = self.client.get(self.url)
        self.assertEqual(len(r.context["rows"]), 7)


class ActivityFormTestCase(WorkPlanTestCase):
    add_url = "/pokja/32.04/rkt/2025/kegiatan/tambah/"
    edit_url = "/pokja/32.04/rkt/2025/kegiatan/1/ubah/"

    def data(self, **changes):
        data = {
            "name": "Pembangunan IPAL komunal",
            "sector": "sanitasi",
            "institution": self.bappeda.pk,
            "location": "Kec. Cileunyi",
            "output": "IPAL komunal terbangun",
            "unit": "unit",
            "quantity": "2",
            "end_quarter": "3",
            "apbd_kabkota_amount": "1.250.000,50",
            "csr_amount": "500000000",
            "csr_programme": "CSR Bank BJB",
            "swadaya_amount": "",
        }
        data.update(changes)
        return data

    def snapshot(self):
        return (
            list(Activity.objects.values_list("pk", "name", "location", "sector")),
            list(BudgetLine.objects.values_list("activity", "source", "amount", "programme")),
        )

    def test_access(self):
        for url in (self.add_url, self.edit_url):
            self.assert_access(
                url,
                editors=[self.regency],
                readers=[self.member, self.provincial, self.national],
                outsiders=[self.outsider],
            )
        self.client.force_login(self.member)
        before = self.snapshot()
        self.assertEqual(self.client.post(self.add_url, self.data()).status_code, 403)
        self.assertEqual(self.client.post(self.edit_url, self.data()).status_code, 403)
        self.assertEqual(self.snapshot(), before)

    def test_the_secretariat_adds_an_activity_with_its_budget(self):
        self.client.force_login(self.regency)
        r = self.client.post(self.add_url, self.data())
        self.assertRedirects(r, "/pokja/32.04/rkt/2025/")
        activity = Activity.objects.get(name="Pembangunan IPAL komunal")
        self.assertEqual(
            (activity.number, activity.location, activity.end_quarter, activity.quantity),
            (3, self.cileunyi, 3, D(2)),
        )
        lines = {line.source: (line.amount, line.programme) for line in activity.budget_lines.all()}
        self.assertEqual(
            lines,
            {
                "apbd_kabkota": (D("1250000.50"), ""),
                "csr": (D("500000000"), "CSR Bank BJB"),
            },
        )

    def test_a_new_activity_is_placed_in_the_region_of_the_group_by_default(self):
        self.client.force_login(self.regency)
        form = self.client.get(self.add_url).context["form"]
        self.assertEqual(form["location"].value(), "Kabupaten Bandung — Jawa Barat (32.04)")
        self.assertEqual(list(form.fields)[3], "location")

    def test_a_village_by_name_or_code_becomes_the_location(self):
        # One region picker (issue 15 item 12) for the kabupaten, a kecamatan or a village.
        self.client.force_login(self.regency)
        r = self.client.post(self.add_url, self.data(location="32.04.05.2001"))
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Activity.objects.get(number=3).location, self.cinunuk)
        r = self.client.get("/pokja/32.04/rkt/2025/kegiatan/3/ubah/")
        self.assertContains(r, 'value="Cinunuk — Kec. Cileunyi, Kab. Bandung (32.04.05.2001)"')

    def test_it_refuses_a_location_outside_the_group_or_unknown(self):
        self.client.force_login(self.regency)
        before = self.snapshot()
        r = self.client.post("/en" + self.add_url, self.data(location="32.04.05.9999"))
        self.assertContains(r, "There is no region with the code 32.04.05.9999.")
        r = self.client.post("/en" + self.add_url, self.data(location="Cinunukk"))
        self.assertContains(r, "No region called “Cinunukk” was found in Kabupaten Bandung")
        r = self.client.post("/en" + self.add_url, self.data(location=self.kab_kupang.code))
        self.assertContains(r, "Kabupaten Kupang (53.01) lies outside Kabupaten Bandung.")
        self.assertEqual(self.snapshot(), before)

    def test_it_refuses_bad_amounts_and_changes_nothing(self):
        self.client.force_login(self.regency)
        before = self.snapshot()
        for amount, message in [
            ("-5000", "cannot be negative"),
            ("lima juta", "is not a number"),
            ("1250000.50", "is ambiguous"),
            ("1,250,000", "is ambiguous"),
            ("12.50.000", "is not a number"),
            ("1,255", "is ambiguous"),
            ("99999999999999999", "too large"),
        ]:
            with self.subTest(amount):
                r = self.client.post("/en" + self.add_url, self.data(csr_amount=amount))
                self.assertEqual(r.status_code, 200)
                self.assertContains(r, message)
                self.assertContains(r, "Nothing has been saved")
                r = self.client.post("/en" + self.edit_url, self.data(csr_amount=amount))
                self.assertContains(r, message)
        self.assertEqual(self.snapshot(), before)

    def test_a_programme_needs_an_amount(self):
        self.client.force_login(self.regency)
        r = self.client.post("/en" + self.add_url, self.data(apbn_programme="PAMSIMAS"))
        self.assertContains(r, "Write the amount this programme funds")
        self.assertFalse(Activity.objects.filter(name="Pembangunan IPAL komunal").exists())

    def test_editing_changes_adds_and_removes_lines(self):
        self.client.force_login(self.regency)
        r = self.client.get(self.edit_url)
        self.assertContains(r, 'name="apbd_kabkota_amount" value="1.250.000.000,50"')
        data = self.data(
            name="Pembangunan SPAM perdesaan di Desa Cinunuk",
            sector="air_minum",
            apbd_kabkota_amount="1.300.000.000",
            csr_amount="",
            csr_programme="",
            dak_fisik_amount="3.000.000.000",
            swadaya_amount="10.000.000",
        )
        self.assertRedirects(self.client.post(self.edit_url, data), "/pokja/32.04/rkt/2025/")
        lines = dict(self.spam.budget_lines.values_list("source", "amount"))
        self.assertEqual(
            lines,
            {"apbd_kabkota": D("1300000000"), "dak_fisik": D("3000000000"), "swadaya": D(10**7)},
        )
        self.spam.refresh_from_db()
        self.assertEqual((self.spam.number, self.spam.location), (1, self.cileunyi))

    def test_a_line_with_recorded_spending_cannot_be_removed(self):
        self.report(self.spam, 1, "10", csr="1000000")
        self.client.force_login(self.regency)
        before = self.snapshot()
        data = self.data(
            name="SPAM",
            apbd_kabkota_amount="1",
            csr_amount="",
            csr_programme="",
            dak_fisik_amount="",
        )
        r = self.client.post("/en" + self.edit_url, data)
        self.assertContains(r, "Spending from this source is recorded")
        self.assertEqual(self.snapshot(), before)

    def test_institutions_come_from_the_roster_regions(self):
        kupang = self.institution("Bappeda Kabupaten Kupang", region=self.kab_kupang)
        self.client.force_login(self.regency)
        r = self.client.post("/en" + self.add_url, self.data(institution=kupang.pk))
        self.assertContains(r, "Select a valid choice")
        self.assertNotContains(r, "Bappeda Kabupaten Kupang")

    def test_goals_come_from_the_adopted_strategic_plan_covering_the_year(self):
        self.client.force_login(self.regency)
        self.assertNotIn("goal", self.client.get(self.add_url).context["form"].fields)
        adopted = StrategicPlan.objects.create(
            working_group=self.bandung_group,
            title="Renstra 2025-2029",
            start_year=2025,
            end_year=2029,
            status=StrategicPlan.Status.ADOPTED,
            adopted_on=datetime.date(2025, 2, 1),
        )
        draft = StrategicPlan.objects.create(
            working_group=self.bandung_group, title="Draf", start_year=2025, end_year=2029
        )
        served = Goal.objects.create(plan=adopted, number=1, text="Akses air minum aman")
        other = Goal.objects.create(plan=draft, number=1, text="Draf")
        goals = self.client.get(self.add_url).context["form"].fields["goal"].queryset
        self.assertEqual(list(goals), [served])
        r = self.client.post(self.add_url, self.data(goal=other.pk))
        self.assertEqual(r.status_code, 200)
        self.client.post(self.add_url, self.data(goal=served.pk))
        self.assertEqual(Activity.objects.get(number=3).goal, served)


class DemoTestCase(BaseTestCase):
    def test_the_demo_plan_is_loaded_once(self):
        from sinergi.planning import demo_work
        from sinergi.planning.summaries import summarize

        self.assertEqual(
            demo_work.load_demo(),
            {"work_plan_activities": 6, "provincial_work_plan_activities": 5},
        )
        self.assertEqual(
            demo_work.load_demo(),
            {"work_plan_activities": 0, "provincial_work_plan_activities": 0},
        )
        plan = WorkPlan.objects.get(working_group=self.bandung_group)
        self.assertEqual(plan.year, timezone.localdate().year)
        summary = summarize([plan])
        self.assertEqual(summary.activities, 6)
        self.assertTrue({"csr", "swadaya", "kpbu", "donor"} <= set(summary.by_source.budget))
        self.assertGreater(summary.non_government_share, 0)
        # Villages and kecamatan missing from the test regions: the kabupaten or Cileunyi.
        self.assertEqual(
            set(plan.activities.values_list("location__code", flat=True)), {"32.04", "32.04.05"}
        )


class ProgrammeLinkTestCase(BaseTestCase):
    def test_a_line_naming_a_registered_programme_links_to_it(self):
        programme = Programme.objects.create(
            name="SANIMAS Cileunyi",
            kind="nasional",
            sector="sanitasi",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
            registered_by=self.bandung_group,
        )
        programme.locations.add(self.cileunyi)
        plan = WorkPlan.objects.create(working_group=self.bandung_group, year=2026)
        activity = Activity.objects.create(
            work_plan=plan, number=1, name="IPAL komunal", sector="sanitasi", location=self.cinunuk
        )
        BudgetLine.objects.create(
            activity=activity, source="apbn", amount=1, programme="sanimas cileunyi"
        )
        BudgetLine.objects.create(activity=activity, source="csr", amount=1, programme="CSR Bank X")
        self.client.force_login(self.member)
        r = self.client.get("/pokja/32.04/rkt/2026/")
        self.assertContains(
            r, f'<a href="/program/{programme.pk}/">sanimas cileunyi</a>', html=True
        )
        self.assertContains(r, "CSR Bank X")
