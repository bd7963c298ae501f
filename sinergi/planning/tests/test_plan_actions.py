"""The writes of a plan that reach into monitoring go through planning.actions."""

import datetime

from sinergi.monitoring.models import Indicator, Target
from sinergi.planning.actions import do_adopt_plan, do_save_plan_targets, do_update_plan
from sinergi.planning.forms_plans import PlanTargetsForm, StrategicPlanForm
from sinergi.planning.models import StrategicPlan
from sinergi.test import BaseTestCase

D = datetime.date.fromisoformat


class PlanActionsTestCase(BaseTestCase):
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

    def plan(self, start, end):
        return StrategicPlan.objects.create(
            working_group=self.bandung_group, title="Renstra AMPL", start_year=start, end_year=end
        )

    def test_saved_targets_of_an_adopted_plan_are_the_monitoring_targets(self):
        plan = self.plan(2025, 2029)
        do_adopt_plan(plan, D("2025-03-01"))
        form = PlanTargetsForm(
            {f"t-{self.water.pk}-2026": "95"}, plan=plan, indicators=Indicator.objects.all()
        )
        self.assertTrue(form.is_valid(), form.errors)
        counts = do_save_plan_targets(form)
        self.assertEqual(counts["created"], 1)
        target = Target.objects.get()
        self.assertEqual((target.year, target.value), (2026, 95))

    def test_a_new_title_becomes_the_basis_of_the_targets(self):
        plan = self.plan(2025, 2029)
        form = PlanTargetsForm(
            {f"t-{self.water.pk}-2026": "95"}, plan=plan, indicators=Indicator.objects.all()
        )
        form.is_valid()
        do_save_plan_targets(form)
        self.assertFalse(Target.objects.exists())  # a draft sets no targets
        do_adopt_plan(plan, D("2025-03-01"))
        data = {"title": "Renstra AMPL Revisi", "start_year": 2025, "end_year": 2029}
        form = StrategicPlanForm(data, instance=plan, group=self.bandung_group)
        self.assertTrue(form.is_valid(), form.errors)
        do_update_plan(form)
        self.assertEqual(Target.objects.get().basis, "Rencana strategis: Renstra AMPL Revisi")
        self.assertEqual(plan.status, StrategicPlan.Status.ADOPTED)
