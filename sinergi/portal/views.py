from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from sinergi.decrees.models import (
    decree_in_force,
    latest_decree,
    legal_status,
    with_legal_status,
)
from sinergi.lib import spreadsheets
from sinergi.lib.downloads import attachment
from sinergi.lib.history import history_for
from sinergi.pokja.access import scope_of
from sinergi.pokja.core import missing_core_roles
from sinergi.pokja.models import Membership, WorkingGroup
from sinergi.portal.compliance import groups_with_adopted_plan, needs_strategic_plan
from sinergi.portal.directory import coverage, directory
from sinergi.portal.home import home_context
from sinergi.regions.models import Region


@login_not_required
def home(request):
    return render(request, "portal/home.html", home_context())


@login_not_required
def directory_page(request):
    form, rows = directory(request.GET)
    context = {"form": form, "rows": rows, "coverage": coverage(rows)}
    return render(request, "portal/directory.html", context)


def directory_table(rows):
    """The directory as a header and rows of plain values, for CSV and XLSX."""
    header = [
        _("Code"),
        _("Region"),
        _("Province"),
        _("Working group"),
        _("Kind"),
        _("Status"),
        _("Activeness index"),
        _("Secretariat address"),
        _("Contact institution"),
        _("Contact person"),
        _("Office e-mail"),
        _("Office phone"),
    ]
    table = []
    for row in rows:
        group = row.group
        person = group.contact_person if group else None
        table.append(
            [
                row.code,
                row.region.name,
                row.province.name if row.province else "",
                group.name if group else "",
                group.get_kind_display() if group else "",
                str(row.status.label),
                row.activeness,
                group.secretariat_address if group else "",
                group.contact_institution.name if group and group.contact_institution else "",
                f"{person.full_name}, {person.job_title}".strip(", ") if person else "",
                group.email if group else "",
                group.phone if group else "",
            ]
        )
    return header, table


@login_not_required
def directory_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, rows = directory(request.GET)
    header, table = directory_table(rows)
    filename = f"pokja-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(
            spreadsheets.csv_text(header, table), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            spreadsheets.workbook_bytes(_("Directory"), header, table),
            content_type=spreadsheets.XLSX_CONTENT_TYPE,
        )
    return attachment(response, filename)


@login_not_required
def profile(request, code):
    region = get_object_or_404(Region, code=code, level__lte=Region.Level.REGENCY)
    group = (
        with_legal_status(WorkingGroup.objects.filter(region=region))
        .select_related("region", "contact_institution", "contact_person")
        .first()
    )
    context = {"region": region, "group": group, "status": legal_status(group)}
    if group is None:
        return render(request, "portal/profile.html", context)
    scope = scope_of(request.user)
    today = timezone.localdate()
    roster = sorted(
        group.memberships.active_on(today).select_related("person", "institution"),
        key=lambda m: (Membership.Position.values.index(m.position), m.person.full_name),
    )
    sections = {}
    for membership in roster:
        sections.setdefault(membership.get_position_display(), []).append(membership)
    context.update(
        {
            "in_scope": scope.can_view(group),
            "can_edit": scope.can_edit(group),
            "sections": sections,
            "institutions": group.member_institutions(today),
            "knowledge_holders": [m for m in roster if m.is_knowledge_holder],
            "missing_core": missing_core_roles(group, roster),
            "names": group.names.all(),
        }
    )
    decrees = list(group.decrees.all())
    context["decree"] = decree_in_force(decrees, today) or latest_decree(decrees)
    first_valid_from = min((d.valid_from for d in decrees), default=None)
    has_plan = bool(groups_with_adopted_plan([group.pk]))
    context["needs_strategic_plan"] = needs_strategic_plan(group, first_valid_from, today, has_plan)
    if context["in_scope"]:
        context["history"] = history_for(group, zone=group.time_zone, limit=10)
    return render(request, "portal/profile.html", context)


@login_not_required
@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
