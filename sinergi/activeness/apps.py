from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivenessConfig(AppConfig):
    name = "sinergi.activeness"
    label = "activeness"
    verbose_name = _("Activeness index")
