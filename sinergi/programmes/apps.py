from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "sinergi.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import m2m_changed

        auditlog.register(
            self.get_model("Programme"),
            exclude_fields=["created", "updated"],
            m2m_fields={"locations", "working_groups"},
        )
        auditlog.register(self.get_model("ProgrammeTarget"))
        auditlog.register(self.get_model("Intake"), exclude_fields=["created"])

        # A programme's places and groups change without a save of the programme: the figures
        # cached under "programmes" (overlaps.region_overlaps) are dropped then too.
        programme = self.get_model("Programme")
        for field in (programme.locations, programme.working_groups):
            m2m_changed.connect(
                _changed, sender=field.through, dispatch_uid=f"cache:{field.through._meta.label}"
            )


def _changed(sender, action, **kwargs):
    from sinergi.lib.cache import invalidate

    if action.startswith("post_"):
        invalidate("programmes")
