"""Reading and writing XLSX files with openpyxl."""

import datetime
import io
import zipfile
from dataclasses import dataclass

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
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


def workbook_bytes(title: str, header: list, rows: list[list]) -> bytes:
    """One sheet with a bold header row and frozen panes, as the bytes of an .xlsx file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_bold_cell(sheet, str(h), bold) for h in header])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold_cell(sheet, value, font):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def template_bytes(
    title: str, columns: list[TemplateColumn], lists_title: str, max_rows: int = 1000
) -> bytes:
    """An empty import template: the header row on the first sheet, and for every column with
    choices a drop-down over `max_rows` rows whose values are listed on a second sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.freeze_panes = "A2"
    lists = workbook.create_sheet(lists_title[:31])
    bold = Font(bold=True)
    list_column = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = bold
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
            lists.cell(row=1, column=list_column, value=column.header).font = bold
            for row, choice in enumerate(column.choices, start=2):
                lists.cell(row=row, column=list_column, value=choice)
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
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
        return value.strip() or None
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def header_key(text) -> str:
    """A column header compared without regard to case, spaces or a "required" star."""
    return " ".join(str(text).split()).casefold().rstrip("*").strip()


def read_table(uploaded_file, headers, max_rows: int) -> tuple[dict, list[tuple[int, list]]]:
    """The rows of an upload and {header key: column index}; refused with a message for the
    user when a header of `headers` is missing or no row follows the header row."""
    header, rows = read_rows(uploaded_file, max_rows)
    positions = {header_key(text): i for i, text in enumerate(header) if text is not None}
    missing = [text for text in headers if header_key(text) not in positions]
    if missing:
        raise SpreadsheetError(
            _("These columns are missing from the first row: %(columns)s. Use the template.")
            % {"columns": ", ".join(str(text) for text in missing)}
        )
    if not rows:
        raise SpreadsheetError(_("The file has no rows below the header."))
    return positions, rows


class TableUploadForm(forms.Form):
    """An .xlsx import checked whole before anything is written: size, a readable workbook,
    every column of `headers` in the first row, at least one row. A subclass names its
    `headers` and turns the table into `self.rows` in `rows_from(positions, rows)`."""

    MAX_BYTES = 2 * 1024 * 1024
    MAX_ROWS = 1000
    headers: tuple = ()

    file = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx)"),
        validators=[FileExtensionValidator(["xlsx"])],
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
        help_text=gettext_lazy("At most 2 MB and 1,000 rows."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            positions, rows = read_table(upload, self.headers, self.MAX_ROWS)
        except SpreadsheetError as error:
            raise forms.ValidationError(error.message) from None
        self.rows = self.rows_from(positions, rows)
        return upload

    def rows_from(self, positions: dict, rows: list) -> list:
        raise NotImplementedError
