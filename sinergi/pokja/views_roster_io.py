from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from sinergi.lib.downloads import attachment
from sinergi.lib.imports import import_view
from sinergi.lib.spreadsheets import XLSX_CONTENT_TYPE
from sinergi.pokja import roster_io
from sinergi.pokja.access import get_group_for_user, get_rw_group_for_user


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    return attachment(HttpResponse(content, content_type=XLSX_CONTENT_TYPE), filename)


@require_safe
def template(request, code):
    group = get_rw_group_for_user(request, code)
    return _xlsx_response(roster_io.template_bytes(), f"templat-anggota-pokja-{group.code}.xlsx")


def import_roster(request, code):
    group = get_rw_group_for_user(request, code)
    importer = roster_io.RosterImporter(group, request.user)
    done = reverse("pokja:roster", kwargs={"code": group.code})
    return import_view(request, importer, "pokja/roster_import.html", {"group": group}, done)


@require_safe
def export(request, code):
    group = get_group_for_user(request, code)[0]
    history = request.GET.get("riwayat") == "1"
    content = roster_io.export_bytes(group, request.user, history=history)
    return _xlsx_response(content, roster_io.export_filename(group, history=history))
