"""The compliance overview `/kepatuhan/` of the national and provincial secretariats."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.lib import spreadsheets
from sinergi.lib.downloads import attachment
from sinergi.portal.compliance import compliance_rows, compliance_scope, compliance_table


def compliance(request):
    scope = compliance_scope(request.user)
    if scope is None:
        raise PermissionDenied
    form, rows, summary = compliance_rows(request.GET, scope)
    query = request.GET.copy()
    if scope != "all" and len(scope) == 1:
        query["provinsi"] = next(iter(scope))  # the map zooms to the province
    context = {
        "form": form,
        "rows": rows,
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
