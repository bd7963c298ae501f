"""The strategic plans (Renstra AMPL) of a working group: readers in scope read them and their
documents, the secretariat writes them. An adopted plan stays editable, because the region may
revise it; its targets are then the monitoring targets again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sinergi.lib.downloads import attachment, serve_file
from sinergi.monitoring.models import Indicator
from sinergi.planning import documents
from sinergi.planning.actions import do_adopt_plan, do_save_plan_targets, do_update_plan
from sinergi.planning.forms_plans import (
    AdoptPlanForm,
    GoalForm,
    PlanTargetsForm,
    StrategicPlanForm,
    StrategyForm,
)
from sinergi.planning.models import Goal, StrategicPlan, Strategy
from sinergi.pokja.access import get_group_for_user, get_rw_group_for_user
from sinergi.pokja.removal import confirm_remove

# fmt in the address → (renderer, content type)
FORMATS = {
    "docx": (documents.render_docx, documents.DOCX_CONTENT_TYPE),
    "pdf": (documents.render_pdf, documents.PDF_CONTENT_TYPE),
}
PLAN_YEARS = 5


def _plan(group, pk):
    plan = get_object_or_404(StrategicPlan, pk=pk, working_group=group)
    plan.working_group = group  # already loaded with its region by the access check
    return plan


def plans(request, code):
    group, can_edit = get_group_for_user(request, code)
    context = {"group": group, "can_edit": can_edit, "plans": group.strategic_plans.all()}
    return render(request, "planning/plan_list.html", context)


def add_plan(request, code):
    group = get_rw_group_for_user(request, code)
    start = timezone.localdate().year
    initial = {
        "start_year": start,
        "end_year": start + PLAN_YEARS - 1,
        "title": f"Renstra AMPL {group.region.name} {start}–{start + PLAN_YEARS - 1}",
    }
    form = StrategicPlanForm(request.POST or None, initial=initial, group=group)
    if request.method == "POST" and form.is_valid():
        new_plan = form.save()
        messages.success(request, _("The plan has been created: add its goals and targets."))
        return redirect(new_plan)
    return render(request, "planning/plan_form.html", {"group": group, "form": form})


def plan(request, code, pk):
    group, can_edit = get_group_for_user(request, code)
    item = _plan(group, pk)
    context = {
        "group": group,
        "can_edit": can_edit,
        "plan": item,
        "missions": [line.strip() for line in item.mission.splitlines() if line.strip()],
        "goals": item.goals.prefetch_related("strategies"),
        "years": list(item.years),
        "target_rows": documents.target_rows(item, item.targets.select_related("indicator")),
        "goal_form": GoalForm(plan=item, auto_id="tujuan-%s") if can_edit else None,
    }
    return render(request, "planning/plan_detail.html", context)


def edit_plan(request, code, pk):
    group = get_rw_group_for_user(request, code)
    item = _plan(group, pk)
    form = StrategicPlanForm(request.POST or None, instance=item, group=group)
    if request.method == "POST" and form.is_valid():
        do_update_plan(form)
        messages.success(request, _("The plan has been saved."))
        return redirect(item)
    return render(request, "planning/plan_form.html", {"group": group, "form": form, "plan": item})


def plan_targets(request, code, pk):
    group = get_rw_group_for_user(request, code)
    item = _plan(group, pk)
    form = PlanTargetsForm(request.POST or None, plan=item, indicators=Indicator.objects.all())
    if request.method == "POST" and form.is_valid():
        counts = do_save_plan_targets(form)
        text = _("Targets saved. Created: %(created)d, changed: %(changed)d, removed: %(removed)d.")
        messages.success(request, text % counts)
        return redirect(item)
    context = {"group": group, "plan": item, "form": form, "years": list(item.years)}
    return render(request, "planning/plan_targets.html", context)


def adopt_plan(request, code, pk):
    group = get_rw_group_for_user(request, code)
    item = _plan(group, pk)
    form = AdoptPlanForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_adopt_plan(item, data["adopted_on"], data["adopted_by"], data["adopting_file"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The plan has been adopted: its targets are now the targets of the region."),
            )
            return redirect(item)
    if form.is_bound:  # the page shows the adoption as stored, not as the form left it
        item.refresh_from_db(fields=["adopted_on", "adopted_by", "adopting_file"])
    return render(request, "planning/plan_adopt.html", {"group": group, "plan": item, "form": form})


@never_cache  # internal plans: no shared or browser cache keeps a copy
def plan_document(request, code, pk, fmt):
    if fmt not in FORMATS:
        raise Http404
    group, _can_edit = get_group_for_user(request, code)
    item = _plan(group, pk)
    render_document, content_type = FORMATS[fmt]
    response = HttpResponse(render_document(item), content_type=content_type)
    attachment(response, documents.document_filename(item, fmt))
    return response


def plan_file(request, code, pk):
    group, _can_edit = get_group_for_user(request, code)
    item = _plan(group, pk)
    return serve_file(item.adopting_file)


def add_goal(request, code, pk):
    group = get_rw_group_for_user(request, code)
    item = _plan(group, pk)
    form = GoalForm(request.POST or None, plan=item)
    if request.method == "POST" and form.is_valid():
        goal = form.save()
        messages.success(request, _("Goal %(number)d has been added.") % {"number": goal.number})
        return redirect(item)
    return render(
        request, "planning/plan_goal_form.html", {"group": group, "plan": item, "form": form}
    )


def _goal(plan, goal_pk):
    return get_object_or_404(Goal, pk=goal_pk, plan=plan)


def edit_goal(request, code, pk, goal_pk):
    group = get_rw_group_for_user(request, code)
    item = _plan(group, pk)
    goal = _goal(item, goal_pk)
    form = GoalForm(request.POST or None, instance=goal, plan=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Goal %(number)d has been saved.") % {"number": goal.number})
        return redirect(item)
    context = {"group": group, "plan": item, "form": form, "goal": goal}
    return render(request, "planning/plan_goal_form.html", context)


@require_POST
def remove_goal(request, code, pk, goal_pk):
    group = get_rw_group_for_user(request, code)
    item = _plan(group, pk)
    goal = _goal(item, goal_pk)
    goal.delete()
    messages.success(
        request,
        _("Goal %(number)d and its strategies have been removed.") % {"number": goal.number},
    )
    return redirect(item)


def add_strategy(request, code, pk, goal_pk):
    group = get_rw_group_for_user(request, code)
    item = _plan(group, pk)
    goal = _goal(item, goal_pk)
    form = StrategyForm(request.POST or None, goal=goal)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("A strategy has been added to goal %(number)d.") % {"number": goal.number}
        )
        return redirect(item)
    context = {"group": group, "plan": item, "goal": goal, "form": form}
    return render(request, "planning/plan_strategy_form.html", context)


@require_POST
def remove_strategy(request, code, pk, strategy_pk):
    group = get_rw_group_for_user(request, code)
    item = _plan(group, pk)
    strategy = get_object_or_404(Strategy, pk=strategy_pk, goal__plan=item)
    strategy.delete()
    messages.success(request, _("The strategy has been removed."))
    return redirect(item)


def remove_plan(request, code, pk):
    """Remove a draft strategic plan entered by mistake (pokja/removal.py)."""
    group = get_rw_group_for_user(request, code)
    item = _plan(group, pk)
    return confirm_remove(
        request,
        group,
        item,
        done=reverse("planning:plans", args=[group.code]),
        back=item.get_absolute_url(),
    )
