"""The realisation report of a work plan: for every activity its budget per funding source,
what was spent from each source in each quarter and to date, and its physical progress, with
the totals per source and overall. As a page, an XLSX workbook and a printable A4 PDF.

The figures are read in four queries and added up here; the totals equal those of
`sinergi.planning.summaries.summarize()` for the same plan.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from sinergi.lib import pdf, spreadsheets
from sinergi.lib.pdf import ACCENT, BOLD, FONT, RULE, SHADE, Paragraph
from sinergi.planning.models import BudgetLine, FundingSource, QuarterReport, Spending

ZERO = Decimal(0)
QUARTERS = (1, 2, 3, 4)
SOURCE_ORDER = {source: i for i, source in enumerate(FundingSource.values)}


@dataclass
class Line:
    """Budget and spending of one funding source (or of all, when `source` is empty).

    A quarter's spending is None while no quarter report exists for it: "not reported" is not
    "nothing spent"."""

    source: str = ""
    budget: Decimal = ZERO
    spent: list = field(default_factory=lambda: [None] * len(QUARTERS))

    @property
    def label(self) -> str:
        return str(FundingSource(self.source).label) if self.source else ""

    @property
    def to_date(self) -> Decimal:
        return sum((spent for spent in self.spent if spent is not None), ZERO)

    @property
    def absorption(self) -> Decimal | None:
        """Spent to date as a percentage of the budget."""
        if not self.budget:
            return None
        return (self.to_date / self.budget * 100).quantize(Decimal("0.01"))

    def add(self, other: "Line"):
        self.budget += other.budget
        self.spent = [
            a if b is None else b if a is None else a + b
            for a, b in zip(self.spent, other.spent, strict=True)
        ]


@dataclass
class ActivityRow:
    activity: object
    lines: list[Line]
    # The latest reported cumulative physical progress, and its quarter.
    progress: Decimal | None = None
    progress_quarter: int | None = None

    @property
    def total(self) -> Line:
        total = Line()
        for line in self.lines:
            total.add(line)
        return total


@dataclass
class Report:
    plan: object
    rows: list[ActivityRow]
    by_source: list[Line]
    total: Line

    @property
    def group(self):
        return self.plan.working_group


def build_report(plan) -> Report:
    """The realisation report of `plan`, in four queries (load its working group and region
    with it)."""
    # Ordered plainly: the default orderings of these models join up to the region.
    activities = list(plan.activities.select_related("institution", "location").order_by("number"))
    lines: dict[int, dict[str, Line]] = {a.pk: {} for a in activities}
    budget = (
        BudgetLine.objects.filter(activity__work_plan=plan)
        .order_by()
        .values_list("activity_id", "source", "amount")
    )
    for activity_id, source, amount in budget:
        lines[activity_id].setdefault(source, Line(source)).budget += amount
    spending = (
        Spending.objects.filter(report__activity__work_plan=plan)
        .order_by()
        .values_list("report__activity_id", "report__quarter", "source", "amount")
    )
    for activity_id, quarter, source, amount in spending:
        spent = lines[activity_id].setdefault(source, Line(source)).spent
        spent[quarter - 1] = (spent[quarter - 1] or ZERO) + amount
    latest = {}
    reports = (
        QuarterReport.objects.filter(activity__work_plan=plan)
        .order_by()
        .values_list("activity_id", "quarter", "physical_progress")
    )
    for activity_id, quarter, progress in reports:
        for line in lines[activity_id].values():  # reported: nothing spent is a real 0
            if line.spent[quarter - 1] is None:
                line.spent[quarter - 1] = ZERO
        if activity_id not in latest or quarter > latest[activity_id][0]:
            latest[activity_id] = (quarter, progress)

    rows, by_source, total = [], {}, Line()
    for activity in activities:
        activity_lines = sorted(
            lines[activity.pk].values(), key=lambda line: SOURCE_ORDER[line.source]
        )
        quarter, progress = latest.get(activity.pk, (None, None))
        rows.append(ActivityRow(activity, activity_lines, progress, quarter))
        for line in activity_lines:
            by_source.setdefault(line.source, Line(line.source)).add(line)
            total.add(line)
    ordered = sorted(by_source.values(), key=lambda line: SOURCE_ORDER[line.source])
    return Report(plan, rows, ordered, total)


def filename(report, extension) -> str:
    return f"realisasi-rkt-pokja-{report.group.code}-{report.plan.year}.{extension}"


def _headers() -> list[str]:
    return [
        _("No."),
        _("Activity"),
        _("Sector"),
        _("Institution"),
        _("Location"),
        _("Funding source"),
        _("Budget (Rp)"),
        *(_("Spent in quarter %(quarter)d (Rp)") % {"quarter": q} for q in QUARTERS),
        _("Spent to date (Rp)"),
        _("Absorption (%)"),
        _("Physical progress (%)"),
    ]


def xlsx_bytes(report) -> bytes:
    """One row per activity and funding source, then the totals per source and overall."""
    rows = []
    for row in report.rows:
        activity = row.activity
        described = [
            activity.number,
            activity.name,
            activity.get_sector_display(),
            activity.institution.name if activity.institution else "",
            f"{activity.location.code} {activity.location.name}",
        ]
        for line in row.lines or [Line()]:
            rows.append([*described, *_figures(line), row.progress])
    rows.append([])
    for line in report.by_source:
        rows.append(["", _("Total"), "", "", "", *_figures(line), None])
    rows.append(["", _("Total"), "", "", "", *_figures(report.total), None])
    title = _("Realisation %(year)d") % {"year": report.plan.year}
    return spreadsheets.workbook_bytes(title, _headers(), rows)


def _figures(line) -> list:
    return [line.label, line.budget, *line.spent, line.to_date, line.absorption]


# PDF: A4 landscape, laid out with sinergi.lib.pdf.
PAGE = landscape(A4)
MARGIN = 12 * mm
WIDTH = PAGE[0] - 2 * MARGIN
# No., activity, source, budget, four quarters, to date, absorption, physical progress: the
# amount columns hold "1.500.000.000,50" in bold.
COLUMN_WIDTHS = [8 * mm, 50 * mm, 28 * mm, 28 * mm, *[26 * mm] * 4, 28 * mm, 12 * mm]
COLUMN_WIDTHS.append(WIDTH - sum(COLUMN_WIDTHS))


def _amount(value) -> str:
    """Grouped thousands in the active language; decimals only when there are cents."""
    value = value or ZERO
    places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def _percent(value) -> str:
    return "—" if value is None else formats.number_format(value, 2, use_l10n=True)


def _styles() -> dict[str, ParagraphStyle]:
    """The report styles, small enough for a table of eleven columns."""
    styles = pdf.paragraph_styles(size=8)
    styles["head-number"] = ParagraphStyle("head-number", parent=styles["head"], alignment=TA_RIGHT)
    return styles


def _table(rows, style, repeat=1) -> Table:
    table = Table(rows, colWidths=COLUMN_WIDTHS, repeatRows=repeat, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                *style,
            ]
        )
    )
    return table


def _head_row(styles) -> list:
    labels = [
        _("No."),
        _("Activity"),
        _("Funding source"),
        _("Budget (Rp)"),
        *(_("Quarter %(quarter)d") % {"quarter": q} for q in QUARTERS),
        _("Spent to date"),
        "%",
        _("Physical progress (%)"),
    ]
    return [
        Paragraph(pdf.markup(label), styles["head-number" if i >= 3 else "head"])
        for i, label in enumerate(labels)
    ]


def _line_cells(line) -> list:
    return [
        _amount(line.budget),
        *("—" if spent is None else _amount(spent) for spent in line.spent),
        _amount(line.to_date),
        _percent(line.absorption),
    ]


def _activity_table(report, styles) -> Table:
    rows, style = [_head_row(styles)], []
    for row in report.rows:
        activity = row.activity
        where = [f"{activity.location.code} {activity.location.name}"]
        if activity.institution:
            where.append(activity.institution.name)
        described = Paragraph(
            f"{pdf.markup(activity.name)}<br/><font size=6.5 color='#555555'>"
            f"{pdf.markup(' · '.join(where))}</font>",
            styles["cell"],
        )
        first = len(rows)
        for i, line in enumerate(row.lines or [Line()]):
            rows.append(
                [
                    str(activity.number) if i == 0 else "",
                    described if i == 0 else "",
                    Paragraph(pdf.markup(line.label or "—"), styles["cell"]),
                    *_line_cells(line),
                    _percent(row.progress) if i == 0 else "",
                ]
            )
        last = len(rows) - 1
        style.append(("LINEABOVE", (0, first), (-1, first), 0.4, RULE))
        if last > first:
            for column in (0, 1, len(COLUMN_WIDTHS) - 1):
                style.append(("SPAN", (column, first), (column, last)))
    if len(rows) == 1:
        rows.append(["", Paragraph(pdf.markup(_("The plan has no activities.")), styles["cell"])])
        rows[-1] += [""] * (len(COLUMN_WIDTHS) - 2)
    return _table(rows, style)


def _totals_table(report, styles) -> Table:
    rows = [_head_row(styles)]
    for line in report.by_source:
        rows.append(
            ["", "", Paragraph(pdf.markup(line.label), styles["cell"]), *_line_cells(line), ""]
        )
    rows.append(
        ["", Paragraph(pdf.markup(_("Total")), styles["head"]), "", *_line_cells(report.total)]
    )
    rows[-1].append("")
    last = len(rows) - 1
    style = [
        ("FONTNAME", (0, last), (-1, last), BOLD),
        ("LINEABOVE", (0, last), (-1, last), 0.8, ACCENT),
        ("BACKGROUND", (0, last), (-1, last), SHADE),
    ]
    return _table(rows, style)


def pdf_bytes(report, *, today=None, invariant=False, compress=True) -> bytes:
    """The report as a printable A4 landscape PDF in the active language. `invariant=True,
    compress=False` give the same bytes on every run, with the text readable in them."""
    today = today or timezone.localdate()
    styles = _styles()
    group, year = report.group, report.plan.year
    title = _("Realisation report of the work plan %(year)d") % {"year": year}
    facts = _(
        "Budget %(budget)s · spent to date %(spent)s · absorption %(absorption)s%% · "
        "%(count)d activities"
    ) % {
        "budget": "Rp " + _amount(report.total.budget),
        "spent": "Rp " + _amount(report.total.to_date),
        "absorption": _percent(report.total.absorption),
        "count": len(report.rows),
    }
    story = [
        Paragraph(pdf.markup(title), styles["title"]),
        Paragraph(
            pdf.markup(f"{group.name} · {group.region.name} ({group.region.code})"),
            styles["subtitle"],
        ),
        Spacer(1, 2 * mm),
        Paragraph(pdf.markup(facts), styles["cell"]),
        Spacer(1, 4 * mm),
        _activity_table(report, styles),
        KeepTogether(
            [
                Paragraph(pdf.markup(_("Totals by funding source")), styles["h2"]),
                Spacer(1, 2 * mm),
                _totals_table(report, styles),
            ]
        ),
    ]
    return pdf.build_pdf(
        story,
        title=f"{title} · {group.name}",
        pagesize=PAGE,
        margins=(MARGIN, MARGIN, MARGIN, pdf.FOOTER_ROOM),
        footer=pdf.page_footer(f"{group.name} · {year}", today),
        invariant=invariant,
        compress=compress,
    )
