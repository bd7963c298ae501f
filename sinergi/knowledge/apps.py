from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "sinergi.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(
            self.get_model("Article"), exclude_fields=["created", "updated"], m2m_fields={"tags"}
        )
