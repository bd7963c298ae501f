from django.apps import AppConfig


class SinergiConfig(AppConfig):
    """The project itself: system checks that catch misconfiguration."""

    name = "sinergi"
    verbose_name = "Sinergi"

    def ready(self):
        from django.db.models.signals import post_migrate

        from sinergi import checks  # noqa: F401  (registers the checks)

        # Sent once for every app with models after a migrate (never for this package, which has
        # none): the handler is idempotent.
        post_migrate.connect(create_cache_table, dispatch_uid="sinergi-cache-table")
        watch_topics()


# Which apps' rows each topic of the shared cache (lib/cache.py) depends on: any ORM save or
# delete of one of their models drops the figures cached under that topic.
CACHE_TOPICS = {
    "groups": ("pokja", "decrees", "formation", "regions"),
    "values": ("monitoring",),
    "plans": ("planning",),
    "facilities": ("facilities",),
    "programmes": ("programmes",),
    "meetings": ("meetings",),
    "content": ("news", "library", "pages", "knowledge"),
}


def watch_topics():
    from django.apps import apps

    from sinergi.lib.cache import watch

    for topic, labels in CACHE_TOPICS.items():
        for label in labels:
            for model in apps.get_app_config(label).get_models():
                watch(model, topic)


def create_cache_table(using="default", **kwargs):
    """After every migrate: the database cache's table (settings.CACHES) exists once the
    README's setup has run, and appears when a site switches to the database cache; and no
    figure cached by the code before an upgrade (which migrates) is read by the new code."""
    from django.core.management import call_command

    from sinergi.lib.cache import TOPICS, invalidate

    call_command("createcachetable", database=using, verbosity=0)
    invalidate(*TOPICS)
