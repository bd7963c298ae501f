from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "sinergi.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(
            self.get_model("Programme"),
            exclude_fields=["created", "updated"],
            m2m_fields={"locations", "working_groups"},
        )
        auditlog.register(self.get_model("ProgrammeTarget"))
        auditlog.register(self.get_model("Intake"), exclude_fields=["created"])
