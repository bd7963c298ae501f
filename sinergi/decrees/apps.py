from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecreesConfig(AppConfig):
    name = "sinergi.decrees"
    label = "decrees"
    verbose_name = _("Decrees")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Decree"), exclude_fields=["created"])
        # Who a decree appoints may change only until it is fixed; each change is recorded.
        auditlog.register(self.get_model("Appointment"), exclude_fields=["created"])
