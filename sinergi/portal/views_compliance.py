"""The compliance overview `/kepatuhan/` of the national and provincial secretariats."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sinergi.lib import spreadsheets
from sinergi.lib.cache import cached
from sinergi.lib.downloads import attachment
from sinergi.portal.compliance import (
    TOPICS,
    ComplianceRow,
    compliance_rows,
    compliance_scope,
    compliance_table,
    facts,
)
from sinergi.portal.directory import all_rows
from sinergi.portal.views import url_of_code


def compliance(request):
    scope = compliance_scope(request.user)
    if scope is None:
        raise PermissionDenied
    every = all_rows()
    form, rows, summary = compliance_rows(request.GET, scope, every)
    query = request.GET.copy()
    if scope != "all" and len(scope) == 1:
        query["provinsi"] = next(iter(scope))  # the map zooms to the province
    cells = compliance_cells(every)
    context = {
        "form": form,
        "rows": rows,
        "table": [cells[item.row.code] for item in rows],
        "summary": summary,
        "scope": scope,
        "map_query": query.urlencode(),
    }
    return render(request, "portal/compliance.html", context)


def compliance_export(request):
    scope = compliance_scope(request.user)
    if scope is None:
        raise PermissionDenied
    _form, rows, _summary = compliance_rows(request.GET, scope)
    header, table = compliance_table(rows)
    response = HttpResponse(
        spreadsheets.workbook_bytes(_("Compliance"), header, table),
        content_type=spreadsheets.XLSX_CONTENT_TYPE,
    )
    return attachment(response, f"kepatuhan-{timezone.localdate():%Y-%m-%d}.xlsx")


def compliance_cells(every) -> dict[str, str]:
    """{region code: the HTML of its row} for `every` row of the directory in the active
    language, rendered once and kept in the shared cache with the facts."""
    today = timezone.localdate()
    return cached(
        "compliance-cells",
        lambda: _render_cells(every),
        topics=TOPICS,
        parts=[today, get_language()],
    )


def _render_cells(every):
    template = get_template("portal/_compliance_row.html")
    profile_url = url_of_code("portal:profile")
    found = facts(every)
    return {
        row.code: template.render(
            {"item": ComplianceRow(row, *found[row.code]), "profile_url": profile_url(row.code)}
        )
        for row in every
    }
