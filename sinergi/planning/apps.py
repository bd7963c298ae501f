from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "sinergi.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self):
        from auditlog.registry import auditlog

        for name in (
            "StrategicPlan",
            "Goal",
            "Strategy",
            "PlanTarget",
            "WorkPlan",
            "Activity",
            "BudgetLine",
            "QuarterReport",
            "Spending",
        ):
            auditlog.register(self.get_model(name), exclude_fields=["created", "updated"])
