"""The roll-up of work plans over a region: the region's own plan and the plans of every level
below it, each counted once (docs/planning.md, "Roll-up of budgets").

The nation adds up the national plan, every provincial plan and every kabupaten/kota plan; a
province its own plan and those of its kabupaten/kota. A plan belongs to one working group and a
working group to one region, so dividing the plans by the level of their region counts each plan
exactly once. Every amount is a database sum, grouped by level or by plan, in a fixed number of
queries whatever the number of regions or activities.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from sinergi.monitoring import charts
from sinergi.planning.models import BudgetLine, Spending, WorkPlan
from sinergi.planning.summaries import ZERO, Summary, percent, summarize
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import Region, at_or_below, below

# The levels that have working groups, and so work plans (WorkingGroup.clean()).
PLANNING_LEVELS = (Region.Level.NATIONAL, Region.Level.PROVINCE, Region.Level.REGENCY)
SLUGS = {
    Region.Level.NATIONAL: "nation",
    Region.Level.PROVINCE: "province",
    Region.Level.REGENCY: "regency",
}


@dataclass
class LevelTotal:
    """The plans of one level of a roll-up: the region's own plan, or those of a level below."""

    level: int
    slug: str  # "nation", "province" or "regency", for the wording of the page
    own: bool  # the region's own plan
    plans: int  # plans counted
    regions: int  # regions of the level in the roll-up (1 for the region itself)
    budget: Decimal
    spent: Decimal
    share: Decimal | None  # of the roll-up's budget, in percent
    absorption: Decimal | None


@dataclass
class RollUp:
    region: Region
    year: int
    plans: list  # every plan counted, each once, in region-code order
    summary: Summary
    levels: list  # of LevelTotal, the region's own level first
    budget: dict  # plan id → budget
    spent: dict  # plan id → spent

    @property
    def own_plan(self):
        return next((p for p in self.plans if p.working_group.region_id == self.region.pk), None)


def _totals(queryset, key) -> dict:
    """{key: sum of amount}, one grouped query."""
    return dict(
        queryset.order_by().values(key).annotate(total=Sum("amount")).values_list(key, "total")
    )


def roll_up(region, year, current_quarter=None) -> RollUp:
    """The roll-up of the work plans of `year` at and below `region` (the nation or a
    province; a kabupaten/kota has only its own plan)."""
    plans = list(
        WorkPlan.objects.filter(at_or_below(region.code, "working_group__region__code"), year=year)
        .select_related("working_group__region")
        .annotate(activity_count=Count("activities"))
        .order_by("working_group__region__code")
    )
    ids = [plan.pk for plan in plans]
    budget_lines = BudgetLine.objects.filter(activity__work_plan__in=ids)
    spending = Spending.objects.filter(report__activity__work_plan__in=ids)
    level = "activity__work_plan__working_group__region__level"
    budget_by_level = _totals(budget_lines, level)
    spent_by_level = _totals(spending, f"report__{level}")
    levels = [lvl for lvl in PLANNING_LEVELS if lvl >= region.level]
    regions = dict(
        Region.objects.filter(below(region.code), level__in=levels[1:])
        .order_by()
        .values("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    regions[region.level] = 1
    plans_by_level = Counter(plan.working_group.region.level for plan in plans)
    total = sum(budget_by_level.values(), ZERO)
    return RollUp(
        region=region,
        year=year,
        plans=plans,
        summary=summarize(plans, current_quarter=current_quarter),
        levels=[
            LevelTotal(
                level=lvl,
                slug=SLUGS[lvl],
                own=lvl == region.level,
                plans=plans_by_level[lvl],
                regions=regions.get(lvl, 0),
                budget=budget_by_level.get(lvl, ZERO),
                spent=spent_by_level.get(lvl, ZERO),
                share=percent(budget_by_level.get(lvl, ZERO), total),
                absorption=percent(spent_by_level.get(lvl, ZERO), budget_by_level.get(lvl, ZERO)),
            )
            for lvl in levels
        ],
        budget=_totals(budget_lines, "activity__work_plan"),
        spent=_totals(spending, "report__activity__work_plan"),
    )


@dataclass
class GroupRow:
    """A working group of a province's roll-up: the province's own first, then each
    kabupaten/kota, with its plan for the year or none."""

    group: WorkingGroup
    plan: WorkPlan | None
    own: bool
    activities: int
    budget: Decimal
    spent: Decimal
    absorption: Decimal | None
    late: int
    bar: str


def rows_by_group(rollup) -> list[GroupRow]:
    """The rows of a province's roll-up, one per working group at or below it (one query)."""
    levels = [total.level for total in rollup.levels]
    groups = (
        WorkingGroup.objects.filter(
            at_or_below(rollup.region.code, "region__code"), region__level__in=levels
        )
        .select_related("region")
        .order_by("region__code")
    )
    by_group = {plan.working_group_id: plan for plan in rollup.plans}
    late = Counter(activity.work_plan_id for activity in rollup.summary.late)
    maximum = max(rollup.budget.values(), default=ZERO)
    rows = []
    for group in groups:
        plan = by_group.get(group.pk)
        pk = plan.pk if plan else None
        budget, spent = rollup.budget.get(pk, ZERO), rollup.spent.get(pk, ZERO)
        rows.append(
            GroupRow(
                group=group,
                plan=plan,
                own=group.region_id == rollup.region.pk,
                activities=plan.activity_count if plan else 0,
                budget=budget,
                spent=spent,
                absorption=percent(spent, budget),
                late=late[pk],
                bar=charts.bar(budget, maximum),
            )
        )
    return rows


@dataclass
class ProvinceRow:
    """A province in the national roll-up: its own plan and those of its kabupaten/kota."""

    region: Region
    own_plan: WorkPlan | None
    own_budget: Decimal = ZERO
    regency_plans: int = 0
    regencies: int = 0
    regency_budget: Decimal = ZERO
    spent: Decimal = ZERO
    bar: str = ""

    @property
    def budget(self):
        return self.own_budget + self.regency_budget

    @property
    def absorption(self):
        return percent(self.spent, self.budget)


def rows_by_province(rollup) -> list[ProvinceRow]:
    """The rows of the national roll-up, one per province in code order (two queries)."""
    provinces = Region.objects.filter(level=Region.Level.PROVINCE).order_by("code")
    rows = {province.pk: ProvinceRow(region=province, own_plan=None) for province in provinces}
    for parent, n in (
        Region.objects.filter(level=Region.Level.REGENCY)
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values_list("parent", "n")
    ):
        if parent in rows:
            rows[parent].regencies = n
    for plan in rollup.plans:
        region = plan.working_group.region
        budget, spent = rollup.budget.get(plan.pk, ZERO), rollup.spent.get(plan.pk, ZERO)
        if region.level == Region.Level.PROVINCE:
            row = rows[region.pk]
            row.own_plan, row.own_budget = plan, budget
        elif region.level == Region.Level.REGENCY and region.parent_id in rows:
            row = rows[region.parent_id]
            row.regency_plans += 1
            row.regency_budget += budget
        else:  # the national plan: a level of its own, in no province's row
            continue
        row.spent += spent
    maximum = max((row.budget for row in rows.values()), default=ZERO)
    for row in rows.values():
        row.bar = charts.bar(row.budget, maximum)
    return list(rows.values())
