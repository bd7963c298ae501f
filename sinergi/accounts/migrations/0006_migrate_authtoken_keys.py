"""Turn the plaintext keys of DRF's authtoken app into hashed ApiTokens named "migrated", so
clients keep working, then drop the authtoken table and its plaintext keys."""

import datetime
import hashlib

from django.db import migrations
from django.utils import timezone
from django.utils.dateparse import parse_datetime

TABLE = "authtoken_token"


def copy_keys(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    expires = timezone.now() + datetime.timedelta(days=365)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "key", user_id, created FROM {TABLE}')
        rows = cursor.fetchall()
    ApiToken.objects.bulk_create(
        ApiToken(
            user_id=user_id,
            name="migrated",
            prefix=key[:8],
            key_hash=hashlib.sha256(key.encode()).hexdigest(),
            created=aware(created),
            expires=expires,
        )
        for key, user_id, created in rows
    )
    schema_editor.execute(f"DROP TABLE {TABLE}")


def aware(value):
    """A raw query on SQLite gives naive UTC datetimes (or text); PostgreSQL aware ones."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is None:
        return timezone.now()
    return value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_apitoken")]

    operations = [migrations.RunPython(copy_keys, migrations.RunPython.noop)]
