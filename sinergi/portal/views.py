from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from sinergi.activeness import index as activeness
from sinergi.decrees.models import (
    decree_in_force,
    latest_decree,
    legal_status,
    with_legal_status,
)
from sinergi.formation.access import may_start_in
from sinergi.lib import spreadsheets
from sinergi.lib.cache import cached
from sinergi.lib.downloads import attachment
from sinergi.lib.history import history_for
from sinergi.monitoring.models import Indicator, Period
from sinergi.monitoring.rollups import rollups
from sinergi.monitoring.values import years_with_data
from sinergi.monitoring.views import format_value
from sinergi.pokja.access import can_view_region, scope_of
from sinergi.pokja.core import missing_core_roles
from sinergi.pokja.models import Membership, WorkingGroup
from sinergi.portal.compliance import groups_with_adopted_plan, needs_strategic_plan
from sinergi.portal.directory import (
    Row,
    all_rows,
    coverage,
    directory,
    directory_scoped,
    status_counts,
    status_summary,
)
from sinergi.portal.home import home_context
from sinergi.regions.models import Region, below


@login_not_required
def home(request):
    return render(request, "portal/home.html", home_context())


@login_not_required
def directory_page(request):
    every = all_rows()
    form, scoped, rows = directory_scoped(request.GET, every)
    summary = status_summary(status_counts(scoped), reverse("portal:directory"), request.GET)
    cells = directory_cells(every)
    indexes = activeness_cells(every)
    context = {
        "form": form,
        "rows": rows,
        "table": [(cells[row.code][0], indexes[row.code], cells[row.code][1]) for row in rows],
        "coverage": coverage(rows),
        "status_summary": summary,
    }
    return render(request, "portal/directory.html", context)


def url_of_code(name: str):
    """A function from a region code to the address of the page `name` of that code: one
    reversal for every row of a list, not one per row."""
    before, after = reverse(name, args=[Region.NATIONAL_CODE]).rsplit(Region.NATIONAL_CODE, 1)
    return lambda code: f"{before}{code}{after}"


# The directory's rows are rendered once per language and kept in the shared cache: the cells
# of the region, group, status and contact with the rows ("groups"), the activeness cell with
# the index, which changes with every meeting or value. A page only picks the rows it shows.


def directory_cells(every) -> dict[str, tuple[str, str]]:
    """{region code: (the HTML of the row's region, group and status cells, of its contact
    cell)} for `every` row of the directory, in the active language."""
    today = timezone.localdate()
    return cached(
        "directory-cells",
        lambda: _render_cells(every),
        topics=["groups"],
        parts=[today, get_language()],
    )


def _render_cells(every):
    region_cells = get_template("portal/_directory_cells_region.html")
    contact_cells = get_template("portal/_directory_cells_contact.html")
    profile_url = url_of_code("portal:profile")
    return {
        row.code: (
            region_cells.render({"row": row, "profile_url": profile_url(row.code)}),
            contact_cells.render({"row": row}),
        )
        for row in every
    }


def activeness_cells(every) -> dict[str, str]:
    """{region code: the HTML of the row's activeness cell} for `every` row of the directory,
    in the active language."""
    today = timezone.localdate()
    return cached(
        "directory-activeness-cells",
        lambda: _render_activeness_cells(every),
        topics=activeness.TOPICS,
        timeout=activeness.REFRESH_SECONDS,
        parts=[today, get_language()],
    )


def _render_activeness_cells(every):
    template = get_template("portal/_directory_cell_activeness.html")
    url = url_of_code("activeness:group")
    indexes = activeness.totals()
    return {
        row.code: template.render(
            {"index": indexes.get(row.group.pk) if row.group else None, "url": url(row.code)}
        )
        for row in every
    }


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
    if region.level == Region.Level.PROVINCE:
        context["regencies"] = regency_rows(region)
    if group is None:
        context.update(no_group_context(request.user, region))
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


# A region without a working group still answers: whom to ask, its indicators, how a group is
# formed and who may start one (docs/working-groups.md, "Profile").


def regency_rows(province) -> list[Row]:
    """The kabupaten/kota of `province` with their working group and legal status, as the
    directory shows them: two queries, whatever their number (cheaper than reading the nation's
    rows from the shared cache)."""
    regencies = Region.objects.filter(below(province.code), level=Region.Level.REGENCY)
    groups = with_legal_status(
        WorkingGroup.objects.filter(
            below(province.code, "region__code"), region__level=Region.Level.REGENCY
        )
    )
    by_region = {g.region_id: g for g in groups}
    return [
        Row(region, province, by_region.get(region.pk), legal_status(by_region.get(region.pk)))
        for region in regencies.order_by("code")
    ]


def contact_group(region) -> WorkingGroup | None:
    """Whom a region without a working group asks: the working group of its province (the
    provincial secretariat starts the kabupaten/kota's formation), else the national one. One
    query."""
    codes = [Region.NATIONAL_CODE]
    if region.level == Region.Level.REGENCY:
        codes.append(region.province_code)
    groups = {
        g.region.code: g
        for g in WorkingGroup.objects.filter(region__code__in=codes).select_related(
            "region", "contact_institution", "contact_person"
        )
    }
    return groups.get(region.province_code) or groups.get(Region.NATIONAL_CODE)


@dataclass
class KeyFigure:
    indicator: Indicator
    year: int
    label: str
    partial: bool
    draft: bool


def key_figures(user, region) -> list[KeyFigure]:
    """The latest figure of each key indicator of `region`, read and chosen as the dashboard
    (/pemantauan/<code>/) chooses its headline: the roll-up rule of monitoring/rollups.py, the
    latest complete year, else the latest year; drafts only for readers in scope. At most six
    queries, whatever the number of values and regions."""
    include_drafts = can_view_region(user, region)
    indicators = Indicator.objects.filter(is_key=True)
    indicators = list(indicators if include_drafts else indicators.filter(is_public=True))
    years = years_with_data(indicators, include_drafts)
    all_years = sorted({year for years_of in years.values() for year in years_of})
    figures = rollups(indicators, region, all_years, Period.YEAR, include_drafts)
    result = []
    for indicator in indicators:
        known = [
            (year, figures[(indicator.pk, year)])
            for year in years.get(indicator.pk, [])
            if figures[(indicator.pk, year)].value is not None
        ]
        complete = [(year, figure) for year, figure in known if not figure.partial] or known
        if complete:
            year, figure = complete[-1]
            label = format_value(indicator, figure.value)
            result.append(KeyFigure(indicator, year, label, figure.partial, figure.draft))
    return result


def no_group_context(user, region) -> dict:
    contact = contact_group(region)
    may_start = may_start_in(user, region)
    return {
        "contact": contact,
        "contact_is_province": contact is not None
        and contact.region.level == Region.Level.PROVINCE,
        "figures": key_figures(user, region),
        "may_start": may_start,
        # A signed-in user who may not start the group: if they work at the secretariat that
        # may (the contact's), secretariat access to it lets them.
        "may_request_access": (
            user.is_authenticated
            and not may_start
            and contact is not None
            and not scope_of(user).can_view(contact)
        ),
    }


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
