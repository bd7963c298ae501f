"""An index on region names without regard to case, for finding a region by the name typed
(regions/lookup.py: the picker's search by name prefix, `name__istartswith`, and the form
fields' exact names, `Upper("name") IN (...)`). Each database needs its own form of it: SQLite
uses an index in NOCASE order for LIKE 'x%', PostgreSQL one on UPPER(name) with
text_pattern_ops for UPPER(name) LIKE 'X%' and UPPER(name) = 'X'."""

from django.db import migrations

SQLITE = "CREATE INDEX region_name_search ON regions_region (name COLLATE NOCASE)"
POSTGRESQL = (
    "CREATE INDEX region_name_search ON regions_region (UPPER(name::text) text_pattern_ops)"
)
DROP = "DROP INDEX IF EXISTS region_name_search"


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)


def drop_index(apps, schema_editor):
    schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
