from django.apps import AppConfig


class SinergiConfig(AppConfig):
    """The project itself: system checks that catch misconfiguration."""

    name = "sinergi"
    verbose_name = "Sinergi"

    def ready(self):
        from sinergi import checks  # noqa: F401  (registers the checks)
