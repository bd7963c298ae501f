from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PokjaConfig(AppConfig):
    name = "sinergi.pokja"
    label = "pokja"
    verbose_name = _("Working groups")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Institution"))
        auditlog.register(
            self.get_model("WorkingGroup"),
            m2m_fields={"member_institutions"},
            exclude_fields=["created", "updated"],
        )
        auditlog.register(self.get_model("Role"), exclude_fields=["created"])
