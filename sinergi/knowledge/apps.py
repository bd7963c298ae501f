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

        # The articles the leaver kept follow the position (pokja/handover.py).
        from sinergi.knowledge.handover import follow_position_change, transfer_stewardship
        from sinergi.pokja.handover import on_position_changed, on_successor_named

        if transfer_stewardship not in on_successor_named:
            on_successor_named.append(transfer_stewardship)
        if follow_position_change not in on_position_changed:
            on_position_changed.append(follow_position_change)
