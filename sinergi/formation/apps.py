from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormationConfig(AppConfig):
    name = "sinergi.formation"
    label = "formation"
    verbose_name = _("Formation")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Formation"), exclude_fields=["created"])
        auditlog.register(self.get_model("FormationStep"), exclude_fields=["updated"])
        auditlog.register(self.get_model("Stakeholder"), exclude_fields=["created"])
        auditlog.register(self.get_model("Evidence"), exclude_fields=["uploaded"])
