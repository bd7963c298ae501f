"""The check and write path for one quarter's realisation of an activity, for the API and any
page that records a single quarter.

The rules are those of the realisation page (`forms_work.RealisationForm`):

- the quarter is 1 to 4; the physical progress is a percentage from 0 to 100, cumulative: not
  below an earlier quarter's, not above a later one's;
- money is spent from the funding sources of the activity's budget (or from a source money was
  already spent from in another quarter, after its line went); at most 2 decimals, never
  negative; an empty amount or 0 means nothing spent from that source;
- the note has at most 300 characters;
- spending beyond a source's budget is saved, with a warning.

Numbers may be numbers (a JSON number, a spreadsheet cell, a Decimal from a form) or text typed
the Indonesian way, as everywhere (`sinergi.lib.fields.parse_number`: "1.250.000,50").

The quarter is written whole: a source left out has no spending in that quarter. Writing the
same values again changes nothing.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from sinergi.lib.fields import format_number, parse_number
from sinergi.planning.models import Activity, FundingSource, QuarterReport, Spending

# BudgetLine and Spending keep 18 digits, 2 of them after the point.
AMOUNT_LIMIT = Decimal(10) ** 16
NOTE_LENGTH = 300
QUARTERS = (1, 2, 3, 4)


def parse_amount(raw, limit=AMOUNT_LIMIT) -> Decimal | None:
    """A non-negative number with at most 2 decimals, given as a number or as text typed the
    Indonesian way (`parse_number`); None when empty. Raises ValueError with a message for
    the user."""
    try:
        number = parse_number(raw)
    except ValidationError as error:
        raise ValueError(error.messages[0]) from None
    if number is None:
        return None
    if number < 0:
        raise ValueError(_("The number cannot be negative."))
    if number >= limit:
        raise ValueError(_("This number is too large."))
    return number


@dataclass
class Realisation:
    quarter: int
    physical_progress: Decimal
    note: str = ""
    # Source code → amount spent in the quarter; sources without spending are left out.
    spending: dict[str, Decimal] = field(default_factory=dict)
    # Sources spent beyond their budget, as messages for the user; saved all the same.
    warnings: list[str] = field(default_factory=list)
    report: QuarterReport | None = None  # once written


def _parse_quarter(raw) -> int:
    quarter = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        quarter = raw
    elif isinstance(raw, str) and raw.strip().isdigit():
        quarter = int(raw.strip())
    if quarter not in QUARTERS:
        raise ValueError(_("The quarter is 1, 2, 3 or 4."))
    return quarter


def check_realisation(
    activity: Activity, *, quarter, physical_progress, spending=None, note=""
) -> tuple[Realisation | None, dict[str, list[str]]]:
    """Check one quarter's realisation of `activity`, values as typed, against the rules above.

    Returns the clean realisation and no errors, or None and the errors by name: "quarter",
    "physical_progress", "note", "spending" (the mapping as a whole) or a source code (the
    amount of that source). Reads the database with three queries."""
    errors: dict[str, list[str]] = {}

    def error(name, message):
        errors.setdefault(name, []).append(message)

    try:
        quarter = _parse_quarter(quarter)
    except ValueError as problem:
        error("quarter", str(problem))
        quarter = None

    progress = None
    try:
        progress = parse_amount(physical_progress)
    except ValueError as problem:
        error("physical_progress", str(problem))
    else:
        if progress is None:
            error("physical_progress", _("Give the physical progress at the end of this quarter."))
        elif progress > 100:
            error("physical_progress", _("At most %(limit)s.") % {"limit": 100})
            progress = None

    note = str(note or "").strip()
    if len(note) > NOTE_LENGTH:
        error("note", _("A note has at most %(count)d characters.") % {"count": NOTE_LENGTH})

    amounts = {}
    if spending is not None and not isinstance(spending, dict):
        error("spending", _("Give the amounts spent by funding source."))
        spending = None
    for source, raw in (spending or {}).items():
        if source not in FundingSource.values:
            error("spending", _("“%(source)s” is not a funding source.") % {"source": source})
            continue
        try:
            amount = parse_amount(raw)
        except ValueError as problem:
            error(source, str(problem))
            continue
        if amount:
            amounts[source] = amount

    warnings = []
    if quarter is not None:
        if progress is not None:
            _check_progress(activity, quarter, progress, error)
        warnings = _check_budget(activity, quarter, amounts, error)
    if errors:
        return None, errors
    return Realisation(quarter, progress, note, amounts, warnings), {}


def _check_progress(activity, quarter, progress, error):
    reported = sorted(
        QuarterReport.objects.filter(activity=activity)
        .exclude(quarter=quarter)
        .values_list("quarter", "physical_progress")
    )
    earlier = [(q, p) for q, p in reported if q < quarter and p > progress]
    later = [(q, p) for q, p in reported if q > quarter and p < progress]
    if earlier:
        message = _(
            "Progress is cumulative: it cannot be lower than in quarter %(quarter)s "
            "(%(progress)s%%)."
        )
        q, p = earlier[-1]
        error("physical_progress", message % {"quarter": q, "progress": format_number(p)})
    elif later:
        message = _(
            "Progress is cumulative: it cannot be higher than in quarter %(quarter)s "
            "(%(progress)s%%)."
        )
        q, p = later[0]
        error("physical_progress", message % {"quarter": q, "progress": format_number(p)})


def _check_budget(activity, quarter, amounts, error) -> list[str]:
    """Errors for sources the activity cannot spend from; warnings for overspending."""
    budget = dict(activity.budget_lines.values_list("source", "amount"))
    spent = {
        (row["report__quarter"], row["source"]): row["total"]
        for row in Spending.objects.filter(report__activity=activity)
        .values("report__quarter", "source")
        .annotate(total=Sum("amount"))
    }
    usable = set(budget) | {source for _quarter, source in spent}
    warnings = []
    for source, amount in amounts.items():
        label = FundingSource(source).label
        if source not in usable:
            message = _("This activity has no budget from %(source)s.") % {"source": label}
            error(source, message)
            continue
        others = sum(v for (q, s), v in spent.items() if s == source and q != quarter)
        total, limit = others + amount, budget.get(source, Decimal(0))
        if total > limit:
            warnings.append(
                _(
                    "Spending from %(source)s (Rp %(spent)s) exceeds its budget "
                    "(Rp %(budget)s). It has been saved; check the amounts or the budget."
                )
                % {"source": label, "spent": format_number(total), "budget": format_number(limit)}
            )
    return warnings


def do_record_realisation(
    activity: Activity, *, quarter, physical_progress, spending=None, note=""
) -> tuple[Realisation | None, dict[str, list[str]]]:
    """Check and write one quarter's realisation of `activity` in one transaction, or nothing.

    Returns the realisation, with its `report` and `warnings`, and no errors; or None and the
    errors of `check_realisation`. Rows that do not change are not saved, so their history
    stays quiet."""
    with transaction.atomic():
        # One writer per activity at a time: the checks read the other quarters.
        Activity.objects.select_for_update().filter(pk=activity.pk).first()
        realisation, errors = check_realisation(
            activity,
            quarter=quarter,
            physical_progress=physical_progress,
            spending=spending,
            note=note,
        )
        if errors:
            return None, errors
        realisation.report = _write(activity, realisation)
        return realisation, {}


def _write(activity, realisation) -> QuarterReport:
    report, created = QuarterReport.objects.get_or_create(
        activity=activity,
        quarter=realisation.quarter,
        defaults={"physical_progress": realisation.physical_progress, "note": realisation.note},
    )
    if not created and (report.physical_progress, report.note) != (
        realisation.physical_progress,
        realisation.note,
    ):
        report.physical_progress, report.note = realisation.physical_progress, realisation.note
        report.save(update_fields=["physical_progress", "note", "updated"])
    stored = {line.source: line for line in report.spending.all()}
    for source, line in stored.items():
        if source not in realisation.spending:
            line.delete()
        elif line.amount != realisation.spending[source]:
            line.amount = realisation.spending[source]
            line.save(update_fields=["amount"])
    for source, amount in realisation.spending.items():
        if source not in stored:
            Spending.objects.create(report=report, source=source, amount=amount)
    return report
