import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from sinergi.accounts.models import ApiToken
from sinergi.test import BaseTestCase

migration = importlib.import_module("sinergi.accounts.migrations.0006_migrate_authtoken_keys")
KEY = "0123456789abcdef0123456789abcdef01234567"


def run_migration():
    # SQLite's schema editor cannot open inside a test's transaction; the migration only needs
    # the connection and `execute`.
    with connection.cursor() as cursor:
        editor = SimpleNamespace(connection=connection, execute=cursor.execute)
        migration.copy_keys(apps, editor)


class MigrateAuthtokenTestCase(BaseTestCase):
    def test_old_keys_become_hashed_tokens_and_the_plaintext_table_goes(self):
        created = "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
        with connection.cursor() as cursor:
            cursor.execute(
                'CREATE TABLE authtoken_token ("key" varchar(40) PRIMARY KEY, '
                f"created {created} NOT NULL, user_id bigint NOT NULL)"
            )
            cursor.execute(
                "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
                [KEY, "2025-03-01 02:00:00", self.regency.pk],
            )
        run_migration()
        self.assertNotIn("authtoken_token", connection.introspection.table_names())
        token = ApiToken.objects.get()
        self.assertEqual(
            (token.user, token.name, token.prefix), (self.regency, "migrated", KEY[:8])
        )
        self.assertEqual(token.created.isoformat(), "2025-03-01T02:00:00+00:00")
        # The client keeps working with its old key.
        r = self.client.get("/api/working-groups/32.04/", headers={"Authorization": f"Token {KEY}"})
        self.assertEqual(r.status_code, 200)

    def test_without_the_old_table_it_does_nothing(self):
        run_migration()
        self.assertFalse(ApiToken.objects.exists())
