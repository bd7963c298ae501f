from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sinergi.facilities import files
from sinergi.facilities.forms import FacilityFilterForm, FacilityForm, InspectionForm
from sinergi.facilities.models import Facility
from sinergi.facilities.stats import COLOURS, NOT_INSPECTED, region_stats, status_label
from sinergi.lib import spreadsheets
from sinergi.lib.cache import cached
from sinergi.lib.concurrency import saved
from sinergi.lib.downloads import attachment
from sinergi.lib.imports import import_view
from sinergi.pokja.access import can_edit_region, get_region_data_group
from sinergi.pokja.removal import confirm_remove

PAGE_SIZE = 50
# The map draws every facility of the list: beyond this many it asks for a narrower filter.
MAP_MAX_POINTS = 5000


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
    today = timezone.localdate()
    filters = FacilityFilterForm(request.GET)
    facilities = filters.filter(
        Facility.objects.within(group.region)
        .select_related("village", "programme")
        .order_by("village__code", "name", "pk"),
        today,
    )
    page = Paginator(facilities, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(f, f.status or NOT_INSPECTED, status_label(f.status)) for f in page]
    query = request.GET.copy()
    query.pop("page", None)
    stats = cached(
        "facility-stats",
        lambda: region_stats(group.region, today),
        topics=("facilities", "programmes"),
        parts=(group.region.code, today, get_language()),
    )
    count = page.paginator.count
    context = {
        "group": group,
        "can_write": can_write,
        "filters": filters,
        "page": page,
        "rows": rows,
        "stats": stats,
        "query": query.urlencode(),
        "legend": [(COLOURS[s], status_label(s)) for s in COLOURS],
        "show_map": count <= MAP_MAX_POINTS,
        "map_max": MAP_MAX_POINTS,
        "xlsx_max": files.XLSX_MAX_ROWS,
        "xlsx_allowed": count <= files.XLSX_MAX_ROWS,
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
    context = {
        "group": group,
        "facility": facility,
        "inspections": facility.inspections.select_related("inspected_by"),
        "form": form,
        "status": facility.status or NOT_INSPECTED,
        "status_label": status_label(facility.status),
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
    facilities = FacilityFilterForm(request.GET).filter(Facility.objects.within(group.region))
    filename = files.export_filename(group.code, fmt)
    if fmt == "geojson":
        response = StreamingHttpResponse(
            files.geojson_lines(facilities, group.code), content_type="application/geo+json"
        )
        if "unduh" not in request.GET:
            return response
    elif fmt == "csv":
        response = StreamingHttpResponse(
            files.csv_lines(facilities), content_type="text/csv; charset=utf-8"
        )
    else:
        count = facilities.count()
        if count > files.XLSX_MAX_ROWS:
            messages.warning(request, _xlsx_refusal(count))
            url = reverse("facilities:list", args=[group.code])
            return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
        response = HttpResponse(
            files.xlsx_bytes(facilities), content_type=spreadsheets.XLSX_CONTENT_TYPE
        )
    return attachment(response, filename)


def _xlsx_refusal(count) -> str:
    return _(
        "The list has %(count)s facilities; an XLSX file holds at most %(max)s. Narrow the "
        "list with the filters (type, status, region), or download the CSV file, which holds "
        "them all and opens in any spreadsheet program."
    ) % {
        "count": number_format(count, force_grouping=True),
        "max": number_format(files.XLSX_MAX_ROWS, force_grouping=True),
    }


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
