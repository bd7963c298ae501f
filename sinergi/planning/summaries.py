"""Budget and realisation of work plans: by funding source, sector and institution, the share
of non-government funding, output progress and late activities. Amounts are Decimals added in
the database; every total equals the sum of its parts."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from sinergi.planning.models import Activity, BudgetLine, FundingSource, Spending

ZERO = Decimal(0)


def percent(part, whole) -> Decimal | None:
    """`part` as a percentage of `whole`, to two decimals; None when `whole` is zero."""
    if not whole:
        return None
    return (part / whole * 100).quantize(Decimal("0.01"))


@dataclass
class Breakdown:
    budget: dict = field(default_factory=lambda: defaultdict(lambda: ZERO))
    spent: dict = field(default_factory=lambda: defaultdict(lambda: ZERO))

    def rows(self):
        keys = sorted(set(self.budget) | set(self.spent), key=lambda k: str(k))
        return [(key, self.budget[key], self.spent[key]) for key in keys]


@dataclass
class Summary:
    total_budget: Decimal = ZERO
    total_spent: Decimal = ZERO
    by_source: Breakdown = field(default_factory=Breakdown)
    by_sector: Breakdown = field(default_factory=Breakdown)
    by_institution: Breakdown = field(default_factory=Breakdown)
    non_government_budget: Decimal = ZERO
    activities: int = 0
    late: list = field(default_factory=list)
    progress: dict = field(default_factory=dict)  # activity id → latest physical progress

    @property
    def non_government_share(self):
        if not self.total_budget:
            return None
        return (self.non_government_budget / self.total_budget * 100).quantize(Decimal("0.01"))

    @property
    def absorption(self):
        if not self.total_budget:
            return None
        return (self.total_spent / self.total_budget * 100).quantize(Decimal("0.01"))


def summarize(work_plans, current_quarter=None):
    """The summary of one or more work plans (a province's kabupaten/kota, say) in a fixed
    number of queries."""
    summary = Summary()
    activities = list(
        Activity.objects.filter(work_plan__in=work_plans).select_related("institution")
    )
    summary.activities = len(activities)
    by_id = {a.pk: a for a in activities}
    budget = (
        BudgetLine.objects.filter(activity__in=by_id)
        .values("activity", "source")
        .annotate(total=Sum("amount"))
    )
    for row in budget:
        activity = by_id[row["activity"]]
        amount = row["total"]
        summary.total_budget += amount
        summary.by_source.budget[row["source"]] += amount
        summary.by_sector.budget[activity.sector] += amount
        summary.by_institution.budget[_institution(activity)] += amount
        if row["source"] in FundingSource.non_government():
            summary.non_government_budget += amount
    spent = (
        Spending.objects.filter(report__activity__in=by_id)
        .values("report__activity", "source")
        .annotate(total=Sum("amount"))
    )
    for row in spent:
        activity = by_id[row["report__activity"]]
        amount = row["total"]
        summary.total_spent += amount
        summary.by_source.spent[row["source"]] += amount
        summary.by_sector.spent[activity.sector] += amount
        summary.by_institution.spent[_institution(activity)] += amount
    latest = {}
    for activity_id, quarter, progress in (
        Activity.objects.filter(pk__in=by_id)
        .filter(reports__isnull=False)
        .values_list("pk", "reports__quarter", "reports__physical_progress")
    ):
        if activity_id not in latest or quarter > latest[activity_id][0]:
            latest[activity_id] = (quarter, progress)
    summary.progress = {pk: progress for pk, (_, progress) in latest.items()}
    if current_quarter:
        summary.late = [
            a
            for a in activities
            if a.end_quarter < current_quarter and summary.progress.get(a.pk, ZERO) < 100
        ]
    return summary


def _institution(activity):
    return activity.institution.name if activity.institution else ""
