"""Insert and update many rows in a few statements, where QuerySet.bulk_create and bulk_update
spend most of their time in Python (bulk_update's CASE WHEN per row and field costs about a
second per 500 rows; bulk_create prepares every field of every object). Rows are tuples of
Python values, one per field, as the model's attributes hold them (a foreign key as its id). On
PostgreSQL they travel by COPY (psycopg writes them in C), an update through a temporary table;
on SQLite as multi-row VALUES within its 999 parameters. No signals are sent and no auto_now
field is set: the caller writes what those would have written (the history, `updated`); the
figures of the shared cache that depend on the model are dropped (`lib.cache`).
"""

import json
import sqlite3

from django.db import connection, models
from django.db.models.expressions import RawSQL

from sinergi.lib.cache import invalidate_model

SQLITE_BATCH = 2000  # rows per statement
AS_THEY_ARE = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.DecimalField,
    models.ForeignKey,
)


def one_of(model, name, values):
    """A filter on the rows of `model` whose field `name` is one of `values`, for
    `QuerySet.filter`. On PostgreSQL one array parameter (`= ANY(%s)`): an IN list of 2,000
    parameters took longer to build and bind than the query took to run. Elsewhere Django's
    `__in` (which the caller batches within SQLite's limit on parameters)."""
    if connection.vendor != "postgresql":
        return models.Q(**{f"{name}__in": values})
    quote = connection.ops.quote_name
    column = f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(name).column)}"
    return RawSQL(f"{column} = ANY(%s)", (list(values),), output_field=models.BooleanField())


def insert_rows(model, names, rows) -> None:
    """INSERT `rows` (tuples of the values of the fields `names`) into `model`'s table."""
    if not rows:
        return
    invalidate_model(model)
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    if connection.vendor == "postgresql":
        _copy(f"COPY {table} ({columns}) FROM STDIN", fields, rows)
        return
    for sql, params in _values(fields, rows):
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT * FROM {sql}", params)


def update_rows(model, names, rows) -> None:
    """UPDATE the fields `names` of `model`'s rows: each of `rows` is (pk, *values)."""
    if not rows:
        return
    invalidate_model(model)
    fields = [model._meta.pk] + [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column)
    assignments = ", ".join(f"{quote(f.column)} = v.c{i}" for i, f in enumerate(fields) if i)
    if connection.vendor == "postgresql":
        # Into a temporary table, then one UPDATE … FROM it.
        names = ", ".join(f"c{i} {field.db_type(connection)}" for i, field in enumerate(fields))
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE bulk_rows ({names})")
            _copy("COPY bulk_rows FROM STDIN", fields, rows)
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM bulk_rows AS v WHERE {pk} = v.c0"
            )
            cursor.execute("DROP TABLE bulk_rows")
        return
    for sql, params in _values(fields, rows):
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM {sql} WHERE {table}.{pk} = v.c0", params
            )


def _copy(statement, fields, rows):
    """PostgreSQL's COPY FROM STDIN of `rows`: psycopg writes each row in C."""
    json_columns = [i for i, field in enumerate(fields) if isinstance(field, models.JSONField)]
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            if json_columns:
                row = list(row)
                for i in json_columns:
                    row[i] = None if row[i] is None else json.dumps(row[i])
            copy.write_row(row)


def _values(fields, rows):
    """SQLite: (a row source named v with columns c0, c1…, its parameters) per batch of rows
    that fits in the library's limit on parameters (Django assumes 999; Debian's SQLite takes
    250,000). A VALUES in a subquery names its columns column1, column2…"""
    width = len(fields)
    connection.ensure_connection()
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    size = max(1, min(SQLITE_BATCH, limit // width))
    # Text, numbers and keys go as they are (Django's sqlite3 adapts Decimal); times, JSON
    # and the rest as Django prepares them.
    prepare = [None if isinstance(f, AS_THEY_ARE) else f.get_db_prep_save for f in fields]
    row = "(" + ", ".join(["%s"] * width) + ")"
    select = ", ".join(f"column{i + 1} AS c{i}" for i in range(width))
    for start in range(0, len(rows), size):
        batch = rows[start : start + size]
        params = [
            value if to_db is None or value is None else to_db(value, connection)
            for values in batch
            for to_db, value in zip(prepare, values, strict=True)
        ]
        values = ", ".join([row] * len(batch))
        yield f"(SELECT {select} FROM (VALUES {values})) AS v", params
