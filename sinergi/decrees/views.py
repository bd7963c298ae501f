from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.decrees.compliance import compliance_rows, compliance_scope, compliance_table
from sinergi.decrees.forms import DecreeForm
from sinergi.decrees.models import Decree, legal_status_of
from sinergi.lib import spreadsheets
from sinergi.lib.downloads import serve_file
from sinergi.pokja.access import get_group_for_user, get_rw_group_for_user


def decrees(request, code):
    group, can_edit = get_group_for_user(request, code)
    today = timezone.localdate()
    items = [(d, d.status_on(today)) for d in group.decrees.order_by("-valid_from")]
    context = {
        "group": group,
        "can_edit": can_edit,
        "items": items,
        "status": legal_status_of(group, today),
    }
    return render(request, "decrees/list.html", context)


def _decree(group, pk):
    return get_object_or_404(Decree, pk=pk, working_group=group)


def add_decree(request, code):
    group = get_rw_group_for_user(request, code)
    form = DecreeForm(request.POST or None, request.FILES or None, group=group)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            decree = form.save()
        messages.success(request, _("Decree %(number)s has been recorded.") % {"number": decree})
        return redirect(decree)
    return render(request, "decrees/form.html", {"group": group, "form": form})


def edit_decree(request, code, pk):
    group = get_rw_group_for_user(request, code)
    decree = _decree(group, pk)
    form = DecreeForm(request.POST or None, request.FILES or None, instance=decree, group=group)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Decree %(number)s has been saved.") % {"number": decree})
        return redirect(decree)
    return render(request, "decrees/form.html", {"group": group, "form": form, "decree": decree})


def detail(request, code, pk):
    group, can_edit = get_group_for_user(request, code)
    decree = _decree(group, pk)
    context = {
        "group": group,
        "can_edit": can_edit,
        "decree": decree,
        "status": decree.status_on(timezone.localdate()),
        "appointments": decree.appointments.select_related("person", "institution"),
    }
    return render(request, "decrees/detail.html", context)


def scan(request, code, pk):
    group, _can_edit = get_group_for_user(request, code)
    decree = _decree(group, pk)
    return serve_file(decree.scan)


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
    return render(request, "decrees/compliance.html", context)


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
    filename = f"kepatuhan-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
