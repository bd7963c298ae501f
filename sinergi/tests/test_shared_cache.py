"""The shared cache of computed figures (lib/cache.py): dropped by the writes it depends on,
never serving a reader what a rolled-back or still-open transaction wrote, and shared by
every worker through the database's cache table (the default of settings.py)."""

from unittest import mock

from django.conf import settings
from django.core.cache import CacheHandler, cache
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction
from django.test import TestCase, TransactionTestCase, override_settings

from sinergi.lib import cache as shared
from sinergi.lib.bulk import insert_rows
from sinergi.lib.replicas import ReplicaRouter, _may_read_replica
from sinergi.news.models import Post
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import Region
from sinergi.test import make_region

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sinergi_cache",
    }
}


class Counter:
    """A figure that counts how often it was computed."""

    def __init__(self, value=lambda: WorkingGroup.objects.count()):
        self.calls = 0
        self.value = value

    def __call__(self):
        self.calls += 1
        return self.value()


def group_figure(counter):
    return shared.cached("test-groups", counter, topics=("groups",))


class InvalidationTests(TransactionTestCase):
    """Outside the test's own transaction, as a worker runs: commits are real."""

    def setUp(self):
        cache.clear()
        self.nation = make_region("ID", "Indonesia", Region.Kind.NATION, None)

    def test_a_figure_is_computed_once_until_a_write_to_its_topic(self):
        counter = Counter()
        self.assertEqual(group_figure(counter), 0)
        self.assertEqual(group_figure(counter), 0)
        self.assertEqual(counter.calls, 1)

        group = WorkingGroup.objects.create(region=self.nation, name="Pokja AMPL Nasional")
        self.assertEqual(group_figure(counter), 1)
        self.assertEqual(counter.calls, 2)

        # A write to another topic leaves it alone.
        Post.objects.create(working_group=group, title="Berita", body="Isi")
        self.assertEqual(group_figure(counter), 1)
        self.assertEqual(counter.calls, 2)

    def test_variants_are_cached_apart(self):
        figure = shared.cached("test-parts", lambda: "id", topics=("groups",), parts=("id",))
        other = shared.cached("test-parts", lambda: "en", topics=("groups",), parts=("en",))
        self.assertEqual((figure, other), ("id", "en"))

    def test_a_reader_during_the_transaction_never_leaves_a_stale_figure_behind(self):
        counter = Counter()
        self.assertEqual(group_figure(counter), 0)
        with transaction.atomic():
            WorkingGroup.objects.create(region=self.nation, name="Pokja AMPL Nasional")
            # The writer's own reads see its row and store nothing.
            self.assertEqual(group_figure(counter), 1)
            # Another worker, meanwhile, would compute from what was committed (0) and may
            # store it under the generation bumped at the write; the bump at the commit
            # drops it.
            shared._pending().clear()
            self.assertEqual(shared.cached("test-groups", lambda: 0, topics=("groups",)), 0)
            shared._pending().add("groups")
        self.assertEqual(group_figure(counter), 1)

    def test_a_rolled_back_write_is_never_served(self):
        counter = Counter()
        group_figure(counter)
        with transaction.atomic():
            WorkingGroup.objects.create(region=self.nation, name="Pokja AMPL Nasional")
            self.assertEqual(group_figure(counter), 1)
            transaction.set_rollback(True)
        self.assertEqual(group_figure(counter), 0)

    def test_after_a_rollback_the_next_transaction_invalidates_again(self):
        counter = Counter()
        with transaction.atomic():
            WorkingGroup.objects.create(region=self.nation, name="Pokja AMPL Nasional")
            transaction.set_rollback(True)
        self.assertEqual(group_figure(counter), 0)
        with transaction.atomic():
            WorkingGroup.objects.create(region=self.nation, name="Pokja AMPL Nasional")
            jabar = make_region("32", "Jawa Barat", Region.Kind.PROVINCE, self.nation)
            WorkingGroup.objects.create(region=jabar, name="Pokja AMPL Provinsi Jawa Barat")
        self.assertEqual(group_figure(counter), 2)

    def test_bulk_writes_invalidate_too(self):
        counter = Counter(lambda: Region.objects.count())
        self.assertEqual(shared.cached("test-bulk", counter, topics=("groups",)), 1)
        row = ("32", "Jawa Barat", 1, Region.Kind.PROVINCE, self.nation.pk)
        insert_rows(Region, ["code", "name", "level", "kind", "parent"], [row])
        self.assertEqual(shared.cached("test-bulk", counter, topics=("groups",)), 2)


class DatabaseCacheTests(TestCase):
    """The production default: every worker reads what another stored."""

    def setUp(self):
        override = override_settings(CACHES=DATABASE_CACHE)
        override.enable()
        self.addCleanup(override.disable)
        call_command("createcachetable", verbosity=0)

    def test_two_workers_share_figures_and_generations(self):
        first, second = CacheHandler(), CacheHandler()  # two processes' caches
        first["default"].set("sinergi:probe", 41)
        self.assertEqual(second["default"].get("sinergi:probe"), 41)
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM sinergi_cache")
            self.assertEqual(cursor.fetchone()[0], 1)

        counter = Counter(lambda: 7)
        self.assertEqual(shared.cached("test-db", counter, topics=("content",)), 7)
        self.assertEqual(shared.cached("test-db", counter, topics=("content",)), 7)
        self.assertEqual(counter.calls, 1)
        shared.invalidate("content")
        shared._pending().clear()  # as another worker, outside this transaction, would see
        shared.cached("test-db", counter, topics=("content",))
        self.assertEqual(counter.calls, 2)

    def test_migrate_creates_the_table(self):
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE sinergi_cache")
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        self.assertIn("sinergi_cache", connection.introspection.table_names())
        cache.set("sinergi:probe", 1)
        self.assertEqual(cache.get("sinergi:probe"), 1)

    def test_a_generation_never_expires_and_a_lost_one_matches_no_older_figure(self):
        shared.invalidate("content")
        shared._pending().clear()
        key = "sinergi:generation:content"
        with connection.cursor() as cursor:
            cursor.execute("SELECT expires FROM sinergi_cache WHERE cache_key LIKE %s", [f"%{key}"])
            self.assertEqual(cursor.fetchone()[0].year, 9999)  # incr would give it 300 s
        before = shared.generations(["content"])[0]
        cache.delete(key)  # culled
        self.assertGreater(shared.generations(["content"])[0], before)

    def test_the_cache_table_is_read_and_written_on_the_primary(self):
        router = ReplicaRouter()
        model = CacheHandler()["default"].cache_model_class
        replica = {"replica": {**settings.DATABASES["default"]}}
        token = _may_read_replica.set(True)
        try:
            with mock.patch.dict(settings.DATABASES, replica):
                self.assertEqual(router.db_for_read(model), "default")
                self.assertEqual(router.db_for_write(model), "default")
                # Storing a figure does not pin the request's other reads to the primary.
                self.assertTrue(_may_read_replica.get())
                self.assertEqual(router.db_for_read(WorkingGroup), "replica")
        finally:
            _may_read_replica.reset(token)
