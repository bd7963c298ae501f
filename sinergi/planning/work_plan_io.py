"""The annual work plan as XLSX: the template, the upload and the export.

One format for all three, in every language of the interface: Indonesian headers, sectors
written with their Indonesian labels (codes and English labels are accepted too). An export
therefore imports again and changes nothing.

A row is one activity with its budget: an amount column and a programme column per funding
source. The activity number identifies the activity within the year's plan: a row whose number
exists replaces that activity's details and budget lines with the row, a new number adds an
activity, and activities of the plan that are not in the file are left as they are (an import
never deletes an activity).

An upload is checked whole before anything is written: `do_import_work_plan` returns the
problems of every row, or applies every row in one transaction.
"""

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django import forms
from django.core.validators import FileExtensionValidator
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font

from sinergi.lib import spreadsheets
from sinergi.monitoring.models import Indicator
from sinergi.monitoring.values import parse_choice
from sinergi.planning.forms_work import adopted_plan_for
from sinergi.planning.models import (
    Activity,
    BudgetLine,
    FundingSource,
    Spending,
    WorkPlan,
)
from sinergi.planning.realisation import parse_amount
from sinergi.pokja.forms import institutions_for
from sinergi.regions.models import Region

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
# Activity.quantity keeps 14 digits, 2 of them after the point.
QUANTITY_LIMIT = Decimal(10) ** 12
SHEET, LISTS, GUIDE = "RKT", "Pilihan", "Petunjuk"

# The name of each funding source in the headers: fixed Indonesian words, so that a file
# keeps importing whatever the translations say.
SOURCE_NAMES = {
    FundingSource.APBN: "APBN",
    FundingSource.DAK_PHYSICAL: "DAK fisik",
    FundingSource.DAK_NON_PHYSICAL: "DAK non-fisik",
    FundingSource.GRANT: "Hibah",
    FundingSource.APBD_PROVINCE: "APBD provinsi",
    FundingSource.APBD_REGENCY: "APBD kabupaten/kota",
    FundingSource.VILLAGE_FUND: "Dana Desa",
    FundingSource.CSR: "CSR",
    FundingSource.KPBU: "KPBU",
    FundingSource.DONOR: "Donor",
    FundingSource.COMMUNITY: "Swadaya masyarakat",
    FundingSource.OTHER: "Lainnya",
}


@dataclass(frozen=True)
class Column:
    key: str  # a RowForm field
    header: str
    kind: str = ""
    note: str = ""
    width: int = 16


# The rule of every number on the planning pages (forms_work.parse_amount), for text cells.
NUMBER_RULE = gettext_lazy(
    "A number cell, or text written the Indonesian way: points between thousands or none and a "
    "comma before at most two decimals (1250000, 1.250.000 or 1.250.000,50). Never negative."
)

# The columns of the template, the upload and the export, in order. A "*" marks a required cell.
COLUMNS = [
    Column(
        "number",
        "No. kegiatan*",
        note=gettext_lazy("A whole number that identifies the activity within the year's plan."),
        width=10,
    ),
    Column("name", "Nama kegiatan*", width=40),
    Column("sector", "Sektor*", width=20),
    Column(
        "institution",
        "Lembaga penanggung jawab",
        note=gettext_lazy("An institution known to Sinergi for this region, by its name."),
        width=30,
    ),
    Column(
        "location",
        "Kode lokasi*",
        kind="text",
        note=gettext_lazy(
            "The Kemendagri code of the working group's region or a region below it, written "
            "as text: 32.04 or 32.04.05."
        ),
        width=14,
    ),
    Column("output", "Keluaran", width=30),
    Column("unit", "Satuan", width=12),
    Column("quantity", "Volume", note=NUMBER_RULE, width=10),
    Column(
        "goal",
        "No. tujuan renstra",
        note=gettext_lazy("The number of a goal of the adopted strategic plan covering the year."),
        width=10,
    ),
    Column("end_quarter", "Triwulan selesai", note=gettext_lazy("1 to 4; empty: 4."), width=10),
]
COLUMNS += [
    column
    for source, name in SOURCE_NAMES.items()
    for column in (
        Column(
            f"amount_{source}",
            f"Anggaran {name} (Rp)",
            note=gettext_lazy(
                "Empty or 0: no budget from this source. A number, at most 2 decimals."
            ),
        ),
        Column(
            f"programme_{source}",
            f"Program {name}",
            note=gettext_lazy("The external programme that funds this amount, if any."),
        ),
    )
]
HEADERS = {column.key: column.header for column in COLUMNS}
END_QUARTER_CHOICES = ("1", "2", "3", "4")


def _fold(text) -> str:
    """Text compared without regard to case or repeated spaces."""
    return " ".join(str(text).split()).casefold()


def _header_key(text) -> str:
    return _fold(text).rstrip("*").strip()


def _sector_label(value) -> str:
    with translation.override("id"):
        return str(Indicator.Sector(value).label)


class SectorField(forms.Field):
    """A sector written as its code or its label (Indonesian or English), in any case."""

    def to_python(self, value):
        try:
            return parse_choice(Indicator.Sector, value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class NumberField(forms.Field):
    """A non-negative number with at most 2 decimals (realisation.parse_amount)."""

    def __init__(self, *, limit=None, **kwargs):
        super().__init__(**kwargs)
        self.limit = limit

    def to_python(self, value):
        try:
            if self.limit is None:
                return parse_amount(value)
            return parse_amount(value, limit=self.limit)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class CodeField(forms.CharField):
    def to_python(self, value):
        if isinstance(value, float):
            # 32.10 typed into a number cell comes back as 32.1.
            raise forms.ValidationError(
                _("Write the code as text (for example 32.04.05), not as a number."),
                code="invalid",
            )
        return super().to_python(value)


class RowForm(forms.Form):
    """One row of the file; field names are the keys of COLUMNS."""

    number = forms.IntegerField(min_value=1, max_value=32767)
    name = forms.CharField(max_length=300)
    sector = SectorField()
    institution = forms.CharField(max_length=200, required=False)
    location = CodeField(max_length=13)
    output = forms.CharField(max_length=300, required=False)
    unit = forms.CharField(max_length=50, required=False)
    quantity = NumberField(limit=QUANTITY_LIMIT, required=False)
    goal = forms.IntegerField(min_value=1, max_value=32767, required=False)
    end_quarter = forms.IntegerField(min_value=1, max_value=4, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for source in FundingSource.values:
            self.fields[f"amount_{source}"] = NumberField(required=False)
            self.fields[f"programme_{source}"] = forms.CharField(max_length=200, required=False)

    def clean(self):
        data = super().clean()
        for source in FundingSource.values:
            amount = f"amount_{source}"
            if data.get(f"programme_{source}") and amount in data and not data[amount]:
                self.add_error(
                    f"programme_{source}",
                    _("Write the amount this programme funds, or clear the programme."),
                )
        return data


class WorkPlanUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx)"),
        validators=[FileExtensionValidator(["xlsx"])],
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
        help_text=gettext_lazy("At most 2 MB and 1,000 rows."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.")
                % {"limit": filesizeformat(MAX_UPLOAD_BYTES)}
            )
        try:
            header, rows = spreadsheets.read_rows(upload, MAX_ROWS)
        except spreadsheets.SpreadsheetError as error:
            raise forms.ValidationError(error.message) from None
        positions = {_header_key(text): i for i, text in enumerate(header) if text is not None}
        missing = [c.header for c in COLUMNS if _header_key(c.header) not in positions]
        if missing:
            raise forms.ValidationError(
                _("These columns are missing from the first row: %(columns)s. Use the template.")
                % {"columns": ", ".join(missing)}
            )
        if not rows:
            raise forms.ValidationError(_("The file has no rows below the header."))
        self.rows = [
            (number, {c.key: _cell(values, positions[_header_key(c.header)]) for c in COLUMNS})
            for number, values in rows
        ]
        return upload


def _cell(values, position):
    return values[position] if position < len(values) else None


class Problem(NamedTuple):
    row: int  # 0: the whole file
    column: str  # a header of the file, "" for the whole row
    message: str


@dataclass
class Summary:
    year: int
    work_plan_created: bool = False
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    # Activities of the plan that the file does not name; the import leaves them alone.
    not_in_file: int = 0

    def __str__(self):
        text = _(
            "Work plan imported. Activities created: %(created)d, changed: %(changed)d, "
            "unchanged: %(unchanged)d."
        ) % asdict(self)
        if self.not_in_file:
            text += " " + _(
                "%(not_in_file)d activities of the plan are not in the file and were left as "
                "they are."
            ) % asdict(self)
        if self.work_plan_created:
            text += " " + _("The work plan for %(year)d was created.") % asdict(self)
        return text


@dataclass
class _Entry:
    row: int
    number: int
    # Activity fields by attribute name, foreign keys as ids.
    values: dict
    # Source → (amount, programme).
    lines: dict = field(default_factory=dict)


ACTIVITY_FIELDS = [
    "name",
    "sector",
    "institution_id",
    "location_id",
    "output",
    "unit",
    "quantity",
    "goal_id",
    "end_quarter",
]


def do_import_work_plan(group, year, rows) -> tuple[Summary | None, list[Problem]]:
    """Import the rows of a WorkPlanUploadForm into `group`'s work plan for `year` (created
    when missing): all of them in one transaction, or, when any row has a problem, none, and
    the problems of every row."""
    try:
        with transaction.atomic():
            check = _Check(group, year, rows)
            if check.problems:
                return None, check.problems
            return _apply(group, year, check), []
    except IntegrityError:
        # Someone else changed the same plan between the check and the writes.
        message = _("The work plan changed while the file was being imported; upload it again.")
        return None, [Problem(0, "", message)]


class _Check:
    """Every row checked, against each other and against the database, with a few queries."""

    def __init__(self, group, year, rows):
        self.group = group
        self.problems = []
        self.entries = []
        self._load(group, year, rows)
        seen = {}
        for number, values in rows:
            self.row = number
            form = RowForm(values)
            form.is_valid()
            for name, errors in form.errors.items():
                for message in errors:
                    self.problem(HEADERS.get(name, ""), message)
            data = form.cleaned_data
            entry = _Entry(number, data.get("number"), {})
            if entry.number is not None:
                if entry.number in seen:
                    message = _("Activity number %(number)d is already in row %(row)d.") % {
                        "number": entry.number,
                        "row": seen[entry.number],
                    }
                    self.problem(HEADERS["number"], message)
                else:
                    seen[entry.number] = number
            institution = self._institution(data.get("institution"))
            location = self._location(data.get("location"))
            goal = self._goal(data.get("goal"))
            entry.values = {
                "name": " ".join(data.get("name", "").split()),
                "sector": data.get("sector"),
                "institution_id": institution.pk if institution else None,
                "location_id": location.pk if location else None,
                "output": " ".join(data.get("output", "").split()),
                "unit": " ".join(data.get("unit", "").split()),
                "quantity": data.get("quantity"),
                "goal_id": goal.pk if goal else None,
                "end_quarter": data.get("end_quarter") or 4,
            }
            for source in FundingSource.values:
                amount = data.get(f"amount_{source}")
                if amount:  # empty or 0: the source does not fund the activity
                    programme = " ".join(data.get(f"programme_{source}", "").split())
                    entry.lines[source] = (amount, programme)
            self._check_spent(entry, form.errors)
            self.entries.append(entry)

    def problem(self, column, message):
        self.problems.append(Problem(self.row, column, message))

    def _load(self, group, year, rows):
        self.plan = (
            WorkPlan.objects.select_for_update().filter(working_group=group, year=year).first()
        )
        self.activities = {}
        self.spent = set()
        if self.plan is not None:
            activities = self.plan.activities.order_by().prefetch_related("budget_lines")
            self.activities = {activity.number: activity for activity in activities}
            self.spent = set(
                Spending.objects.filter(report__activity__work_plan=self.plan)
                .order_by()
                .values_list("report__activity__number", "source")
                .distinct()
            )

        self.strategic_plan = adopted_plan_for(group, year)
        self.goals = {}
        if self.strategic_plan is not None:
            self.goals = {goal.number: goal for goal in self.strategic_plan.goals.all()}

        names = {str(values["institution"]) for _n, values in rows if values["institution"]}
        institutions = (
            institutions_for(group)
            .annotate(lower_name=Lower("name"))
            .filter(Q(lower_name__in={_fold(n) for n in names}) | Q(name__in=names))
        )
        # An institution of the group's own region wins over a namesake elsewhere.
        ordered = sorted(institutions, key=lambda i: i.region_id != group.region_id)
        self.institutions = {}
        for institution in ordered:
            self.institutions.setdefault(_fold(institution.name), institution)

        codes = {str(values["location"]).strip() for _n, values in rows if values["location"]}
        self.regions = Region.objects.in_bulk(list(codes), field_name="code")

    def _institution(self, name):
        if not name:
            return None
        institution = self.institutions.get(_fold(name))
        if institution is None:
            message = _(
                "“%(name)s” is not an institution known to Sinergi for this region; add it to "
                "the institution catalogue first, or correct the name."
            ) % {"name": name}
            self.problem(HEADERS["institution"], message)
        return institution

    def _location(self, code):
        if not code:
            return None
        region = self.regions.get(code)
        if region is None:
            message = _("“%(code)s” is not a region code.") % {"code": code}
            self.problem(HEADERS["location"], message)
            return None
        if not self.group.region.contains(region):
            message = _("%(region)s is not part of %(within)s.") % {
                "region": region.name,
                "within": self.group.region.name,
            }
            self.problem(HEADERS["location"], message)
            return None
        return region

    def _goal(self, number):
        if number is None:
            return None
        if self.strategic_plan is None:
            message = _("No adopted strategic plan covers this year: leave the goal empty.")
            self.problem(HEADERS["goal"], message)
            return None
        goal = self.goals.get(number)
        if goal is None:
            message = _("The strategic plan “%(title)s” has no goal %(number)d.") % {
                "title": self.strategic_plan.title,
                "number": number,
            }
            self.problem(HEADERS["goal"], message)
        return goal

    def _check_spent(self, entry, errors):
        """A source money was spent from keeps its budget line (as on the budget form)."""
        if entry.number not in self.activities:
            return
        for source in FundingSource.values:
            column = f"amount_{source}"
            removed = source not in entry.lines and column not in errors
            if removed and (entry.number, source) in self.spent:
                message = _(
                    "Spending from this source is recorded in the realisation: keep its "
                    "budget, or remove that spending first."
                )
                self.problem(HEADERS[column], message)


def _apply(group, year, check) -> Summary:
    summary = Summary(year=year)
    plan = check.plan
    if plan is None:
        plan = WorkPlan.objects.create(
            working_group=group, year=year, strategic_plan=check.strategic_plan
        )
        summary.work_plan_created = True
    named = set()
    for entry in check.entries:
        named.add(entry.number)
        activity = check.activities.get(entry.number)
        if activity is None:
            activity = Activity.objects.create(work_plan=plan, number=entry.number, **entry.values)
            for source, (amount, programme) in entry.lines.items():
                BudgetLine.objects.create(
                    activity=activity, source=source, amount=amount, programme=programme
                )
            summary.created += 1
            continue
        changed = [
            name for name in ACTIVITY_FIELDS if getattr(activity, name) != entry.values[name]
        ]
        for name in changed:
            setattr(activity, name, entry.values[name])
        if changed:
            activity.save(update_fields=changed)
        if _apply_lines(activity, entry.lines) or changed:
            summary.changed += 1
        else:
            summary.unchanged += 1
    summary.not_in_file = len(set(check.activities) - named)
    return summary


def _apply_lines(activity, lines) -> bool:
    """Make the activity's budget lines those of the row; whether anything changed."""
    changed = False
    stored = {line.source: line for line in activity.budget_lines.all()}
    for source, line in stored.items():
        if source not in lines:
            line.delete()
            changed = True
            continue
        amount, programme = lines[source]
        if (line.amount, line.programme) != (amount, programme):
            line.amount, line.programme = amount, programme
            line.save(update_fields=["amount", "programme"])
            changed = True
    for source, (amount, programme) in lines.items():
        if source not in stored:
            BudgetLine.objects.create(
                activity=activity, source=source, amount=amount, programme=programme
            )
            changed = True
    return changed


def template_bytes(group, year) -> bytes:
    """The empty template, with drop-downs for sectors, institutions and quarters and a sheet
    of instructions in the active language."""
    with translation.override("id"):
        sectors = tuple(str(label) for label in Indicator.Sector.labels)
    institutions = tuple(
        sorted(set(institutions_for(group).values_list("name", flat=True)), key=str.casefold)
    )
    choices = {"sector": sectors, "institution": institutions, "end_quarter": END_QUARTER_CHOICES}
    columns = [
        spreadsheets.TemplateColumn(
            c.header,
            choices=choices.get(c.key, ()),
            kind=c.kind,
            note=str(c.note),
            width=c.width,
        )
        for c in COLUMNS
    ]
    workbook = spreadsheets.template_workbook(SHEET, columns, LISTS, max_rows=MAX_ROWS)
    _add_guide(workbook, group, year)
    return spreadsheets.workbook_to_bytes(workbook)


def _add_guide(workbook, group, year):
    """A sheet of instructions after the data sheet (the upload reads the first sheet only)."""
    sheet = workbook.create_sheet(GUIDE, 1)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100
    title = _("Work plan %(year)d of %(group)s") % {"year": year, "group": group.name}
    spreadsheets.write_row(sheet, [title], Font(bold=True, size=14))
    general = [
        (
            _("Rows"),
            _(
                "One row per activity on the sheet %(sheet)s. Columns marked * are required. "
                "The sheet %(lists)s lists the values of the drop-downs."
            )
            % {"sheet": SHEET, "lists": LISTS},
        ),
        (
            _("Activity number"),
            _(
                "It identifies the activity within the year's plan. A row with the number of an "
                "existing activity replaces its details and its budget lines; a new number adds "
                "an activity. Activities of the plan that are not in the file are left as they "
                "are: an import never deletes an activity."
            ),
        ),
        (
            _("Checking"),
            _(
                "The file is checked whole: either every row is imported, or nothing changes "
                "and every problem is listed by row and column. Uploading the same file again "
                "changes nothing."
            ),
        ),
        (_("Numbers"), NUMBER_RULE),
        (
            _("Budget"),
            _(
                "One amount column per funding source, “Anggaran <source> (Rp)”: not negative. "
                "An empty amount means no budget from that source and removes a budget line the "
                "activity had; a budget cannot end below what has already been spent from it. "
                "The column “Program <source>” next to it names the external programme that "
                "funds the amount (optional, at most 200 characters, only with an amount)."
            ),
        ),
    ]
    rules = {
        "number": _("A whole number from 1, once in the file."),
        "name": _("At most 300 characters."),
        "sector": _("A sector of the drop-down (its code or English name works too)."),
        "institution": _(
            "Optional: the institution responsible, by its name in Sinergi's institution "
            "catalogue (the drop-down lists those this working group may name)."
        ),
        "location": _(
            "The Kemendagri code, as text, of %(region)s (%(code)s) or of a region below it."
        )
        % {"region": group.region.name, "code": group.region.code},
        "output": _("Optional: what the activity delivers; at most 300 characters."),
        "unit": _(
            "Optional: the unit of the volume, such as “unit” or “m”; at most 50 characters."
        ),
        "quantity": _("Optional: the target volume, in that unit."),
        "goal": _(
            "Optional: the number of a goal of the adopted strategic plan that covers %(year)d."
        )
        % {"year": year},
        "end_quarter": _("The quarter in which the activity should be finished, 1 to 4. Empty: 4."),
    }
    spreadsheets.write_row(sheet, [])
    for label, text in general:
        spreadsheets.write_row(sheet, [str(label), str(text)])
    spreadsheets.write_row(sheet, [])
    spreadsheets.write_row(sheet, [_("Column"), _("What to write")])
    heading_row = sheet.max_row
    for column in COLUMNS:
        if column.key in rules:
            spreadsheets.write_row(sheet, [column.header, rules[column.key]])
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = wrap
        row[0].font = bold
    for cell in sheet[heading_row]:
        cell.font = bold


def _number(value):
    """A Decimal as a number cell when a spreadsheet keeps it exactly, else as text."""
    if value is None:
        return None
    if Decimal(repr(float(value))) == value:
        return value
    return format(value, "f")


def export_bytes(plan) -> bytes:
    """The plan with its budget lines, in the template's columns."""
    activities = (
        plan.activities.select_related("institution", "location", "goal")
        .prefetch_related(Prefetch("budget_lines", BudgetLine.objects.order_by("source")))
        .order_by("number")
    )
    rows = []
    for activity in activities:
        lines = {line.source: line for line in activity.budget_lines.all()}
        values = {
            "number": activity.number,
            "name": activity.name,
            "sector": _sector_label(activity.sector),
            "institution": activity.institution.name if activity.institution else None,
            "location": activity.location.code,
            "output": activity.output or None,
            "unit": activity.unit or None,
            "quantity": _number(activity.quantity),
            "goal": activity.goal.number if activity.goal else None,
            "end_quarter": activity.end_quarter,
        }
        for source, line in lines.items():
            values[f"amount_{source}"] = _number(line.amount)
            values[f"programme_{source}"] = line.programme or None
        rows.append([values.get(column.key) for column in COLUMNS])
    return spreadsheets.workbook_bytes(
        f"{SHEET} {plan.year}", [column.header for column in COLUMNS], rows
    )
