import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.monitoring.models import Target
from sinergi.monitoring.reference import load_catalogue
from sinergi.monitoring.tests.base import MonitoringTestCase, indicator
from sinergi.planning import demo_plans
from sinergi.planning.actions import do_adopt_plan
from sinergi.planning.models import Goal, PlanTarget, StrategicPlan, Strategy
from sinergi.test import BaseTestCase

D = datetime.date.fromisoformat
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
BASE = "/pokja/32.04/renstra/rencana/"


def make_plan(group, start=2025, end=2029, title="Renstra AMPL Kabupaten Bandung 2025–2029"):
    return StrategicPlan.objects.create(
        working_group=group,
        title=title,
        start_year=start,
        end_year=end,
        vision="Air minum dan sanitasi aman untuk semua.",
        mission="Memperluas layanan air minum.\nMenuntaskan BABS.",
    )


class PlanTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.water = indicator(
            "am-layak", "Akses air minum layak", "Access to adequate drinking water", order=1
        )
        cls.babs = indicator(
            "san-babs",
            "Buang air besar sembarangan",
            "Open defecation",
            sector="sanitasi",
            direction="turun",
            order=2,
        )
        cls.utility = indicator(
            "am-pdam",
            "Rumah tangga terlayani PDAM",
            "Households served by a water utility",
            unit="rumah_tangga",
            aggregation="jumlah",
            denominator_label="",
            order=3,
        )
        cls.plan = make_plan(cls.bandung_group)
        cls.goal = Goal.objects.create(plan=cls.plan, number=1, text="Akses air minum aman")
        cls.strategy = Strategy.objects.create(goal=cls.goal, text="Perluasan jaringan pipa")
        cls.target = PlanTarget.objects.create(
            plan=cls.plan, indicator=cls.water, year=2026, value=Decimal("95.5")
        )

    def url(self, suffix="", plan=None):
        return f"{BASE}{(plan or self.plan).pk}/{suffix}"

    def cell(self, indicator, year):
        return f"t-{indicator.pk}-{year}"


class AccessTestCase(PlanTestCase):
    def test_readers_in_scope_read_and_outsiders_get_404(self):
        urls = [BASE, self.url(), self.url("dokumen.docx"), self.url("dokumen.pdf")]
        for url in urls:
            for user, status in [
                (self.regency, 200),
                (self.member, 200),
                (self.provincial, 200),
                (self.national, 200),
                (self.outsider, 404),
            ]:
                with self.subTest(url=url, user=user.email):
                    self.client.force_login(user)
                    self.assertEqual(self.client.get(url).status_code, status)
            with self.subTest(url=url, user="visitor"):
                self.client.logout()
                r = self.client.get(url)
                self.assertRedirects(r, f"/akun/masuk/?next={url}", fetch_redirect_response=False)

    def test_only_the_secretariat_opens_the_pages_that_change_a_plan(self):
        goal = f"tujuan/{self.goal.pk}/"
        pages = ["ubah/", "target/", "tetapkan/", "tujuan/baru/", goal + "ubah/"]
        urls = [BASE + "baru/"] + [self.url(page) for page in pages]
        urls.append(self.url(goal + "strategi/baru/"))
        for url in urls:
            for user, status in [
                (self.regency, 200),
                (self.member, 403),
                (self.provincial, 403),
                (self.outsider, 404),
            ]:
                with self.subTest(url=url, user=user.email):
                    self.client.force_login(user)
                    self.assertEqual(self.client.get(url).status_code, status)
                    if user != self.regency:
                        self.assertEqual(self.client.post(url, {}).status_code, status)
            with self.subTest(url=url, user="visitor"):
                self.client.logout()
                r = self.client.get(url)
                self.assertRedirects(r, f"/akun/masuk/?next={url}", fetch_redirect_response=False)

    def test_removals_are_posted_by_the_secretariat_only(self):
        urls = [
            self.url(f"strategi/{self.strategy.pk}/hapus/"),
            self.url(f"tujuan/{self.goal.pk}/hapus/"),
        ]
        for url in urls:
            for user, status in [(self.member, 403), (self.outsider, 404)]:
                with self.subTest(url=url, user=user.email):
                    self.client.force_login(user)
                    self.assertEqual(self.client.post(url).status_code, status)
            self.client.logout()
            r = self.client.post(url)
            self.assertRedirects(r, f"/akun/masuk/?next={url}", fetch_redirect_response=False)
            self.client.force_login(self.regency)
            self.assertEqual(self.client.get(url).status_code, 405)
            self.assertRedirects(self.client.post(url), self.url())
        self.assertFalse(Goal.objects.exists())

    def test_the_plan_of_another_group_is_not_found_under_this_one(self):
        kupang = make_plan(self.kupang_group, title="Renstra Kupang")
        self.client.force_login(self.regency)
        for suffix in ["", "ubah/", "target/", "dokumen.pdf"]:
            with self.subTest(suffix=suffix):
                r = self.client.get(self.url(suffix, plan=kupang))
                self.assertEqual(r.status_code, 404)

    def test_members_see_no_edit_links(self):
        self.client.force_login(self.member)
        r = self.client.get(self.url())
        self.assertFalse(r.context["can_edit"])
        self.assertNotContains(r, self.url("ubah/"))
        self.assertNotContains(r, self.url("target/"))
        self.assertContains(r, self.url("dokumen.docx"))
        self.client.force_login(self.regency)
        r = self.client.get(self.url())
        self.assertContains(r, self.url("ubah/"))
        self.assertContains(r, self.url("target/"))
        self.assertContains(r, self.url("tetapkan/"))


class EditingTestCase(PlanTestCase):
    def setUp(self):
        self.client.force_login(self.regency)

    def test_a_secretariat_creates_a_plan_with_goals_strategies_and_targets(self):
        r = self.client.get(BASE + "baru/")
        self.assertContains(r, "Renstra AMPL Kabupaten Bandung")
        data = {
            "title": "Renstra AMPL Kabupaten Bandung 2030–2034",
            "start_year": "2030",
            "end_year": "2034",
            "vision": "Bandung sehat",
            "mission": "Satu\nDua",
        }
        r = self.client.post(BASE + "baru/", data)
        plan = StrategicPlan.objects.get(start_year=2030)
        self.assertRedirects(r, self.url(plan=plan), fetch_redirect_response=False)
        self.assertEqual(
            (plan.working_group, plan.status), (self.bandung_group, StrategicPlan.Status.DRAFT)
        )

        self.client.post(self.url("tujuan/baru/", plan), {"text": "Air minum aman"})
        self.client.post(self.url("tujuan/baru/", plan), {"text": "Sanitasi aman"})
        goals = list(plan.goals.values_list("number", "text"))
        self.assertEqual(goals, [(1, "Air minum aman"), (2, "Sanitasi aman")])
        second = plan.goals.get(number=2)
        url = self.url(f"tujuan/{second.pk}/strategi/baru/", plan)
        self.assertRedirects(self.client.post(url, {"text": "LLTT"}), self.url(plan=plan))
        self.client.post(url, {"text": "SPALD terpusat"})
        self.assertEqual(
            list(second.strategies.values_list("text", flat=True)), ["LLTT", "SPALD terpusat"]
        )

        targets = {
            self.cell(self.water, 2030): "97,5",
            self.cell(self.water, 2034): "100",
            self.cell(self.babs, 2031): " 0,25 ",
            self.cell(self.utility, 2032): "150000",
        }
        r = self.client.post(self.url("target/", plan), targets)
        self.assertRedirects(r, self.url(plan=plan), fetch_redirect_response=False)
        stored = set(plan.targets.values_list("indicator__code", "year", "value"))
        self.assertEqual(
            stored,
            {
                ("am-layak", 2030, Decimal("97.5")),
                ("am-layak", 2034, Decimal(100)),
                ("san-babs", 2031, Decimal("0.25")),
                ("am-pdam", 2032, Decimal(150000)),
            },
        )
        # A draft's targets are not yet the region's.
        self.assertFalse(Target.objects.exists())

        r = self.client.get("/en" + self.url(plan=plan))
        self.assertContains(r, "Goal 2")
        self.assertContains(r, "SPALD terpusat")
        self.assertContains(r, "<td>households</td>", html=True)
        self.assertContains(r, '<td class="num">97.5</td>', html=True)
        self.assertContains(r, '<td class="num">150,000</td>', html=True)
        r = self.client.get(self.url(plan=plan))
        self.assertContains(r, '<td class="num">97,5</td>', html=True)

    def test_the_period_ends_after_it_starts_and_lasts_at_most_ten_years(self):
        data = {"title": "Renstra", "start_year": "2030", "end_year": "2029"}
        r = self.client.post("/en" + BASE + "baru/", data)
        self.assertContains(r, "The last year cannot be before the first.")
        r = self.client.post("/en" + BASE + "baru/", data | {"end_year": "2040"})
        self.assertContains(r, "A plan covers at most 10 years.")
        r = self.client.post("/en" + BASE + "baru/", data | {"end_year": "2039"})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(StrategicPlan.objects.count(), 2)

    def test_bad_targets_save_nothing_and_are_shown_at_their_cell(self):
        bad = self.cell(self.water, 2027)
        data = {
            self.cell(self.water, 2026): "96",
            bad: "120",
            self.cell(self.utility, 2025): "banyak",
            self.cell(self.babs, 2025): "-1",
        }
        r = self.client.post("/en" + self.url("target/"), data)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Nothing was saved: 3 targets have problems")
        self.assertContains(r, f'aria-invalid="true" aria-describedby="id_{bad}-error"')
        self.assertContains(r, "A target of this indicator is at most 100.")
        self.assertContains(r, "A target cannot be negative.")
        self.assertContains(r, 'value="banyak"')
        self.target.refresh_from_db()
        self.assertEqual(self.target.value, Decimal("95.5"))
        self.assertEqual(PlanTarget.objects.count(), 1)

    def test_the_grid_shows_the_stored_targets_and_an_emptied_cell_removes_one(self):
        r = self.client.get(self.url("target/"))
        self.assertEqual(r.context["years"], [2025, 2026, 2027, 2028, 2029])
        self.assertContains(r, f'name="{self.cell(self.water, 2026)}" value="95,5"')
        r = self.client.post(self.url("target/"), {self.cell(self.water, 2026): ""})
        self.assertRedirects(r, self.url(), fetch_redirect_response=False)
        self.assertFalse(PlanTarget.objects.exists())

    def test_a_shorter_period_drops_the_targets_of_the_years_left_out(self):
        PlanTarget.objects.create(plan=self.plan, indicator=self.water, year=2029, value=99)
        data = {"title": self.plan.title, "start_year": "2025", "end_year": "2028"}
        self.assertEqual(self.client.post(self.url("ubah/"), data).status_code, 302)
        self.assertEqual(list(self.plan.targets.values_list("year", flat=True)), [2026])

    def test_goal_numbers_are_unique_within_the_plan(self):
        Goal.objects.create(plan=self.plan, number=2, text="Sanitasi")
        url = "/en" + self.url(f"tujuan/{self.goal.pk}/ubah/")
        r = self.client.post(url, {"number": "2", "text": "Air"})
        self.assertContains(r, "The plan already has a goal with this number.")
        r = self.client.post(url, {"number": "3", "text": "Air minum aman untuk semua"})
        self.assertEqual(r.status_code, 302)
        self.goal.refresh_from_db()
        self.assertEqual((self.goal.number, self.goal.text), (3, "Air minum aman untuk semua"))

    def test_removing_a_goal_removes_its_strategies(self):
        self.client.post(self.url(f"tujuan/{self.goal.pk}/hapus/"))
        self.assertFalse(Strategy.objects.exists())

    def test_an_adopted_plan_stays_editable_with_a_notice(self):
        do_adopt_plan(self.plan, D("2025-03-01"), "Perbup Bandung 12/2025")
        for suffix in ["", "ubah/", "target/"]:
            with self.subTest(suffix=suffix):
                r = self.client.get("/en" + self.url(suffix))
                self.assertContains(r, "This plan was adopted on 1 March 2025")
        self.client.force_login(self.member)
        self.assertNotContains(self.client.get("/en" + self.url()), "This plan was adopted on")

    def test_saving_the_targets_of_an_adopted_plan_updates_the_region_targets(self):
        do_adopt_plan(self.plan, D("2025-03-01"), "Perbup Bandung 12/2025")
        data = {self.cell(self.water, 2026): "96", self.cell(self.water, 2027): "97"}
        self.client.post(self.url("target/"), data)
        stored = Target.objects.filter(region=self.kab_bandung).values_list("year", "value")
        self.assertEqual(set(stored), {(2026, Decimal(96)), (2027, Decimal(97))})

    def test_an_adopted_plan_cannot_move_onto_the_years_of_another_adopted_plan(self):
        do_adopt_plan(self.plan, D("2025-03-01"))
        later = make_plan(self.bandung_group, 2030, 2034, "Renstra 2030–2034")
        do_adopt_plan(later, D("2030-02-01"))
        data = {"title": later.title, "start_year": "2029", "end_year": "2033"}
        r = self.client.post("/en" + self.url("ubah/", later), data)
        self.assertContains(r, "Only one adopted plan may cover a year.")
        later.refresh_from_db()
        self.assertEqual(later.start_year, 2030)

    def test_a_cell_left_out_of_the_form_keeps_its_target(self):
        r = self.client.post(self.url("target/"), {self.cell(self.water, 2025): "90"})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(self.plan.targets.count(), 2)

    def test_the_list_takes_a_fixed_number_of_queries(self):
        self.client.get(BASE)
        # session, user, roles, group, plans, unread notifications
        with self.assertNumQueries(6):
            self.client.get(BASE)
        make_plan(self.bandung_group, 2030, 2034, "Renstra 2030–2034")
        with self.assertNumQueries(6):
            r = self.client.get(BASE)
        self.assertContains(r, "Renstra 2030–2034")

    def test_the_plan_page_takes_a_fixed_number_of_queries(self):
        self.client.get(self.url())
        # session, user, roles, group, plan, goals, strategies, targets, unread notifications
        with self.assertNumQueries(9):
            self.client.get(self.url())
        for number in range(2, 6):
            goal = Goal.objects.create(plan=self.plan, number=number, text=f"Tujuan {number}")
            Strategy.objects.create(goal=goal, text="Strategi A")
            Strategy.objects.create(goal=goal, text="Strategi B")
            for year in self.plan.years:
                PlanTarget.objects.update_or_create(
                    plan=self.plan, indicator=self.babs, year=year, defaults={"value": number}
                )
        with self.assertNumQueries(9):
            r = self.client.get(self.url())
        self.assertContains(r, "Tujuan 5")


class AdoptionTestCase(MonitoringTestCase):
    """Adoption through the page, and the dashboard that then compares against the plan."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = make_plan(cls.bandung_group, 2024, 2028, "Renstra AMPL Bandung 2024–2028")
        for year, value in [(2024, 92), (2025, 94)]:
            PlanTarget.objects.create(plan=cls.plan, indicator=cls.water, year=year, value=value)
        cls.url = f"{BASE}{cls.plan.pk}/tetapkan/"

    def setUp(self):
        self.client.force_login(self.regency)

    def adopt(self, prefix="/en", plan=None, **data):
        url = prefix + (f"{BASE}{plan.pk}/tetapkan/" if plan else self.url)
        data = {"adopted_on": "2024-03-15", "adopted_by": "Perbup Bandung 9/2024"} | data
        return self.client.post(url, data)

    def test_adopted_targets_appear_on_the_dashboard_as_that_years_targets(self):
        r = self.client.get("/en/pemantauan/32.04/")
        self.assertContains(r, "100.00% (national target, 2024, RPJMN)")

        r = self.adopt()
        self.assertRedirects(r, f"/en{BASE}{self.plan.pk}/", fetch_redirect_response=False)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, StrategicPlan.Status.ADOPTED)
        self.assertEqual(
            (self.plan.adopted_on, self.plan.adopted_by), (D("2024-03-15"), "Perbup Bandung 9/2024")
        )
        stored = Target.objects.filter(region=self.kab_bandung).values_list("year", "value")
        self.assertEqual(set(stored), {(2024, Decimal(92)), (2025, Decimal(94))})

        r = self.client.get("/en/pemantauan/32.04/")
        self.assertContains(r, "92.00% (2024, Rencana strategis: Renstra AMPL Bandung 2024–2028)")
        self.assertContains(r, '<td class="num">92.00%</td>', html=True)
        self.assertContains(r, "2.00 percentage points to go")  # 90 % in 2024

    def test_two_adopted_plans_cannot_cover_the_same_year(self):
        earlier = make_plan(self.bandung_group, 2020, 2024, "Renstra AMPL Bandung 2020–2024")
        PlanTarget.objects.create(plan=earlier, indicator=self.water, year=2024, value=88)
        do_adopt_plan(earlier, D("2020-02-01"), "Perbup Bandung 3/2020")

        r = self.adopt()
        self.assertEqual(r.status_code, 200)
        self.assertContains(
            r,
            "Another adopted plan, Renstra AMPL Bandung 2020–2024 (2020–2024), already covers "
            "some of these years. Only one adopted plan may cover a year.",
        )
        self.assertEqual(self.adopt(prefix="").status_code, 200)
        self.plan.refresh_from_db()
        self.assertEqual(
            (self.plan.status, self.plan.adopted_on, self.plan.adopted_by),
            (StrategicPlan.Status.DRAFT, None, ""),
        )
        stored = Target.objects.filter(region=self.kab_bandung).values_list("year", "value")
        self.assertEqual(list(stored), [(2024, Decimal(88))])

        # A plan that starts after the other ends is adopted.
        later = make_plan(self.bandung_group, 2025, 2029, "Renstra AMPL Bandung 2025–2029")
        self.assertEqual(self.adopt(plan=later, adopted_on="2025-02-01").status_code, 302)

    def test_the_adoption_needs_a_date_and_a_document(self):
        r = self.adopt(adopted_on="", adopted_by="")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(len(r.context["form"].errors), 2)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, StrategicPlan.Status.DRAFT)

    def test_the_adopting_file_is_checked_by_its_content_and_read_by_members(self):
        fake = SimpleUploadedFile("perbup.pdf", b"MZ not a pdf", content_type="application/pdf")
        r = self.adopt(adopting_file=fake)
        self.assertContains(r, "This file is not a")
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, StrategicPlan.Status.DRAFT)
        self.assertFalse(Target.objects.filter(region=self.kab_bandung).exists())

        real = SimpleUploadedFile("perbup.pdf", PDF, content_type="application/pdf")
        self.assertEqual(self.adopt(adopting_file=real).status_code, 302)
        self.plan.refresh_from_db()
        self.assertTrue(self.plan.adopting_file.name.startswith("renstra/"))
        self.client.force_login(self.member)
        r = self.client.get(f"{BASE}{self.plan.pk}/berkas-penetapan/")
        self.assertEqual(b"".join(r.streaming_content), PDF)
        self.client.force_login(self.outsider)
        r = self.client.get(f"{BASE}{self.plan.pk}/berkas-penetapan/")
        self.assertEqual(r.status_code, 404)


class DemoTestCase(BaseTestCase):
    def test_the_demo_gives_kabupaten_bandung_an_adopted_plan_once(self):
        load_catalogue()
        self.assertEqual(demo_plans.load_demo(), {"strategic_plans": 1})
        self.assertEqual(demo_plans.load_demo(), {"strategic_plans": 0})
        plan = StrategicPlan.objects.get(working_group=self.bandung_group)
        self.assertEqual(plan.status, StrategicPlan.Status.ADOPTED)
        self.assertEqual(plan.goals.count(), 3)
        self.assertEqual(Strategy.objects.filter(goal__plan=plan).count(), 6)
        self.assertEqual(plan.targets.count(), 30)
        self.assertEqual(Target.objects.filter(region=self.kab_bandung).count(), 30)
