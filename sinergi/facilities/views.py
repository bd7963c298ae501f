from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sinergi.facilities import files
from sinergi.facilities.forms import FacilityFilterForm, FacilityForm, InspectionForm
from sinergi.facilities.models import Facility
from sinergi.facilities.stats import COLOURS, NOT_INSPECTED, region_stats, status_label
from sinergi.lib import spreadsheets
from sinergi.lib.concurrency import saved
from sinergi.lib.downloads import attachment
from sinergi.lib.imports import import_view
from sinergi.pokja.access import can_edit_region, get_region_data_group
from sinergi.pokja.removal import confirm_remove

PAGE_SIZE = 200


def _read(request, code):
    """The working group of `code` and whether the user may write facilities of its region;
    404 to outsiders."""
    return get_region_data_group(request, code)


def _write(request, code):
    group, can_write = _read(request, code)
    if not can_write:
        raise PermissionDenied
    return group


def _facility(group, pk):
    facilities = Facility.objects.within(group.region).select_related("village", "programme")
    return get_object_or_404(facilities, pk=pk)


def _detail_url(group, facility):
    return reverse("facilities:detail", args=[group.code, facility.pk])


@require_safe
def facility_list(request, code):
    group, can_write = _read(request, code)
    filters = FacilityFilterForm(request.GET)
    facilities = filters.filter(
        Facility.objects.within(group.region)
        .with_status()
        .select_related("village", "programme")
        .order_by("village__code", "name")
    )
    page = Paginator(facilities, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(f, f.status or NOT_INSPECTED, status_label(f.status)) for f in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "group": group,
        "can_write": can_write,
        "filters": filters,
        "page": page,
        "rows": rows,
        "stats": region_stats(Facility.objects.within(group.region), timezone.localdate()),
        "query": query.urlencode(),
        "legend": [(COLOURS[s], status_label(s)) for s in COLOURS],
    }
    return render(request, "facilities/list.html", context)


def add_facility(request, code):
    group = _write(request, code)
    form = FacilityForm(request.POST or None, region=group.region, user=request.user)
    if request.method == "POST" and form.is_valid() and (facility := saved(form)):
        messages.success(request, _("%(name)s has been recorded.") % {"name": facility.name})
        return redirect(_detail_url(group, facility))
    return render(request, "facilities/form.html", {"group": group, "form": form})


def edit_facility(request, code, pk):
    group, _can_write = _read(request, code)
    facility = _facility(group, pk)
    if not can_edit_region(request.user, facility.village):
        raise PermissionDenied
    form = FacilityForm(
        request.POST or None, instance=facility, region=group.region, user=request.user
    )
    if request.method == "POST" and form.is_valid() and saved(form):
        messages.success(request, _("%(name)s has been saved.") % {"name": facility.name})
        return redirect(_detail_url(group, facility))
    context = {"group": group, "form": form, "facility": facility}
    return render(request, "facilities/form.html", context)


def _detail(request, group, facility, form):
    inspections = facility.inspections.select_related("inspected_by")
    latest = inspections.first()
    status = latest.status if latest else None
    context = {
        "group": group,
        "facility": facility,
        "inspections": inspections,
        "form": form,
        "status": status or NOT_INSPECTED,
        "status_label": status_label(status),
    }
    return render(
        request, "facilities/detail.html", context, status=400 if form and form.errors else 200
    )


@require_safe
def detail(request, code, pk):
    group, _can_write = _read(request, code)
    facility = _facility(group, pk)
    form = None
    if can_edit_region(request.user, facility.village):
        form = InspectionForm(initial={"inspected_on": timezone.localdate()})
    return _detail(request, group, facility, form)


@require_POST
def add_inspection(request, code, pk):
    group, _can_write = _read(request, code)
    facility = _facility(group, pk)
    if not can_edit_region(request.user, facility.village):
        raise PermissionDenied
    form = InspectionForm(request.POST)
    if not form.is_valid():
        return _detail(request, group, facility, form)
    inspection = form.save(commit=False)
    inspection.facility, inspection.inspected_by = facility, request.user
    inspection.save()
    messages.success(
        request,
        _("The inspection of %(date)s has been recorded.")
        % {"date": inspection.inspected_on.strftime("%d-%m-%Y")},
    )
    return redirect(_detail_url(group, facility))


@require_safe
def template(request, code):
    group = _write(request, code)
    response = HttpResponse(files.template_bytes(), content_type=spreadsheets.XLSX_CONTENT_TYPE)
    return attachment(response, f"templat-sarana-{group.code}.xlsx")


def import_facilities(request, code):
    group = _write(request, code)
    importer = files.FacilityImporter(group.region, request.user)
    done = reverse("facilities:list", kwargs={"code": group.code})
    return import_view(request, importer, "facilities/import.html", {"group": group}, done)


@require_safe
def export(request, code, fmt):
    if fmt not in ("xlsx", "csv", "geojson"):
        raise Http404
    group, _can_write = _read(request, code)
    facilities = FacilityFilterForm(request.GET).filter(
        Facility.objects.within(group.region).with_status()
    )
    filename = files.export_filename(group.code, fmt)
    if fmt == "geojson":
        response = JsonResponse(
            files.geojson(facilities, group.code), content_type="application/geo+json"
        )
        if "unduh" not in request.GET:
            return response
    elif fmt == "csv":
        response = HttpResponse(files.csv_text(facilities), content_type="text/csv")
    else:
        response = HttpResponse(
            files.xlsx_bytes(facilities), content_type=spreadsheets.XLSX_CONTENT_TYPE
        )
    return attachment(response, filename)


def remove_facility(request, code, pk):
    """Remove a facility entered by mistake, with its inspections (pokja/removal.py): those
    who may edit it may remove it."""
    group, _can_write = _read(request, code)
    facility = _facility(group, pk)
    if not can_edit_region(request.user, facility.village):
        raise PermissionDenied
    return confirm_remove(
        request,
        group,
        facility,
        done=reverse("facilities:list", args=[group.code]),
        back=_detail_url(group, facility),
    )
