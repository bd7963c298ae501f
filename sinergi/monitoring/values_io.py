"""Indicator values as files: the XLSX template, the XLSX or CSV upload and the export.

One format for all three, in every language of the interface: Indonesian headers, choices
written with their Indonesian labels (codes and English labels are accepted too). An export
therefore imports again, and changes nothing. The upload is a `ValuesImporter` (see
`sinergi.lib.imports`); its checks are those of `sinergi.monitoring.values`, as for the
data-entry grid and the API.
"""

import itertools

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from sinergi.lib import spreadsheets
from sinergi.lib.imports import Column, Importer
from sinergi.monitoring.models import DataValue, Method, Period, Source
from sinergi.monitoring.values import ValueRow, apply_rows, plain_number, validate_rows

SHEET, LISTS = "Data", "Pilihan"


# The columns of the template, the upload and the export, in order. A "*" marks a required cell.
COLUMNS = [
    Column("indicator", "Kode indikator*", kind="text"),
    Column("indicator_name", "Indikator", note=gettext_lazy("For reading only."), read=False),
    Column("region", "Kode wilayah*", kind="text", note=gettext_lazy("For example 32.04.")),
    Column("region_name", "Wilayah", note=gettext_lazy("For reading only."), read=False),
    Column("year", "Tahun*"),
    Column("period", "Periode", note=gettext_lazy("Empty: the whole year.")),
    Column("source", "Sumber", note=gettext_lazy("Empty: the indicator's default source.")),
    Column("method", "Metode", note=gettext_lazy("Empty: the indicator's default method.")),
    Column(
        "value",
        "Nilai",
        note=gettext_lazy(
            "For an indicator that adds up (a count). A percentage is computed from its "
            "numerator and denominator: leave its value empty."
        ),
    ),
    Column("numerator", "Pembilang", note=gettext_lazy("For a percentage indicator.")),
    Column("denominator", "Penyebut", note=gettext_lazy("For a percentage indicator.")),
    Column("note", "Catatan", note=gettext_lazy("Empty: the stored note is kept.")),
]
HEADERS = {column.key: column.header for column in COLUMNS}
STATUS_HEADER = "Status"


def _labels(choices) -> dict[str, str]:
    with translation.override("id"):
        return {value: str(label) for value, label in choices.choices}


class ValuesImporter(Importer):
    """Rows of indicator values, checked and written by `sinergi.monitoring.values` as those
    of the data-entry grid and the API; only regions in `within` are accepted."""

    columns = COLUMNS
    title = gettext_lazy("Values imported.")
    max_bytes = 5 * 1024 * 1024
    max_rows = 20_000
    allow_csv = True

    def __init__(self, user, within):
        super().__init__()
        self.user, self.within = user, within

    def skip(self, cells):
        # The template lists every region: a row without any figure is one left empty.
        return all(cells[key] is None for key in ("value", "numerator", "denominator"))

    def check(self, rows):
        # Every row at once: values.validate_rows checks them with a few queries in all.
        value_rows = [ValueRow(**cells, row=number) for number, cells in rows]
        clean, problems = validate_rows(value_rows, self.user, self.within)
        for problem in problems:
            self.problem(problem.column, problem.message, row=problem.row)
        return clean

    def apply(self, records):
        saved = apply_rows(records, self.user)
        summary = self.summary(
            created=saved.created, changed=saved.changed, unchanged=saved.unchanged
        )
        if saved.revised:
            summary.notes.append(saved.revised_text())
        return summary


def template_bytes(selection) -> bytes:
    """A template for `selection`: a row for each region and indicator, with the stored
    figures (those of a pending change, when there is one), and the allowed periods, sources
    and methods in drop-downs."""
    choices = {
        "period": tuple(_labels(Period).values()),
        "source": tuple(_labels(Source).values()),
        "method": tuple(_labels(Method).values()),
    }
    regions = list(selection.regions())
    stored = {(value.indicator_id, value.region_id): value for value in selection.values()}
    periods, sources, methods = _labels(Period), _labels(Source), _labels(Method)
    rows = []
    for region in regions:
        for indicator in selection.indicators:
            value = stored.get((indicator.pk, region.pk))
            figures, note = [None, None, None], ""
            if value is not None:
                # A pending change of a verified value is what the file edits, as in the grid:
                # sent back unchanged, it leaves the change pending (values.apply_rows).
                prefix = "revised_" if value.has_revision else ""
                figures = [
                    None if indicator.is_ratio else getattr(value, f"{prefix}value"),
                    getattr(value, f"{prefix}numerator"),
                    getattr(value, f"{prefix}denominator"),
                ]
                note = getattr(value, f"{prefix}note")
                note = value.note if note is None else note
            rows.append(
                [
                    indicator.code,
                    indicator.name_id,
                    region.code,
                    region.name,
                    selection.year,
                    periods[selection.period],
                    sources[selection.source_for(indicator)],
                    methods[indicator.default_method],
                    *figures,
                    note,
                ]
            )
    columns = [c.template_column(choices.get(c.key, ())) for c in COLUMNS]
    return spreadsheets.template_bytes(SHEET, columns, LISTS, max_rows=len(rows) + 500, rows=rows)


EXPORT_FIELDS = [
    "indicator__code",
    "indicator__name_id",
    "region__code",
    "region__name",
    "year",
    "period",
    "source",
    "method",
    "value",
    "numerator",
    "denominator",
    "note",
    "status",
]


def export_header() -> list[str]:
    return [*(c.header.rstrip("*") for c in COLUMNS), STATUS_HEADER]


# Columns of an export that hold text someone typed (codes, names, the note) or a stored
# choice; the others are numbers (spreadsheets.csv_lines).
TEXT_COLUMNS = (0, 1, 2, 3, 5, 6, 7, 11, 12)
# An XLSX file is written in memory, about 10,000 rows a second: more rows would keep the
# worker past its timeout. The CSV export holds every row.
XLSX_MAX_ROWS = 50_000


def export_rows(values, as_text=False):
    """The rows of an export of the DataValue queryset `values` (one query, read in chunks
    from a server-side cursor), numbers as Decimals, or as plain text for CSV."""
    periods, sources, methods = _labels(Period), _labels(Source), _labels(Method)
    statuses = _labels(DataValue.Status)
    number = plain_number if as_text else (lambda d: d)
    rows = values.order_by(
        "indicator__order", "indicator__code", "region__code", "year", "period", "source", "method"
    ).values_list(*EXPORT_FIELDS)
    for code, name, region, region_name, year, period, source, method, *rest in rows.iterator(
        chunk_size=5000
    ):
        value, numerator, denominator, note, status = rest
        yield [
            code,
            name,
            region,
            region_name,
            year,
            periods.get(period, period),
            sources.get(source, source),
            methods.get(method, method),
            number(value),
            "" if numerator is None else number(numerator),
            "" if denominator is None else number(denominator),
            note,
            statuses.get(status, status),
        ]


def csv_lines(values):
    """The export of `values` as CSV text, in pieces of many lines, streamed: the rows are
    read in chunks and never held all at once."""
    return spreadsheets.csv_lines(
        export_header(), export_rows(values, as_text=True), text_columns=TEXT_COLUMNS
    )


def xlsx_too_large(values) -> bool:
    """Whether `values` has more rows than an XLSX export holds (counting at most that many)."""
    return values.order_by()[: XLSX_MAX_ROWS + 1].count() > XLSX_MAX_ROWS


def xlsx_bytes(values) -> bytes:
    """The export of `values` as an XLSX file (openpyxl's write-only mode), of at most
    XLSX_MAX_ROWS rows: the view refuses more (`xlsx_too_large`)."""
    rows = itertools.islice(export_rows(values), XLSX_MAX_ROWS)
    return spreadsheets.workbook_bytes(SHEET, export_header(), rows)


def export_filename(code, fmt) -> str:
    return f"data-sinergi-{code}-{timezone.localdate():%Y-%m-%d}.{fmt}"
