"""The database's own full-text engine over SearchEntry.title_stems and .stems.

SQLite: an external-content FTS5 table `search_fts` (rowid = entry id) kept in step by triggers,
so every write of the ORM (save, bulk_create, queryset delete, cascades) updates it.
PostgreSQL: a generated tsvector column `search_vector` (title words weight A, text words
weight B) with a GIN index. Both use plain tokenizing: the words are already stemmed in Python.

A later migration that alters SearchEntry on SQLite rebuilds the table, which drops the
triggers: it must run SQLITE_TRIGGERS again (docs/search.md).
"""

from django.db import migrations

SQLITE_TABLE = """
CREATE VIRTUAL TABLE search_fts USING fts5(
    title_stems, stems,
    content='search_searchentry', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
)
"""
SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER search_entry_inserted AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts (rowid, title_stems, stems)
        VALUES (new.id, new.title_stems, new.stems);
    END
    """,
    """
    CREATE TRIGGER search_entry_deleted AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts (search_fts, rowid, title_stems, stems)
        VALUES ('delete', old.id, old.title_stems, old.stems);
    END
    """,
    """
    CREATE TRIGGER search_entry_updated AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts (search_fts, rowid, title_stems, stems)
        VALUES ('delete', old.id, old.title_stems, old.stems);
        INSERT INTO search_fts (rowid, title_stems, stems)
        VALUES (new.id, new.title_stems, new.stems);
    END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_entry_inserted",
    "DROP TRIGGER IF EXISTS search_entry_deleted",
    "DROP TRIGGER IF EXISTS search_entry_updated",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRESQL = [
    """
    ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_stems), 'A')
        || setweight(to_tsvector('simple', stems), 'B')
    ) STORED
    """,
    "CREATE INDEX search_entry_vector ON search_searchentry USING GIN (search_vector)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def create_engine(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, [SQLITE_TABLE, *SQLITE_TRIGGERS])
        # Entries written before this migration (none on a fresh database).
        schema_editor.execute("INSERT INTO search_fts (search_fts) VALUES ('rebuild')")
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL)
    else:
        raise RuntimeError(f"Full-text search supports SQLite and PostgreSQL, not {vendor}.")


def drop_engine(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, SQLITE_DROP if vendor == "sqlite" else POSTGRESQL_DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_engine, drop_engine, elidable=False)]
