from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PokjaConfig(AppConfig):
    name = "sinergi.pokja"
    label = "pokja"
    verbose_name = _("Working groups")

    def ready(self):
        from auditlog.registry import auditlog

        not_logged = ["created", "updated"]
        for model in ("Institution", "WorkingGroup", "GroupName", "Person", "Membership"):
            auditlog.register(self.get_model(model), exclude_fields=not_logged)
        auditlog.register(self.get_model("Handover"), exclude_fields=["created"])
        auditlog.register(self.get_model("Role"), exclude_fields=["created"])
        auditlog.register(self.get_model("AccessRequest"), exclude_fields=["created"])
        auditlog.register(self.get_model("Invitation"), exclude_fields=["created", "token_hash"])
