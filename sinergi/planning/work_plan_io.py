"""The annual work plan as XLSX: the template, the upload and the export.

One format for all three, in every language of the interface: Indonesian headers, sectors
written with their Indonesian labels (codes and English labels are accepted too). An export
therefore imports again and changes nothing.

A row is one activity with its budget: an amount column and a programme column per funding
source. The activity number identifies the activity within the year's plan: a row whose number
exists replaces that activity's details and budget lines with the row, a new number adds an
activity, and activities of the plan that are not in the file are left as they are (an import
never deletes an activity).

The upload is a `WorkPlanImporter` (see `sinergi.lib.imports`).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font

from sinergi.lib import spreadsheets
from sinergi.lib.fields import NumberField
from sinergi.lib.imports import Column, Importer
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
from sinergi.pokja.forms import institutions_for
from sinergi.regions.models import Region

MAX_ROWS = 1000
# Activity.quantity keeps 14 digits, BudgetLine.amount 18, 2 of them after the point.
QUANTITY = {"decimal_places": 2, "max_digits": 14, "min_value": 0}
AMOUNT = {"decimal_places": 2, "max_digits": 18, "min_value": 0}
# Activity and goal numbers, and quarters: whole numbers without thousands.
ORDINAL = {"grouping": False, "min_value": 1}
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


# The rule of every number (sinergi.lib.fields.parse_number), for text cells.
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
            width=16,
        ),
        Column(
            f"programme_{source}",
            f"Program {name}",
            note=gettext_lazy("The external programme that funds this amount, if any."),
            width=16,
        ),
    )
]
HEADERS = {column.key: column.header for column in COLUMNS}
END_QUARTER_CHOICES = ("1", "2", "3", "4")


def _fold(text) -> str:
    """Text compared without regard to case or repeated spaces."""
    return " ".join(str(text).split()).casefold()


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

    number = NumberField(**ORDINAL, max_value=32767)
    name = forms.CharField(max_length=300)
    sector = SectorField()
    institution = forms.CharField(max_length=200, required=False)
    location = CodeField(max_length=13)
    output = forms.CharField(max_length=300, required=False)
    unit = forms.CharField(max_length=50, required=False)
    quantity = NumberField(**QUANTITY, required=False)
    goal = NumberField(**ORDINAL, max_value=32767, required=False)
    end_quarter = NumberField(**ORDINAL, max_value=4, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for source in FundingSource.values:
            self.fields[f"amount_{source}"] = NumberField(**AMOUNT, required=False)
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


class WorkPlanImporter(Importer):
    """Rows of activities into `group`'s work plan for `year`, created when missing."""

    columns = COLUMNS
    title = gettext_lazy("Activities imported.")
    max_rows = MAX_ROWS

    def __init__(self, group, year):
        super().__init__()
        self.group, self.year = group, year
        self.seen = {}

    def prepare(self, rows):
        group, year = self.group, self.year
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

        names = {str(cells["institution"]) for _n, cells in rows if cells["institution"]}
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

        codes = {str(cells["location"]).strip() for _n, cells in rows if cells["location"]}
        self.regions = Region.objects.in_bulk(list(codes), field_name="code")

    def parse_row(self, cells):
        form = RowForm(cells)
        form.is_valid()
        self.form_problems(form)
        data = form.cleaned_data
        entry = _Entry(self.row, data.get("number"), {})
        if entry.number is not None:
            if entry.number in self.seen:
                message = _("Activity number %(number)d is already in row %(row)d.") % {
                    "number": entry.number,
                    "row": self.seen[entry.number],
                }
                self.problem("number", message)
            else:
                self.seen[entry.number] = self.row
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
        return entry

    def _institution(self, name):
        if not name:
            return None
        institution = self.institutions.get(_fold(name))
        if institution is None:
            message = _(
                "“%(name)s” is not an institution known to Sinergi for this region; add it to "
                "the institution catalogue first, or correct the name."
            ) % {"name": name}
            self.problem("institution", message)
        return institution

    def _location(self, code):
        if not code:
            return None
        region = self.regions.get(code)
        if region is None:
            self.problem("location", _("“%(code)s” is not a region code.") % {"code": code})
            return None
        if not self.group.region.contains(region):
            message = _("%(region)s is not part of %(within)s.") % {
                "region": region.name,
                "within": self.group.region.name,
            }
            self.problem("location", message)
            return None
        return region

    def _goal(self, number):
        if number is None:
            return None
        if self.strategic_plan is None:
            message = _("No adopted strategic plan covers this year: leave the goal empty.")
            self.problem("goal", message)
            return None
        goal = self.goals.get(number)
        if goal is None:
            message = _("The strategic plan “%(title)s” has no goal %(number)d.") % {
                "title": self.strategic_plan.title,
                "number": number,
            }
            self.problem("goal", message)
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
                self.problem(column, message)

    def apply(self, entries):
        summary = self.summary()
        plan = self.plan
        if plan is None:
            plan = WorkPlan.objects.create(
                working_group=self.group, year=self.year, strategic_plan=self.strategic_plan
            )
        named = set()
        for entry in entries:
            named.add(entry.number)
            activity = self.activities.get(entry.number)
            if activity is None:
                activity = Activity.objects.create(
                    work_plan=plan, number=entry.number, **entry.values
                )
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
        not_in_file = len(set(self.activities) - named)
        if not_in_file:
            summary.notes.append(
                _(
                    "%(not_in_file)d activities of the plan are not in the file and were left "
                    "as they are."
                )
                % {"not_in_file": not_in_file}
            )
        if self.plan is None:
            summary.notes.append(_("The work plan for %(year)d was created.") % {"year": self.year})
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
    columns = [c.template_column(choices.get(c.key, ())) for c in COLUMNS]
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
