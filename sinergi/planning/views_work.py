"""Annual work plans: the plans of a working group, a plan's activities with their budget by
funding source, the quarterly realisation, the summary of a plan, and the roll-ups of the plans
of a province and of the nation (`rollups.py`) for those who oversee them.

Every total comes from `summaries.summarize()`, so the pages and the realisation report agree.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.lib.fields import format_number
from sinergi.monitoring import charts
from sinergi.monitoring.models import Indicator
from sinergi.planning.forms_work import (
    ActivityForm,
    BudgetForm,
    RealisationForm,
    WorkPlanForm,
)
from sinergi.planning.models import Activity, BudgetLine, FundingSource, WorkPlan
from sinergi.planning.rollups import roll_up, rows_by_group, rows_by_province
from sinergi.planning.summaries import ZERO, percent, summarize
from sinergi.pokja.access import (
    get_group_for_user,
    get_rw_group_for_user,
    oversees_nation,
    oversees_province,
)
from sinergi.pokja.removal import confirm_remove
from sinergi.programmes.models import Programme
from sinergi.regions.models import Region


def quarter_under_way(year, today=None) -> int | None:
    """The quarter of `year` under way today; 5 once the year is over (every activity should
    have finished), None before it starts (nothing can be late yet)."""
    today = today or timezone.localdate()
    if year < today.year:
        return 5
    if year > today.year:
        return None
    return (today.month - 1) // 3 + 1


@dataclass
class ActivityRow:
    activity: Activity
    amounts: list  # one per funding-source column, None where the source does not fund it
    total: Decimal
    progress: Decimal | None


@dataclass
class BreakdownRow:
    label: str
    budget: Decimal
    spent: Decimal
    share: Decimal | None  # of the total budget, in percent
    absorption: Decimal | None
    budget_bar: str
    spent_bar: str
    non_government: bool = False


@dataclass
class Section:
    slug: str
    title: str
    heading: str
    rows: list


def _rows(breakdown, labels: dict, total) -> list[BreakdownRow]:
    """The rows of a breakdown in the order of `labels` ({key: label}); budget and spending
    bars share one scale so that they compare."""
    keys = [key for key in labels if key in breakdown.budget or key in breakdown.spent]
    budget = {key: breakdown.budget.get(key, ZERO) for key in keys}
    spent = {key: breakdown.spent.get(key, ZERO) for key in keys}
    maximum = max([*budget.values(), *spent.values()], default=ZERO)
    return [
        BreakdownRow(
            label=labels[key],
            budget=budget[key],
            spent=spent[key],
            share=percent(budget[key], total),
            absorption=percent(spent[key], budget[key]),
            budget_bar=charts.bar(budget[key], maximum),
            spent_bar=charts.bar(spent[key], maximum),
            non_government=key in FundingSource.non_government(),
        )
        for key in keys
    ]


def breakdowns(summary) -> list[Section]:
    """Budget and realisation by funding source, by sector and by institution."""
    total = summary.total_budget
    institutions = sorted(
        set(summary.by_institution.budget) | set(summary.by_institution.spent),
        key=lambda name: (name == "", name.casefold()),
    )
    return [
        Section(
            "sumber",
            _("By funding source"),
            _("Funding source"),
            _rows(summary.by_source, dict(FundingSource.choices), total),
        ),
        Section(
            "sektor",
            _("By sector"),
            _("Sector"),
            _rows(summary.by_sector, dict(Indicator.Sector.choices), total),
        ),
        Section(
            "lembaga",
            _("By institution responsible"),
            _("Institution"),
            _rows(
                summary.by_institution,
                {name: name or _("No institution named") for name in institutions},
                total,
            ),
        ),
    ]


def _plan(group, year) -> WorkPlan:
    plan = get_object_or_404(WorkPlan, working_group=group, year=year)
    plan.working_group = group
    return plan


def _activity(group, year, number) -> Activity:
    activity = get_object_or_404(
        Activity.objects.select_related("work_plan", "location"),
        work_plan__working_group=group,
        work_plan__year=year,
        number=number,
    )
    activity.work_plan.working_group = group
    return activity


def index(request, code):
    group, can_edit = get_group_for_user(request, code)
    plans = (
        group.work_plans.select_related("strategic_plan")
        .annotate(activity_count=Count("activities"))
        .order_by("-year")
    )
    this_year = timezone.localdate().year
    years = [this_year - 1, this_year, this_year + 1]
    rollups = []
    if group.region.level == Region.Level.PROVINCE and oversees_province(
        request.user, group.region.code
    ):
        rollups = [(y, reverse("workplans:province_summary", args=[group.code, y])) for y in years]
    elif group.region.level == Region.Level.NATIONAL and oversees_nation(request.user):
        rollups = [(y, reverse("workplans:national_summary", args=[y])) for y in years]
    context = {
        "group": group,
        "can_edit": can_edit,
        "plans": plans,
        "form": WorkPlanForm(group=group) if can_edit else None,
        "rollups": rollups,
        "national_rollup": group.region.level == Region.Level.NATIONAL,
    }
    return render(request, "planning/work_index.html", context)


def create(request, code):
    group = get_rw_group_for_user(request, code)
    form = WorkPlanForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        plan = form.save()
        messages.success(
            request, _("The work plan for %(year)s has been created.") % {"year": plan.year}
        )
        return redirect("workplans:detail", code=group.code, year=plan.year)
    return render(request, "planning/work_plan_form.html", {"group": group, "form": form})


def detail(request, code, year):
    group, can_edit = get_group_for_user(request, code)
    plan = _plan(group, year)
    # Plain orders: the models' default orders join up to the region of the group.
    activities = plan.activities.select_related("institution", "location", "goal").order_by(
        "number"
    )
    activities = activities.prefetch_related(
        Prefetch("budget_lines", queryset=BudgetLine.objects.order_by())
    )
    summary = summarize([plan])
    sources = [source for source in FundingSource if source.value in summary.by_source.budget]
    # A budget line names the programme that funds it; it links to the programme register
    # when a programme of that name works in the region.
    registered = {p.name.casefold(): p for p in Programme.objects.touching(group.region).distinct()}
    rows, funded = [], []
    for activity in activities:
        lines = {line.source: line.amount for line in activity.budget_lines.all()}
        for line in activity.budget_lines.all():
            if line.programme:
                programme = registered.get(line.programme.casefold())
                funded.append((activity, line, programme))
        rows.append(
            ActivityRow(
                activity=activity,
                amounts=[lines.get(source.value) for source in sources],
                total=sum(lines.values(), ZERO),
                progress=summary.progress.get(activity.pk),
            )
        )
    context = {
        "group": group,
        "can_edit": can_edit,
        "plan": plan,
        "rows": rows,
        "sources": sources,
        "source_totals": [summary.by_source.budget[source.value] for source in sources],
        "summary": summary,
        "funded": funded,
    }
    return render(request, "planning/work_detail.html", context)


def add_activity(request, code, year):
    group = get_rw_group_for_user(request, code)
    return _activity_form(request, _plan(group, year), Activity())


def edit_activity(request, code, year, number):
    group = get_rw_group_for_user(request, code)
    activity = _activity(group, year, number)
    return _activity_form(request, activity.work_plan, activity)


def _activity_form(request, plan, activity):
    form = ActivityForm(request.POST or None, instance=activity, work_plan=plan)
    budget = BudgetForm(request.POST or None, activity=activity)
    if request.method == "POST" and all([form.is_valid(), budget.is_valid()]):
        with transaction.atomic():
            # Locks the plan while the activity takes the next number.
            WorkPlan.objects.select_for_update().filter(pk=plan.pk).first()
            activity = form.save()
            budget.save(activity)
        messages.success(
            request, _("The activity “%(name)s” has been saved.") % {"name": activity.name}
        )
        return redirect("workplans:detail", code=plan.working_group.code, year=plan.year)
    context = {
        "group": plan.working_group,
        "plan": plan,
        "activity": activity if activity.pk else None,
        "form": form,
        "budget": budget,
    }
    return render(request, "planning/work_activity_form.html", context)


def realisation(request, code, year, number):
    group = get_rw_group_for_user(request, code)
    activity = _activity(group, year, number)
    form = RealisationForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        for source, spent, budget in form.overspent():
            messages.warning(
                request,
                _(
                    "Spending from %(source)s (Rp %(spent)s) exceeds its budget "
                    "(Rp %(budget)s). It has been saved; check the amounts or the budget."
                )
                % {
                    "source": source,
                    "spent": format_number(spent),
                    "budget": format_number(budget),
                },
            )
        messages.success(
            request, _("The realisation of “%(name)s” has been saved.") % {"name": activity.name}
        )
        return redirect("workplans:detail", code=group.code, year=year)
    context = {"group": group, "plan": activity.work_plan, "activity": activity, "form": form}
    return render(request, "planning/work_realisation.html", context)


@dataclass
class ProgressRow:
    activity: Activity
    progress: Decimal | None
    bar: str
    late: bool


def summary(request, code, year):
    group, can_edit = get_group_for_user(request, code)
    plan = _plan(group, year)
    quarter = quarter_under_way(year)
    result = summarize([plan], current_quarter=quarter)
    late = {activity.pk for activity in result.late}
    progress = [
        ProgressRow(
            activity=activity,
            progress=result.progress.get(activity.pk),
            bar=charts.bar(result.progress.get(activity.pk, ZERO), 100),
            late=activity.pk in late,
        )
        for activity in plan.activities.order_by("number")
    ]
    context = {
        "group": group,
        "can_edit": can_edit,
        "plan": plan,
        "summary": result,
        "sections": breakdowns(result),
        "progress": progress,
        "quarter": quarter,
        "non_government": [
            label
            for value, label in FundingSource.choices
            if value in FundingSource.non_government()
        ],
    }
    return render(request, "planning/work_summary.html", context)


def province_summary(request, code, year):
    """The province's own work plan and those of its kabupaten/kota, added up."""
    # Private data of every kabupaten/kota: only those who read the whole province see it, and
    # everyone else gets the same 404 as for a province that does not exist.
    if not oversees_province(request.user, code):
        raise Http404
    province = get_object_or_404(Region, code=code, level=Region.Level.PROVINCE)
    rollup = roll_up(province, year, current_quarter=quarter_under_way(year))
    context = {
        "province": province,
        "year": year,
        "rollup": rollup,
        "rows": rows_by_group(rollup),
        "summary": rollup.summary,
        "sections": breakdowns(rollup.summary),
    }
    return render(request, "planning/work_province_summary.html", context)


def national_summary(request, year):
    """The national work plan, every provincial plan and every kabupaten/kota plan, added up."""
    if not oversees_nation(request.user):
        raise Http404
    nation = get_object_or_404(Region, code=Region.NATIONAL_CODE)
    rollup = roll_up(nation, year, current_quarter=quarter_under_way(year))
    context = {
        "nation": nation,
        "year": year,
        "rollup": rollup,
        "rows": rows_by_province(rollup),
        "summary": rollup.summary,
        "sections": breakdowns(rollup.summary),
    }
    return render(request, "planning/work_national_summary.html", context)


def remove(request, code, year):
    """Remove a work plan entered by mistake, while nothing has been reported against it
    (pokja/removal.py)."""
    group = get_rw_group_for_user(request, code)
    plan = _plan(group, year)
    return confirm_remove(
        request,
        group,
        plan,
        done=reverse("workplans:index", args=[group.code]),
        back=plan.get_absolute_url(),
        label=_("Work plan %(year)s") % {"year": plan.year},
    )


def remove_activity(request, code, year, number):
    """Remove an activity entered by mistake, with its budget and realisation."""
    group = get_rw_group_for_user(request, code)
    activity = _activity(group, year, number)
    return confirm_remove(
        request,
        group,
        activity,
        done=reverse("workplans:detail", args=[group.code, year]),
        back=reverse("workplans:edit_activity", args=[group.code, year, number]),
    )
