"""File imports: the one way an upload of rows (XLSX, or CSV where allowed) becomes records.

An import is a subclass of `Importer` that says only how rows become records: its `columns`,
`parse_row()` (one row to a record, or problems through `self.problem()`) and `apply()` (the
records written, a `Summary` returned). Everything else is done here, the same for every import:

- `ImportForm` reads the upload (size and row limits of the importer), checks the headers of
  the first row, drops empty rows, and refuses an unreadable file with one clear message;
- `run_import()` checks every row before anything is written and reports each `Problem` by
  row and column; only a file without problems is applied, in one transaction;
- `import_view()` is the page: the form, the problems table (`_import.html`), or the summary
  as a message and a redirect.

"Same file twice changes nothing" is the importer's promise: `apply()` recognises stored
records by a natural key and writes only what differs, counting created, changed, unchanged.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from django import forms
from django.contrib import messages
from django.core.validators import FileExtensionValidator
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.lib import spreadsheets

# A page lists at most this many problems; it says how many there are in all.
MAX_PROBLEMS_SHOWN = 500


@dataclass(frozen=True)
class Column:
    """A column of an import file: `key` names it in code, `header` in the file ("*" marks a
    required cell). `read=False`: for people only (a name beside a code), never read;
    `optional=True`: the upload may leave the column out."""

    key: str
    header: str
    kind: str = ""  # in the template: "text" keeps digits as typed, "date" shows dates
    note: str = ""
    width: int = 20
    read: bool = True
    optional: bool = False

    @property
    def label(self) -> str:
        """The header as problems name it, without the star."""
        return self.header.rstrip("*").strip()

    def template_column(self, choices=()) -> spreadsheets.TemplateColumn:
        return spreadsheets.TemplateColumn(
            self.header,
            choices=tuple(choices),
            kind=self.kind,
            note=str(self.note),
            width=self.width,
        )


class Problem(NamedTuple):
    row: int  # the row number in the file; 0 for the whole file
    column: str  # the column's header, "" for the whole row
    message: str


@dataclass
class Summary:
    """What an import did: a sentence naming the import, the counts of the rows' records,
    and further sentences of the import (other records it created, what it left alone)."""

    title: str
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    notes: list = field(default_factory=list)

    def __str__(self):
        counts = _("Created: %(created)d, changed: %(changed)d, unchanged: %(unchanged)d.") % {
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
        }
        return " ".join([str(self.title), counts, *(str(note) for note in self.notes)])


class Importer:
    """One import. A subclass sets `columns`, the limits and `title`, and implements
    `parse_row()` and `apply()`; it may load what its checks need in `prepare()`, skip rows
    left empty in `skip()`, or check all rows at once by overriding `check()`."""

    columns: list[Column] = []
    title = ""  # "Facilities imported.": the first sentence of the summary
    max_bytes = 2 * 1024 * 1024
    max_rows = 1000
    allow_csv = False

    def __init__(self):
        self.problems = []
        self.row = 0
        self.labels = {column.key: column.label for column in self.columns}

    # What an import says.

    def prepare(self, rows):
        """Load what the checks of `rows` need, with a few queries whatever their number."""

    def skip(self, cells) -> bool:
        """Whether a row is left out as empty (a template row left unfilled)."""
        return False

    def parse_row(self, cells: dict):
        """The record of one row ({column key: cell}), or None after `self.problem()`."""
        raise NotImplementedError

    def apply(self, records) -> Summary:
        """Write the records (inside the import's transaction) and say what changed."""
        raise NotImplementedError

    # What the framework gives it.

    def problem(self, column, message, row=None):
        """Report a problem of the current row in `column` (a key of `columns`, a header,
        or "" for the whole row)."""
        label = self.labels.get(column, column)
        self.problems.append(Problem(self.row if row is None else row, label, str(message)))

    def form_problems(self, form):
        """Report the errors of a Django form whose field names are column keys."""
        for name, errors in form.errors.items():
            for message in errors:
                self.problem(name if name in self.labels else "", message)

    def check(self, rows) -> list:
        """The record of every row; problems are collected in `self.problems`."""
        self.prepare(rows)
        records = []
        for number, cells in rows:
            self.row = number
            record = self.parse_row(cells)
            if record is not None:
                records.append(record)
        return records

    def summary(self, **counts) -> Summary:
        return Summary(self.title, **counts)


def run_import(importer: Importer, rows) -> tuple[Summary | None, list[Problem]]:
    """Check every row of `rows` ((row number, {column key: cell}), as `ImportForm.rows`),
    then apply them all in one transaction: the summary and no problems, or, when any row has
    a problem, nothing written, None and the problems of every row."""
    try:
        with transaction.atomic():
            records = importer.check(rows)
            if importer.problems:
                return None, importer.problems
            return importer.apply(records), []
    except IntegrityError:
        # Someone else changed the same records between the check and the writes.
        message = _("The data changed while the file was being imported; upload it again.")
        return None, [Problem(0, "", message)]


class ImportForm(forms.Form):
    """The upload of an import, read whole before anything is checked: the size, a readable
    file, the headers of the first row, at least one row. Gives `rows` for `run_import()`."""

    file = forms.FileField()

    def __init__(self, importer: Importer, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.importer = importer
        field = self.fields["file"]
        field.help_text = _("At most %(size)s and %(rows)s rows.") % {
            "size": _megabytes(importer.max_bytes),
            "rows": number_format(importer.max_rows, force_grouping=True),
        }
        if importer.allow_csv:
            field.label = gettext_lazy("Filled-in template (.xlsx or .csv)")
            field.widget.attrs["accept"] = ".xlsx,.csv"
        else:
            field.label = gettext_lazy("Filled-in template (.xlsx)")
            field.widget.attrs["accept"] = ".xlsx"
            field.validators = [FileExtensionValidator(["xlsx"])]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        importer = self.importer
        if upload.size > importer.max_bytes:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": _megabytes(importer.max_bytes)}
            )
        try:
            header, rows = spreadsheets.read_upload(upload, importer.max_rows, importer.allow_csv)
        except spreadsheets.SpreadsheetError as error:
            raise forms.ValidationError(error.message) from None
        positions = {
            spreadsheets.header_key(text): i for i, text in enumerate(header) if text is not None
        }
        read = [column for column in importer.columns if column.read]
        missing = [
            column.header
            for column in read
            if not column.optional and spreadsheets.header_key(column.header) not in positions
        ]
        if missing:
            raise forms.ValidationError(
                _("These columns are missing from the first row: %(columns)s. Use the template.")
                % {"columns": ", ".join(missing)}
            )
        present = [
            (column.key, positions[spreadsheets.header_key(column.header)])
            for column in read
            if spreadsheets.header_key(column.header) in positions
        ]
        self.rows = []
        for number, values in rows:
            cells = {key: values[i] if i < len(values) else None for key, i in present}
            if not importer.skip(cells):
                self.rows.append((number, cells))
        if not self.rows:
            raise forms.ValidationError(_("The file has no rows to import below the header."))
        return upload


def _megabytes(size: int) -> str:
    """A limit as "2 MB" (limits are whole megabytes; filesizeformat would say "2.0 MB")."""
    return f"{size / (1024 * 1024):g} MB"


def import_view(request, importer: Importer, template_name: str, context: dict, done_url: str):
    """The page of an import: on a good upload, the summary as a message and a redirect to
    `done_url`; otherwise the form and the problems (`_import.html` shows both)."""
    form, problems = ImportForm(importer), []
    if request.method == "POST":
        form = ImportForm(importer, request.POST, request.FILES)
        if form.is_valid():
            summary, problems = run_import(importer, form.rows)
            if summary is not None:
                messages.success(request, str(summary))
                return redirect(done_url)
    context = {
        **context,
        "form": form,
        "problems": problems[:MAX_PROBLEMS_SHOWN],
        "problem_count": len(problems),
    }
    return render(request, template_name, context)
