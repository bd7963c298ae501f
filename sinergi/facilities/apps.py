from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "sinergi.facilities"
    label = "facilities"
    verbose_name = _("Facilities")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Facility"), exclude_fields=["created", "updated"])
        auditlog.register(self.get_model("Inspection"), exclude_fields=["created", "notified"])
