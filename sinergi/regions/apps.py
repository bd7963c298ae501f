from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "sinergi.regions"
    label = "regions"
    verbose_name = _("Regions")

    def ready(self):
        from auditlog.registry import auditlog

        # Names stay editable (sources differ in about 57 spellings); edits are recorded.
        auditlog.register(self.get_model("Region"), include_fields=["name"])
