from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "sinergi.pages"
    label = "pages"
    verbose_name = _("Portal pages")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Page"), exclude_fields=["updated"])
