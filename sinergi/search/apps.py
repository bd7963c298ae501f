from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "sinergi.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        # Infrastructure, not a domain rule: the index follows the records it is made from.
        from sinergi.search import signals

        signals.connect()
