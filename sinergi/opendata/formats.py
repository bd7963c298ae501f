"""The files of a dataset: CSV, XLSX, JSON and GeoJSON, written from its rows and columns.

Machine-readable and the same in every language: the column names of the data dictionary as
headers, codes rather than translated labels, a point as decimal separator, dates as
YYYY-MM-DD and moments as ISO 8601 in UTC. CSV, JSON and GeoJSON are produced row by row for a
streaming response; XLSX is built in openpyxl's write-only mode and holds at most
`XLSX_MAX_ROWS` rows (the whole dataset is always in the other formats).
"""

import datetime
import itertools
import json
from decimal import Decimal

from sinergi.lib import spreadsheets
from sinergi.opendata.datasets import BOOLEAN, DATETIME, DECIMAL

# Writing a workbook takes about 0.13 s per thousand rows: 50,000 stay well within a request.
XLSX_MAX_ROWS = 50_000

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": spreadsheets.XLSX_CONTENT_TYPE,
    "json": "application/json",
    "geojson": "application/geo+json",
}
# Media types (IANA) and file types (EU Publications Office) for the DCAT distributions.
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": spreadsheets.XLSX_CONTENT_TYPE,
    "json": "application/json",
    "geojson": "application/geo+json",
}
FILE_TYPES = {"csv": "CSV", "xlsx": "XLSX", "json": "JSON", "geojson": "GEOJSON"}


def _moment(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    return value


def _plain(value, kind):
    """`value` of column type `kind` for CSV: text, with a point as decimal separator."""
    if value is None:
        return ""
    if kind == DECIMAL:
        return format(Decimal(value), "f")
    if kind == BOOLEAN:
        return "true" if value else "false"
    if kind == DATETIME:
        return _moment(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _json_value(value, kind):
    """`value` for JSON: numbers as numbers, dates and moments as ISO 8601 text."""
    if value is None:
        return None
    if kind == DECIMAL:
        value = Decimal(value)
        return int(value) if value == value.to_integral_value() else float(value)
    if kind == BOOLEAN:
        return bool(value)
    if kind == DATETIME:
        return _moment(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _xlsx_value(value, kind):
    # Excel holds no time zone: moments go as ISO 8601 text, as in the other formats.
    if kind == DATETIME and value is not None:
        return _moment(value)
    return value


def header(dataset) -> list[str]:
    return [column.name for column in dataset.columns]


def csv_lines(dataset):
    kinds = [column.type for column in dataset.columns]
    rows = ([_plain(v, k) for v, k in zip(row, kinds, strict=True)] for row in dataset.rows())
    return spreadsheets.csv_lines(header(dataset), rows)


def records(dataset):
    """Each row as a dict of column name → JSON value."""
    names = header(dataset)
    kinds = [column.type for column in dataset.columns]
    for row in dataset.rows():
        yield {
            name: _json_value(value, kind)
            for name, value, kind in zip(names, row, kinds, strict=True)
        }


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_lines(dataset):
    """A JSON array of records, one record a line."""
    yield "["
    for index, record in enumerate(records(dataset)):
        yield ("\n" if index == 0 else ",\n") + _dumps(record)
    yield "\n]\n"


def geojson_lines(dataset):
    """A GeoJSON FeatureCollection of the records, each with the dataset's geometry (null when
    the row has none)."""
    yield '{"type":"FeatureCollection","features":['
    for index, record in enumerate(records(dataset)):
        feature = {
            "type": "Feature",
            "geometry": dataset.feature_geometry(record),
            "properties": record,
        }
        yield ("\n" if index == 0 else ",\n") + _dumps(feature)
    yield "\n]}\n"


def xlsx_bytes(dataset) -> bytes:
    kinds = [column.type for column in dataset.columns]
    rows = ([_xlsx_value(v, k) for v, k in zip(row, kinds, strict=True)] for row in dataset.rows())
    return spreadsheets.workbook_bytes(
        dataset.slug, header(dataset), itertools.islice(rows, XLSX_MAX_ROWS)
    )


STREAMS = {"csv": csv_lines, "json": json_lines, "geojson": geojson_lines}
