"""Indicator values as files: the XLSX template, the XLSX or CSV upload and the export.

One format for all three, in every language of the interface: Indonesian headers, choices
written with their Indonesian labels (codes and English labels are accepted too). An export
therefore imports again, and changes nothing. The checks themselves are those of
`sinergi.monitoring.values`, as for the data-entry grid and the API.
"""

import csv
import io
from dataclasses import dataclass

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.lib import spreadsheets
from sinergi.monitoring.models import DataValue, Method, Period, Source
from sinergi.monitoring.values import ValueRow, plain_number

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
SHEET, LISTS = "Data", "Pilihan"


@dataclass(frozen=True)
class Column:
    key: str  # a ValueRow field, or a column that is only read by people
    header: str
    kind: str = ""
    note: str = ""


# The columns of the template, the upload and the export, in order. A "*" marks a required cell.
COLUMNS = [
    Column("indicator", "Kode indikator*", kind="text"),
    Column("indicator_name", "Indikator", note=gettext_lazy("For reading only.")),
    Column("region", "Kode wilayah*", kind="text", note=gettext_lazy("For example 32.04.")),
    Column("region_name", "Wilayah", note=gettext_lazy("For reading only.")),
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
# Read from an upload; the other columns are for people.
INPUT_KEYS = [key for key in ValueRow._fields if key in HEADERS]
STATUS_HEADER = "Status"


def _header_key(text) -> str:
    return " ".join(str(text).split()).casefold().rstrip("*").strip()


def _labels(choices) -> dict[str, str]:
    with translation.override("id"):
        return {value: str(label) for value, label in choices.choices}


class ValuesUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx or .csv)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
        help_text=gettext_lazy("At most 5 MB and 20,000 rows."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.")
                % {"limit": filesizeformat(MAX_UPLOAD_BYTES)}
            )
        try:
            header, rows = read_file(upload)
        except spreadsheets.SpreadsheetError as error:
            raise forms.ValidationError(error.message) from None
        positions = {_header_key(text): i for i, text in enumerate(header) if text is not None}
        missing = [HEADERS[k] for k in INPUT_KEYS if _header_key(HEADERS[k]) not in positions]
        if missing:
            raise forms.ValidationError(
                _("These columns are missing from the first row: %(columns)s. Use the template.")
                % {"columns": ", ".join(missing)}
            )
        self.rows = []
        for number, values in rows:
            cells = {key: _cell(values, positions[_header_key(HEADERS[key])]) for key in INPUT_KEYS}
            # The template lists every region: a row without any figure is one left empty.
            if all(cells[key] is None for key in ("value", "numerator", "denominator")):
                continue
            self.rows.append(ValueRow(**cells, row=number))
        if not self.rows:
            raise forms.ValidationError(_("The file has no figures below the header."))
        return upload


def _cell(values, position):
    return values[position] if position < len(values) else None


def read_file(upload) -> tuple[list, list[tuple[int, list]]]:
    """The header and numbered rows of an .xlsx or a UTF-8 .csv upload, told apart by their
    content; raises spreadsheets.SpreadsheetError with a message for the user."""
    upload.seek(0)
    head = upload.read(len(spreadsheets.ZIP_SIGNATURE))
    upload.seek(0)
    if head == spreadsheets.ZIP_SIGNATURE:
        return spreadsheets.read_rows(upload, MAX_ROWS)
    return _read_csv(upload)


def _read_csv(upload):
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:
        raise spreadsheets.SpreadsheetError(
            _(
                "This file is neither an Excel workbook (.xlsx) nor a CSV file in UTF-8. Save it "
                "as an Excel workbook, or as “CSV UTF-8”."
            )
        )
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to Indonesian write CSV with semicolons, as the comma is their decimal.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    header, rows = None, []
    try:
        records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, record in enumerate(records, start=1):
            values = [spreadsheets.clean_text(v) for v in record[: spreadsheets.MAX_COLUMNS]]
            if number == 1:
                header = values if any(v is not None for v in values) else None
            elif any(v is not None for v in values):
                if number > MAX_ROWS + 1:
                    raise spreadsheets.SpreadsheetError(
                        _("The file has more than %(count)d rows; split it into several files.")
                        % {"count": MAX_ROWS}
                    )
                rows.append((number, values))
    except csv.Error:
        raise spreadsheets.SpreadsheetError(_("This CSV file could not be read.")) from None
    if header is None:
        raise spreadsheets.SpreadsheetError(
            _("The first row of the file must hold the column headers.")
        )
    return header, rows


def file_problems(problems):
    """Problems of `values.validate_rows` with the file's column headers."""
    return [(p.row, HEADERS.get(p.column, "").rstrip("*"), p.message) for p in problems]


def template_bytes(selection) -> bytes:
    """A template for `selection`: a row for each region and indicator, with the stored
    figures, and the allowed periods, sources and methods in drop-downs."""
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
            figures = [None, None, None]
            if value is not None:
                figures = [
                    None if indicator.is_ratio else value.value,
                    value.numerator,
                    value.denominator,
                ]
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
                    value.note if value is not None else "",
                ]
            )
    columns = [
        spreadsheets.TemplateColumn(
            c.header, choices=choices.get(c.key, ()), kind=c.kind, note=str(c.note)
        )
        for c in COLUMNS
    ]
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


def export_rows(values, as_text=False):
    """The rows of an export of the DataValue queryset `values` (one query), numbers as
    Decimals, or as plain text for CSV."""
    periods, sources, methods = _labels(Period), _labels(Source), _labels(Method)
    statuses = _labels(DataValue.Status)
    number = plain_number if as_text else (lambda d: d)
    rows = values.order_by(
        "indicator__order", "indicator__code", "region__code", "year", "period", "source", "method"
    ).values_list(*EXPORT_FIELDS)
    for code, name, region, region_name, year, period, source, method, *rest in rows.iterator(
        chunk_size=2000
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
    """The export of `values` as CSV text, line by line."""
    return spreadsheets.csv_lines(export_header(), export_rows(values, as_text=True))


def xlsx_bytes(values) -> bytes:
    return spreadsheets.workbook_bytes(SHEET, export_header(), export_rows(values))


def export_filename(code, fmt) -> str:
    return f"data-sinergi-{code}-{timezone.localdate():%Y-%m-%d}.{fmt}"
