from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "sinergi.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from auditlog.registry import auditlog

        auditlog.register(
            self.get_model("Meeting"),
            # The sequence only counts the changes the history already shows.
            exclude_fields=["created", "updated", "sequence"],
            m2m_fields={"programmes", "work_plans"},
        )
        auditlog.register(self.get_model("Participant"), exclude_fields=["notified"])
        auditlog.register(self.get_model("Decision"))
        auditlog.register(self.get_model("ActionItem"), exclude_fields=["created"])

        from sinergi.meetings.handover import transfer_action_items
        from sinergi.pokja.handover import on_successor_named

        # A successor named in a handover takes over the open action items (pokja/handover.py).
        if transfer_action_items not in on_successor_named:
            on_successor_named.append(transfer_action_items)
