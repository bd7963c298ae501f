from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "sinergi.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from auditlog.registry import auditlog

        # A verified value that changes keeps its history here.
        auditlog.register(self.get_model("DataValue"), exclude_fields=["created", "updated"])
        auditlog.register(self.get_model("Target"), exclude_fields=["created"])
        auditlog.register(self.get_model("Indicator"))
