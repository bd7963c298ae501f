from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "sinergi.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Document"), exclude_fields=["created", "updated"])
        auditlog.register(self.get_model("DocumentVersion"), exclude_fields=["text"])
