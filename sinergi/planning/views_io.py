"""The work plan as files: the XLSX template, the upload, the export and the realisation
report (page, XLSX and PDF)."""

from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from sinergi.lib.downloads import attachment
from sinergi.lib.imports import import_view
from sinergi.lib.spreadsheets import XLSX_CONTENT_TYPE
from sinergi.planning import reports, work_plan_io
from sinergi.planning.models import WorkPlan
from sinergi.pokja.access import get_group_for_user, get_rw_group_for_user

FIRST_YEAR = 2000
# A plan may be prepared a few years ahead, never for a year long gone by mistake.
YEARS_AHEAD = 5


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    return attachment(HttpResponse(content, content_type=content_type), filename)


def _check_year(year):
    if not FIRST_YEAR <= year <= timezone.localdate().year + YEARS_AHEAD:
        raise Http404


def _work_plan(group, year):
    plan = get_object_or_404(WorkPlan, working_group=group, year=year)
    plan.working_group = group  # already loaded, with its region
    return plan


@require_safe
def template(request, code, year):
    group = get_rw_group_for_user(request, code)
    _check_year(year)
    content = work_plan_io.template_bytes(group, year)
    filename = f"templat-rkt-pokja-{group.code}-{year}.xlsx"
    return _download(content, XLSX_CONTENT_TYPE, filename)


def import_plan(request, code, year):
    group = get_rw_group_for_user(request, code)
    _check_year(year)
    plan = WorkPlan.objects.filter(working_group=group, year=year)
    context = {
        "group": group,
        "year": year,
        "plan": plan.annotate(activity_count=Count("activities")).first(),
    }
    importer = work_plan_io.WorkPlanImporter(group, year)
    done = reverse("workplans:planning_import", kwargs={"code": group.code, "year": year})
    return import_view(request, importer, "planning/io_import.html", context, done)


@require_safe
def export(request, code, year):
    group = get_group_for_user(request, code)[0]
    plan = _work_plan(group, year)
    filename = f"rkt-pokja-{group.code}-{year}.xlsx"
    return _download(work_plan_io.export_bytes(plan), XLSX_CONTENT_TYPE, filename)


@require_safe
def realisation_report(request, code, year):
    group = get_group_for_user(request, code)[0]
    report = reports.build_report(_work_plan(group, year))
    fmt = request.GET.get("format", "")
    if fmt == "xlsx":
        content = reports.xlsx_bytes(report)
        return _download(content, XLSX_CONTENT_TYPE, reports.filename(report, "xlsx"))
    if fmt == "pdf":
        content = reports.pdf_bytes(report)
        return _download(content, "application/pdf", reports.filename(report, "pdf"))
    if fmt:
        raise Http404
    return render(request, "planning/io_report.html", {"group": group, "report": report})
