import importlib

from django.db import migrations

# The trigger of 0004 joined the written values to regions_region: PostgreSQL's planner, which
# knows how many rows a statement wrote, then hashed all 91,600 regions for every statement
# (74 of the 85 ms the trigger took for a bulk write of 2,000 values). Each value's
# kabupaten/kota is now looked up by the region's primary key instead: 2,000 index reads.
# Same totals; SQLite's per-row triggers already read one region each.
initial = importlib.import_module("sinergi.monitoring.migrations.0004_villagetotal")
TABLE, COLUMNS = initial.TABLE, initial.COLUMNS


def _change(rows):
    """Add up the signed rows (`rows`: a SELECT of DataValue columns and `sign`)."""
    return f"""
        INSERT INTO {TABLE} AS t ({COLUMNS})
        SELECT v.indicator_id, v.year, v.period, v.source, v.method, v.status, v.regency,
               SUM(v.sign * v.numerator), SUM(v.sign * v.denominator),
               SUM(v.sign * v.value), SUM(v.sign)
        FROM (
            SELECT w.*, (SELECT substr(r.code, 1, 5) FROM regions_region AS r
                         WHERE r.id = w.region_id AND r.level = 4) AS regency
            FROM ({rows}) AS w
        ) AS v
        WHERE v.regency IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        HAVING SUM(v.sign) <> 0 OR SUM(v.sign * v.value) <> 0
            OR COALESCE(SUM(v.sign * v.numerator), 0) <> 0
            OR COALESCE(SUM(v.sign * v.denominator), 0) <> 0
        ORDER BY 1, 2, 3, 4, 5, 6, 7
        {initial._upsert("t.")};"""


def _function(change):
    new, old = initial._NEW, initial._OLD
    return f"""
CREATE OR REPLACE FUNCTION monitoring_total_villages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN {change(new)}
    ELSIF TG_OP = 'DELETE' THEN {change(old)}
    ELSE {change(f"{new} UNION ALL {old}")}
    END IF;
    RETURN NULL;
END
$$
"""


def look_up(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_function(_change), params=None)


def join(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_function(initial._postgresql_change), params=None)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0006_indicator_labels_en")]

    operations = [migrations.RunPython(look_up, join)]
