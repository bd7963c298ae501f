from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "sinergi.news"
    label = "news"
    verbose_name = _("News")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(self.get_model("Post"), exclude_fields=["created", "updated"])
