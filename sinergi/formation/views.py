import datetime
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.decrees.models import Decree
from sinergi.formation import actions
from sinergi.formation.access import may_start_anywhere, may_start_in
from sinergi.formation.forms import (
    EvidenceForm,
    ForumForm,
    LegalBasisForm,
    RegionChoiceForm,
    StakeholderForm,
    StartFormationForm,
    StepForm,
)
from sinergi.formation.models import Evidence, Formation, FormationStep, Stakeholder
from sinergi.lib.downloads import delete_file_on_commit, serve_file
from sinergi.lib.history import history_for
from sinergi.pokja.access import get_group_for_user, get_rw_group_for_user
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import Region


def index(request):
    formations = (
        Formation.objects.filter(working_group__in=WorkingGroup.objects.visible_to(request.user))
        .select_related("working_group__region", "lead_institution")
        .annotate(
            steps_done=Count("steps", filter=Q(steps__status=FormationStep.Status.DONE)),
            is_complete=Exists(Decree.objects.filter(working_group=OuterRef("working_group"))),
        )
        .order_by("working_group__region__code")
    )
    context = {"formations": formations, "may_start": may_start_anywhere(request.user)}
    return render(request, "formation/index.html", context)


def _chosen_region(request):
    """The region of `?wilayah=`: None when not chosen yet, 404 when out of the user's reach."""
    if not may_start_anywhere(request.user):
        raise PermissionDenied
    code = request.GET.get("wilayah", "").strip()
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None or not may_start_in(request.user, region):
        raise Http404
    return region


def _choose_region(request, template):
    form = RegionChoiceForm(user=request.user)
    return render(
        request,
        template,
        {"choice_form": form, "choices": form.fields["wilayah"].queryset.exists()},
    )


def start(request):
    region = _chosen_region(request)
    if region is None:
        return _choose_region(request, "formation/start.html")
    form = StartFormationForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        formation = actions.do_start_formation(
            region,
            form.lead(),
            form.cleaned_data["started_on"],
            request.user,
            name=form.cleaned_data["name"],
        )
        messages.success(
            request,
            _("The formation of %(name)s has started.") % {"name": formation.working_group.name},
        )
        return redirect(formation)
    return render(request, "formation/start.html", {"region": region, "form": form})


def register_forum(request):
    region = _chosen_region(request)
    if region is None:
        return _choose_region(request, "formation/forum.html")
    form = ForumForm(request.POST or None, region=region)
    decree_form = LegalBasisForm(request.POST or None, region=region, prefix="sk")
    if request.method == "POST" and all([form.is_valid(), decree_form.is_valid()]):
        data = form.cleaned_data
        group = actions.do_register_forum(
            region,
            kind=data["kind"],
            name=data["name"],
            formed_on=data["formed_on"],
            secretariat_address=data["secretariat_address"],
            contact_institution=data["contact_institution"],
            contact_institution_category=data["contact_institution_category"],
            decree=decree_form.decree(),
            actor=request.user,
        )
        messages.success(
            request,
            _("%(name)s is registered as the working group of %(region)s. Add its members.")
            % {"name": group.name, "region": region.name},
        )
        return redirect("pokja:roster", code=group.code)
    context = {"region": region, "form": form, "decree_form": decree_form}
    return render(request, "formation/forum.html", context)


def _formation(group):
    formation = get_object_or_404(
        Formation.objects.select_related("lead_institution"), working_group=group
    )
    formation.working_group = group
    return formation


# The portal's badge colours for the status of a step.
STATUS_BADGES = {
    FormationStep.Status.NOT_STARTED: "status-none",
    FormationStep.Status.IN_PROGRESS: "status-forming",
    FormationStep.Status.DONE: "badge-ok",
}


def _stakeholder_map(stakeholders):
    """Rows of influence (high first) by columns of interest (low first), with the actors."""
    cells = defaultdict(list)
    for s in stakeholders:
        cells[(s.influence, s.interest)].append(s.display_name)
    Level = Stakeholder.Level
    return [
        (influence.label, [cells[(influence, interest)] for interest in Level])
        for influence in reversed(Level)
    ]


def _display(value):
    return date_format(value, "j F Y") if isinstance(value, datetime.date) else value


def _render_tracker(request, formation, can_edit, bound=None):
    """The tracker, with `bound` forms (by key) that failed validation in place of empty ones."""
    bound = bound or {}
    group = formation.working_group
    steps = list(formation.steps.prefetch_related("evidence"))
    stakeholders = list(formation.stakeholders.select_related("institution"))
    items = []
    for step in steps:
        item = {
            "step": step,
            "badge": STATUS_BADGES[step.status],
            "facts": [
                (Formation._meta.get_field(name).verbose_name, _display(getattr(formation, name)))
                for name in FormationStep.FORMATION_FIELDS[step.number]
            ],
        }
        if can_edit:
            n = step.number
            item["form"] = bound.get(("step", n)) or StepForm(instance=step, prefix=f"s{n}")
            item["evidence_form"] = bound.get(("evidence", n)) or EvidenceForm(prefix=f"e{n}")
        items.append(item)
    context = {
        "group": group,
        "formation": formation,
        "can_edit": can_edit,
        "items": items,
        "all_done": all(step.is_done for step in steps),
        "stakeholders": stakeholders,
        "stakeholder_map": _stakeholder_map(stakeholders),
        "levels": Stakeholder.Level.choices,
        "decree": formation.first_decree(),
        "history": history_for(formation, zone=group.time_zone),
    }
    if can_edit:
        context["stakeholder_form"] = bound.get("stakeholder") or StakeholderForm(
            prefix="st", formation=formation
        )
    return render(request, "formation/tracker.html", context)


def tracker(request, code):
    group, can_edit = get_group_for_user(request, code)
    return _render_tracker(request, _formation(group), can_edit)


@require_POST
def update_step(request, code, number):
    group = get_rw_group_for_user(request, code)
    formation = _formation(group)
    step = get_object_or_404(formation.steps, number=number)
    form = StepForm(request.POST, instance=step, prefix=f"s{number}")
    if form.is_valid():
        actions.do_update_step(form)
        messages.success(request, _("Step %(number)s has been saved.") % {"number": number})
        return redirect(f"{formation.get_absolute_url()}#langkah-{number}")
    return _render_tracker(request, formation, True, {("step", number): form})


@require_POST
def add_stakeholder(request, code):
    group = get_rw_group_for_user(request, code)
    formation = _formation(group)
    form = StakeholderForm(request.POST, prefix="st", formation=formation)
    if form.is_valid():
        stakeholder = form.save()
        messages.success(request, _("%(name)s is on the map.") % {"name": stakeholder.display_name})
        return redirect(f"{formation.get_absolute_url()}#pemangku")
    return _render_tracker(request, formation, True, {"stakeholder": form})


@require_POST
def remove_stakeholder(request, code, pk):
    group = get_rw_group_for_user(request, code)
    formation = _formation(group)
    stakeholder = get_object_or_404(
        Stakeholder.objects.select_related("institution"), pk=pk, formation=formation
    )
    stakeholder.delete()
    messages.success(
        request, _("%(name)s has been removed from the map.") % {"name": stakeholder.display_name}
    )
    return redirect(f"{formation.get_absolute_url()}#pemangku")


@require_POST
def add_evidence(request, code, number):
    group = get_rw_group_for_user(request, code)
    formation = _formation(group)
    step = get_object_or_404(formation.steps, number=number)
    form = EvidenceForm(request.POST, request.FILES, prefix=f"e{number}")
    if form.is_valid():
        evidence = form.save(commit=False)
        evidence.step = step
        evidence.uploaded_by = request.user
        evidence.save()
        messages.success(request, _("%(title)s has been uploaded.") % {"title": evidence.title})
        return redirect(f"{formation.get_absolute_url()}#langkah-{number}")
    return _render_tracker(request, formation, True, {("evidence", number): form})


def _evidence(group, pk):
    return get_object_or_404(Evidence, pk=pk, step__formation__working_group=group)


def evidence(request, code, pk):
    group, _can_edit = get_group_for_user(request, code)
    item = _evidence(group, pk)
    return serve_file(item.file)


@require_POST
def remove_evidence(request, code, pk):
    group = get_rw_group_for_user(request, code)
    item = _evidence(group, pk)
    number = item.step.number
    with transaction.atomic():
        item.delete()
        delete_file_on_commit(item.file)
    messages.success(request, _("%(title)s has been removed.") % {"title": item.title})
    return redirect(reverse("formation:tracker", args=[group.code]) + f"#langkah-{number}")
