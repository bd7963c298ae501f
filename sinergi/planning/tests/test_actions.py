import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation

from sinergi.monitoring.models import Indicator, Target
from sinergi.planning.actions import do_adopt_plan
from sinergi.planning.models import (
    Activity,
    BudgetLine,
    PlanTarget,
    QuarterReport,
    Spending,
    StrategicPlan,
    WorkPlan,
)
from sinergi.planning.summaries import summarize
from sinergi.test import BaseTestCase

D = datetime.date.fromisoformat


class AdoptPlanTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.water = Indicator.objects.create(
            code="am-layak",
            name_id="Akses air minum layak",
            name_en="Adequate water",
            unit="persen",
            sector="air_minum",
            aggregation="rasio",
            denominator_label="rumah tangga",
            source="BPS",
        )

    def plan(self, start, end, title="Renstra AMPL"):
        return StrategicPlan.objects.create(
            working_group=self.bandung_group, title=title, start_year=start, end_year=end
        )

    def test_two_adopted_plans_cannot_cover_the_same_year(self):
        do_adopt_plan(self.plan(2025, 2029), D("2025-03-01"), "Perbup 12/2025")
        second = self.plan(2029, 2033, "Renstra AMPL 2029-2033")
        with (
            translation.override("id"),
            self.assertRaisesMessage(
                ValidationError, "Satu tahun hanya boleh dicakup oleh satu rencana yang ditetapkan"
            ),
        ):
            do_adopt_plan(second, D("2029-02-01"))
        second.refresh_from_db()
        self.assertEqual(second.status, StrategicPlan.Status.DRAFT)
        do_adopt_plan(self.plan(2030, 2034, "Renstra 2030"), D("2030-01-05"))

    def test_adopted_targets_become_the_monitoring_targets(self):
        plan = self.plan(2025, 2029)
        PlanTarget.objects.create(plan=plan, indicator=self.water, year=2026, value=95)
        self.assertFalse(Target.objects.exists())
        do_adopt_plan(plan, D("2025-03-01"))
        target = Target.objects.get()
        self.assertEqual(
            (target.region, target.year, target.value), (self.kab_bandung, 2026, Decimal(95))
        )
        self.assertIn("Renstra AMPL", target.basis)


class SummaryTestCase(BaseTestCase):
    def test_totals_by_source_sector_and_institution_add_up_to_the_plan_total(self):
        plan = WorkPlan.objects.create(working_group=self.bandung_group, year=2026)
        amounts = [
            ("air_minum", [("apbd_kabkota", "1250000000.50"), ("dak_fisik", "3000000000")]),
            ("sanitasi", [("csr", "250000000"), ("dana_desa", "125000000.25")]),
            ("higiene_stbm", [("donor", "99999999.99")]),
        ]
        for number, (sector, lines) in enumerate(amounts, start=1):
            activity = Activity.objects.create(
                work_plan=plan,
                number=number,
                name=f"Kegiatan {number}",
                sector=sector,
                location=self.kab_bandung,
                institution=self.bappeda if number < 3 else None,
                end_quarter=2,
            )
            for source, amount in lines:
                BudgetLine.objects.create(activity=activity, source=source, amount=Decimal(amount))
        first = plan.activities.get(number=1)
        report = QuarterReport.objects.create(activity=first, quarter=1, physical_progress=40)
        Spending.objects.create(report=report, source="apbd_kabkota", amount=Decimal("500000000"))

        with self.assertNumQueries(4):
            summary = summarize([plan], current_quarter=3)
        total = Decimal("4725000000.74")
        self.assertEqual(summary.total_budget, total)
        for breakdown in (summary.by_source, summary.by_sector, summary.by_institution):
            self.assertEqual(sum(budget for _, budget, _ in breakdown.rows()), total)
        self.assertEqual(summary.total_spent, Decimal("500000000"))
        self.assertEqual(summary.non_government_budget, Decimal("349999999.99"))
        self.assertEqual(summary.non_government_share, Decimal("7.41"))
        self.assertEqual([a.number for a in summary.late], [1, 2, 3])
        self.assertEqual(summary.progress[first.pk], Decimal(40))


class YearOneCheckTestCase(BaseTestCase):
    def test_an_adopted_plan_clears_the_year_one_flag(self):
        from sinergi.decrees.models import Decree

        Decree.objects.create(
            working_group=self.bandung_group,
            number="1/2020",
            signatory="Bupati Bandung",
            signed_on=D("2020-01-02"),
            valid_from=D("2020-01-01"),
            valid_until=D("2099-12-31"),
        )
        self.client.force_login(self.provincial)
        rows = {r.row.code: r for r in self.client.get("/kepatuhan/").context["rows"]}
        self.assertTrue(rows["32.04"].needs_strategic_plan)
        plan = StrategicPlan.objects.create(
            working_group=self.bandung_group, title="Renstra", start_year=2025, end_year=2029
        )
        do_adopt_plan(plan, D("2025-03-01"))
        rows = {r.row.code: r for r in self.client.get("/kepatuhan/").context["rows"]}
        self.assertFalse(rows["32.04"].needs_strategic_plan)


class SyncTargetsTestCase(AdoptPlanTestCase):
    def test_targets_the_plan_no_longer_has_leave_monitoring(self):
        from sinergi.planning.actions import sync_targets

        plan = self.plan(2025, 2029)
        kept = PlanTarget.objects.create(plan=plan, indicator=self.water, year=2026, value=95)
        dropped = PlanTarget.objects.create(plan=plan, indicator=self.water, year=2027, value=97)
        do_adopt_plan(plan, D("2025-03-01"))
        self.assertEqual(Target.objects.count(), 2)
        dropped.delete()
        sync_targets(plan)
        self.assertEqual(list(Target.objects.values_list("year", flat=True)), [kept.year])
