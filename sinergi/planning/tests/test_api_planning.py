import datetime
from decimal import Decimal

from auditlog.models import LogEntry
from django.test import override_settings
from django.urls import include, path
from rest_framework.routers import SimpleRouter

from sinergi import urls as site_urls
from sinergi.api import planning
from sinergi.monitoring.models import Indicator
from sinergi.planning.models import (
    Activity,
    BudgetLine,
    Goal,
    PlanTarget,
    QuarterReport,
    Spending,
    StrategicPlan,
    Strategy,
    WorkPlan,
)
from sinergi.test import BaseTestCase

D = Decimal

# The planning view sets routed as sinergi/api/urls.py routes them, ahead of the site's URLs.
router = SimpleRouter()
router.register("strategic-plans", planning.StrategicPlanViewSet, basename="strategic-plan")
router.register("work-plans", planning.WorkPlanViewSet, basename="work-plan")
urlpatterns = [path("api/", include(router.urls)), *site_urls.urlpatterns]


@override_settings(ROOT_URLCONF=__name__)
class PlanningApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        water = Indicator.objects.create(
            code="am-layak",
            name_id="Akses air minum layak",
            name_en="Adequate water",
            unit="persen",
            sector="air_minum",
            aggregation="rasio",
            denominator_label="rumah tangga",
            source="BPS",
        )
        cls.renstra = StrategicPlan.objects.create(
            working_group=cls.bandung_group,
            title="Renstra AMPL 2025-2029",
            start_year=2025,
            end_year=2029,
            status=StrategicPlan.Status.ADOPTED,
            adopted_on=datetime.date(2025, 2, 1),
        )
        goal = Goal.objects.create(plan=cls.renstra, number=1, text="Air minum aman")
        Strategy.objects.create(goal=goal, text="SPAM perdesaan")
        PlanTarget.objects.create(plan=cls.renstra, indicator=water, year=2026, value=95)
        StrategicPlan.objects.create(
            working_group=cls.kupang_group, title="Renstra Kupang", start_year=2025, end_year=2029
        )

        cls.plan = WorkPlan.objects.create(working_group=cls.bandung_group, year=2025)
        cls.spam = Activity.objects.create(
            work_plan=cls.plan,
            number=1,
            name="Pembangunan SPAM",
            sector="air_minum",
            location=cls.cileunyi,
            institution=cls.bappeda,
            goal=goal,
        )
        BudgetLine.objects.create(activity=cls.spam, source="apbd_kabkota", amount=1_000_000)
        BudgetLine.objects.create(activity=cls.spam, source="dak_fisik", amount=500_000)
        report = QuarterReport.objects.create(activity=cls.spam, quarter=1, physical_progress=10)
        Spending.objects.create(report=report, source="apbd_kabkota", amount=100_000)
        cls.kupang_plan = WorkPlan.objects.create(working_group=cls.kupang_group, year=2025)
        Activity.objects.create(
            work_plan=cls.kupang_plan,
            number=1,
            name="SPAM Kupang",
            sector="air_minum",
            location=cls.kab_kupang,
        )

    def regions(self, url, user):
        self.client.force_login(user)
        return [item["region"] for item in self.client.get(url).json()["results"]]


class ReadTestCase(PlanningApiTestCase):
    def test_plans_follow_the_scope(self):
        for url in ("/api/strategic-plans/", "/api/work-plans/"):
            self.assertEqual(self.regions(url, self.outsider), ["53.01"], url)
            self.assertEqual(self.regions(url, self.member), ["32.04"], url)
            self.assertEqual(self.regions(url, self.provincial), ["32.04"], url)
            self.assertEqual(self.regions(url, self.national), ["32.04", "53.01"], url)
        self.client.logout()
        self.assertEqual(self.client.get("/api/work-plans/").status_code, 401)

    def test_an_outsider_gets_404_on_another_provinces_plan(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(f"/api/work-plans/{self.plan.pk}/").status_code, 404)
        r = self.client.get(f"/api/strategic-plans/{self.renstra.pk}/")
        self.assertEqual(r.status_code, 404)

    def test_a_work_plan_has_its_activities_budget_and_realisation(self):
        self.client.force_login(self.member)
        body = self.client.get(f"/api/work-plans/{self.plan.pk}/").json()
        self.assertEqual((body["region"], body["year"]), ("32.04", 2025))
        activity = body["activities"][0]
        self.assertEqual(
            (activity["number"], activity["location"], activity["goal"]), (1, "32.04.05", 1)
        )
        self.assertEqual(activity["institution_name"], "Bappeda Kabupaten Bandung")
        self.assertEqual(
            [(line["source"], D(line["amount"])) for line in activity["budget_lines"]],
            [("apbd_kabkota", D(1_000_000)), ("dak_fisik", D(500_000))],
        )
        report = activity["reports"][0]
        self.assertEqual((report["quarter"], D(report["physical_progress"])), (1, D(10)))
        self.assertEqual(report["spending"], [{"source": "apbd_kabkota", "amount": "100000.00"}])

    def test_a_strategic_plan_has_its_goals_strategies_and_targets(self):
        self.client.force_login(self.member)
        body = self.client.get(f"/api/strategic-plans/{self.renstra.pk}/").json()
        self.assertEqual(
            body["goals"],
            [{"number": 1, "text": "Air minum aman", "strategies": ["SPAM perdesaan"]}],
        )
        self.assertEqual(
            [(t["indicator"], t["year"], D(t["value"])) for t in body["targets"]],
            [("am-layak", 2026, D(95))],
        )

    def test_filters(self):
        self.client.force_login(self.national)
        r = self.client.get("/api/work-plans/?working_group=53.01&year=2025")
        self.assertEqual([p["region"] for p in r.json()["results"]], ["53.01"])
        r = self.client.get("/api/strategic-plans/?status=ditetapkan")
        self.assertEqual([p["region"] for p in r.json()["results"]], ["32.04"])

    def test_query_counts(self):
        self.client.force_login(self.national)
        # Session and user, the scope, the count and the plans, then one query per nested
        # kind: the same for any number of plans and activities.
        with self.assertNumQueries(9):
            self.client.get("/api/work-plans/")
        with self.assertNumQueries(8):
            self.client.get("/api/strategic-plans/")
        for number in range(2, 12):
            activity = Activity.objects.create(
                work_plan=self.kupang_plan,
                number=number,
                name="Kegiatan",
                sector="sanitasi",
                location=self.kab_kupang,
            )
            BudgetLine.objects.create(activity=activity, source="apbn", amount=10)
            report = QuarterReport.objects.create(activity=activity, quarter=1, physical_progress=5)
            Spending.objects.create(report=report, source="apbn", amount=1)
        with self.assertNumQueries(9):
            self.client.get("/api/work-plans/")

    def test_the_schema_describes_the_planning_endpoints(self):
        r = self.client.get("/api/schema/", headers={"Accept": "application/json"})
        self.assertEqual(r.status_code, 200)
        paths = r.json()["paths"]
        self.assertIn("/api/strategic-plans/", paths)
        self.assertIn("/api/work-plans/{id}/realisation/", paths)


class RealisationTestCase(PlanningApiTestCase):
    def url(self, plan=None):
        return f"/api/work-plans/{(plan or self.plan).pk}/realisation/"

    def post(self, user, data, plan=None):
        self.client.force_login(user)
        return self.client.post(self.url(plan), data, content_type="application/json")

    def stored(self):
        return (
            list(
                QuarterReport.objects.order_by("activity", "quarter").values_list(
                    "activity__number", "quarter", "physical_progress", "note"
                )
            ),
            list(
                Spending.objects.order_by("report__quarter", "source").values_list(
                    "report__quarter", "source", "amount"
                )
            ),
        )

    def good(self, **change):
        return {
            "activity": 1,
            "quarter": 2,
            "physical_progress": 45.5,
            "spending": {"apbd_kabkota": "300.000", "dak_fisik": 250000.5},
            "note": "Pipa transmisi terpasang",
            **change,
        }

    def test_the_secretariat_records_a_quarter(self):
        r = self.post(self.regency, self.good())
        self.assertEqual(r.status_code, 200, r.content)
        body = r.json()
        self.assertEqual(body["warnings"], [])
        reports = body["activity"]["reports"]
        self.assertEqual([report["quarter"] for report in reports], [1, 2])
        report = QuarterReport.objects.get(activity=self.spam, quarter=2)
        self.assertEqual(
            (report.physical_progress, report.note), (D("45.5"), "Pipa transmisi terpasang")
        )
        self.assertEqual(
            dict(report.spending.values_list("source", "amount")),
            {"apbd_kabkota": D(300_000), "dak_fisik": D("250000.50")},
        )
        change = LogEntry.objects.get_for_object(report).first()
        self.assertEqual(change.actor, self.regency)

    def test_the_same_values_twice_change_nothing(self):
        self.post(self.regency, self.good())
        before, changes = self.stored(), LogEntry.objects.count()
        r = self.post(self.regency, self.good())
        self.assertEqual(r.status_code, 200)
        self.assertEqual((self.stored(), LogEntry.objects.count()), (before, changes))

    def test_a_quarter_is_written_whole(self):
        self.post(self.regency, self.good())
        r = self.post(self.regency, self.good(spending={"dak_fisik": "0", "apbd_kabkota": ""}))
        self.assertEqual(r.status_code, 200)
        report = QuarterReport.objects.get(activity=self.spam, quarter=2)
        self.assertFalse(report.spending.exists())

    def test_readers_get_403_and_outsiders_404(self):
        before = self.stored()
        for user in (self.member, self.provincial, self.national):
            self.assertEqual(self.post(user, self.good()).status_code, 403, user)
        self.assertEqual(self.post(self.outsider, self.good()).status_code, 404)
        self.client.logout()
        r = self.client.post(self.url(), self.good(), content_type="application/json")
        self.assertEqual(r.status_code, 401)
        self.assertEqual(self.stored(), before)

    def test_bad_values_are_a_400_that_writes_nothing(self):
        before = self.stored()
        r = self.post(
            self.regency,
            self.good(
                physical_progress="120",
                spending={"apbd_kabkota": "-5", "csr": "10", "emas": "1", "dak_fisik": "1.5"},
                note="x" * 301,
            ),
        )
        self.assertEqual(r.status_code, 400)
        body = r.json()
        self.assertEqual(set(body), {"detail", "code", "physical_progress", "spending", "note"})
        self.assertEqual(
            set(body["spending"]), {"non_field_errors", "apbd_kabkota", "csr", "dak_fisik"}
        )
        self.assertEqual(body["spending"]["apbd_kabkota"], ["Angka tidak boleh negatif."])
        self.assertIn("tidak memiliki anggaran dari CSR", body["spending"]["csr"][0])
        self.assertIn("1,5", body["spending"]["dak_fisik"][0])  # how to write it
        for data in (
            self.good(physical_progress="5"),  # below the 10% of quarter 1
            self.good(quarter=5),
            self.good(activity=9),
            self.good(physical_progress=True),
            self.good(spending=["apbn"]),
        ):
            r = self.post(self.regency, data)
            self.assertEqual(r.status_code, 400, data)
        self.assertIn(
            "tidak boleh lebih rendah daripada triwulan 1",
            str(self.post(self.regency, self.good(physical_progress="5")).json()),
        )
        self.assertEqual(self.stored(), before)

    def test_overspending_is_saved_with_a_warning(self):
        r = self.post(self.regency, self.good(spending={"apbd_kabkota": 950_000}))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(len(r.json()["warnings"]), 1)
        self.assertIn("melebihi anggarannya", r.json()["warnings"][0])
        self.assertTrue(Spending.objects.filter(amount=950_000).exists())
