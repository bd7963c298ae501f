"""The programme register: public pages for everyone (programmes are public information),
the working group's pages for readers in scope, writes for the registering secretariat."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sinergi.lib.downloads import attachment
from sinergi.lib.history import history_for
from sinergi.lib.imports import import_view
from sinergi.lib.spreadsheets import XLSX_CONTENT_TYPE
from sinergi.monitoring.models import Indicator
from sinergi.pokja.access import get_group_for_user, get_rw_group_for_user, scope_of
from sinergi.pokja.removal import confirm_remove
from sinergi.programmes import needs, overlaps, programme_io
from sinergi.programmes.actions import do_record_intake
from sinergi.programmes.forms import IntakeForm, ProgrammeForm, TargetFormSet
from sinergi.programmes.models import Intake, Programme
from sinergi.regions.models import Region

PAGE_SIZE = 50
# Locations named in a row of a list; the programme's page names them all.
LOCATIONS_SHOWN = 3
CONTENT_TYPES = {"xlsx": XLSX_CONTENT_TYPE, "csv": "text/csv; charset=utf-8"}


def _page(request, programmes):
    """A page of `programmes` with their first locations and an overlap flag each."""
    programmes = programmes.select_related("registered_by__region").prefetch_related("locations")
    page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    flagged = overlaps.overlapping_ids([p.pk for p in page])
    for programme in page:
        programme.has_overlap = programme.pk in flagged
        locations = list(programme.locations.all())
        programme.shown_locations = locations[:LOCATIONS_SHOWN]
        programme.more_locations = len(locations) - len(programme.shown_locations)
    return page


def _list_context(request, page):
    return {
        "page": page,
        "xlsx_max_rows": programme_io.XLSX_MAX_ROWS,
        "xlsx_capped": page.paginator.count > programme_io.XLSX_MAX_ROWS,
        **_filters(request),
    }


def _filtered(request, programmes):
    sector, status = request.GET.get("sektor"), request.GET.get("status")
    if sector in Indicator.Sector.values:
        programmes = programmes.filter(sector=sector)
    if status in Programme.Status.values:
        programmes = programmes.filter(status=status)
    return programmes


def _filters(request):
    return {
        "sectors": Indicator.Sector.choices,
        "statuses": Programme.Status.choices,
        "sector": request.GET.get("sektor", ""),
        "status": request.GET.get("status", ""),
    }


@login_not_required
@require_safe
def programme_list(request):
    page = _page(request, _filtered(request, Programme.objects.all()))
    return render(request, "programmes/list.html", _list_context(request, page))


@login_not_required
@require_safe
def detail(request, pk):
    programme = get_object_or_404(Programme.objects.with_groups(), pk=pk)
    scope = scope_of(request.user)
    in_scope = programme.contact_visible_to(scope)
    groups = {g.pk: g for g in [programme.registered_by, *programme.working_groups.all()]}
    context = {
        "intake_groups": sorted(
            (g for g in groups.values() if scope.can_edit(g)), key=lambda g: g.code
        ),
        "programme": programme,
        "in_scope": in_scope,
        "can_edit": scope.can_edit(programme.registered_by),
        "locations": programme.locations.select_related("parent"),
        "targets": programme.targets.order_by("pk"),
        "intakes": programme.intakes.select_related("working_group") if in_scope else [],
        "overlaps": overlaps.programme_overlaps(programme),
        "history": (
            history_for(programme, zone=programme.registered_by.time_zone) if in_scope else []
        ),
    }
    return render(request, "programmes/detail.html", context)


def group_programmes(request, code):
    group, can_edit = get_group_for_user(request, code)
    page = _page(request, _filtered(request, Programme.objects.of_group(group)))
    context = {"group": group, "can_edit": can_edit, **_list_context(request, page)}
    return render(request, "programmes/group_list.html", context)


def _own_programme(group, pk):
    """A programme of the group's page for a change: read-only (403) when another group
    registered it, 404 when it is not on the page at all."""
    programme = get_object_or_404(Programme.objects.of_group(group), pk=pk)
    if programme.registered_by_id != group.pk:
        raise PermissionDenied
    return programme


def _edit(request, group, programme):
    form = ProgrammeForm(request.POST or None, instance=programme, group=group)
    targets = TargetFormSet(request.POST or None, instance=form.instance, prefix="sasaran")
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        with transaction.atomic():
            saved = form.save()
            targets.instance = saved
            targets.save()
        messages.success(request, _("The programme has been saved."))
        return redirect(saved)
    context = {"group": group, "form": form, "targets": targets, "programme": programme}
    return render(request, "programmes/form.html", context)


def add_programme(request, code):
    group = get_rw_group_for_user(request, code)
    return _edit(request, group, None)


def edit_programme(request, code, pk):
    group = get_rw_group_for_user(request, code)
    return _edit(request, group, _own_programme(group, pk))


def record_intake(request, code, pk):
    group = get_rw_group_for_user(request, code)
    programme = get_object_or_404(Programme.objects.of_group(group), pk=pk)
    form = IntakeForm(request.POST or None, programme=programme, group=group)
    if request.method == "POST" and form.is_valid():
        intake = do_record_intake(form)
        messages.success(request, _("The decision of the working group has been recorded."))
        if intake.decision == Intake.Decision.REDIRECTED:
            return _to_new_locations(request, group, programme)
        return redirect(programme)
    context = {"group": group, "programme": programme, "form": form}
    return render(request, "programmes/intake_form.html", context)


def _to_new_locations(request, group, programme):
    """After a decision to redirect the programme to other locations: to the programme's form
    to record them, when this group keeps its record; otherwise back to the programme, saying
    which group to tell."""
    if programme.registered_by_id == group.pk:
        messages.info(request, _("The programme was redirected: record its new locations."))
        url = reverse("programmes:edit", args=[group.code, programme.pk])
        return redirect(f"{url}#id_location_codes")
    messages.info(
        request,
        _(
            "The programme was redirected. %(group)s keeps its record: tell its secretariat "
            "the new locations."
        )
        % {"group": programme.registered_by.name},
    )
    return redirect(programme)


@require_safe
def group_overlaps(request, code):
    group, _can_edit = get_group_for_user(request, code)
    found = overlaps.region_overlaps(group.region)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"group": group, "overlaps": page, "page": page}
    return render(request, "programmes/overlaps.html", context)


@require_safe
def group_needs(request, code):
    group, _can_edit = get_group_for_user(request, code)
    indicators = needs.need_indicators()
    wanted = request.GET.get("indikator") or needs.DEFAULT_INDICATOR
    indicator = next((i for i in indicators if i.code == wanted), None)
    page = None
    if indicator is not None:
        villages = needs.villages_in_need(group.region, indicator)
        page = Paginator(villages, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "group": group,
        "indicators": indicators,
        "indicator": indicator,
        "sectors": [Indicator.Sector(s).label for s in needs.sectors_for(indicator)]
        if indicator
        else [],
        "page": page,
    }
    return render(request, "programmes/needs.html", context)


@require_safe
def template(request, code):
    group = get_rw_group_for_user(request, code)
    response = HttpResponse(programme_io.template_bytes(), content_type=XLSX_CONTENT_TYPE)
    return attachment(response, f"templat-program-{group.code}.xlsx")


def import_programmes(request, code):
    group = get_rw_group_for_user(request, code)
    importer = programme_io.ProgrammeImporter(group)
    done = reverse("programmes:group", kwargs={"code": group.code})
    return import_view(request, importer, "programmes/import.html", {"group": group}, done)


def _export(request, programmes, code, fmt):
    """The CSV file streamed row by row, whatever its size; the XLSX file built in memory,
    at most `programme_io.XLSX_MAX_ROWS` programmes."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    scope = scope_of(request.user)
    if fmt == "csv":
        content = programme_io.csv_lines(programmes, scope)
        response = StreamingHttpResponse(content, content_type=CONTENT_TYPES[fmt])
    else:
        content = programme_io.xlsx_bytes(programmes, scope)
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    return attachment(response, programme_io.export_filename(code, fmt))


@login_not_required
@require_safe
def export(request, fmt):
    """Every programme, or those located at or below ?wilayah=<code>; contacts in scope only."""
    code = request.GET.get("wilayah") or Region.NATIONAL_CODE
    programmes = _filtered(request, Programme.objects.located_under(code))
    return _export(request, programmes, code, fmt)


@require_safe
def group_export(request, code, fmt):
    group, _can_edit = get_group_for_user(request, code)
    programmes = _filtered(request, Programme.objects.of_group(group))
    return _export(request, programmes, group.code, fmt)


def remove_programme(request, code, pk):
    """Remove a programme this group registered by mistake (pokja/removal.py)."""
    group = get_rw_group_for_user(request, code)
    programme = get_object_or_404(Programme.objects.of_group(group), pk=pk)
    return confirm_remove(
        request,
        group,
        programme,
        done=reverse("programmes:group", args=[group.code]),
        back=programme.get_absolute_url(),
    )
