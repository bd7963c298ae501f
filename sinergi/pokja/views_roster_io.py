from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from sinergi.lib.spreadsheets import XLSX_CONTENT_TYPE
from sinergi.pokja import roster_io
from sinergi.pokja.access import get_group_for_user, get_rw_group_for_user


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def template(request, code):
    group = get_rw_group_for_user(request, code)
    return _xlsx_response(roster_io.template_bytes(), f"templat-anggota-pokja-{group.code}.xlsx")


def import_roster(request, code):
    group = get_rw_group_for_user(request, code)
    form, problems = roster_io.RosterUploadForm(), []
    if request.method == "POST":
        form = roster_io.RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            summary, problems = roster_io.do_import_roster(group, form.rows, request.user)
            if summary is not None:
                messages.success(request, str(summary))
                return redirect("pokja:roster", code=group.code)
    context = {"group": group, "form": form, "problems": problems}
    return render(request, "pokja/roster_import.html", context)


@require_safe
def export(request, code):
    group = get_group_for_user(request, code)[0]
    history = request.GET.get("riwayat") == "1"
    content = roster_io.export_bytes(group, request.user, history=history)
    return _xlsx_response(content, roster_io.export_filename(group, history=history))
