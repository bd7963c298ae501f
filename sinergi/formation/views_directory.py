"""The directory import of the national secretariat (formation/directory_io.py): the template,
then upload → every row checked → a preview of what would be created, updated and left alone →
confirmation, applied in one transaction.

Between the preview and the confirmation the checked rows travel in the page, signed and bound
to the user, valid for an hour (as the IATI import does): nothing is stored on the server. The
confirmation checks them again against the database as it is then.
"""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sinergi.formation import directory_io
from sinergi.lib.downloads import attachment
from sinergi.lib.imports import MAX_PROBLEMS_SHOWN, ImportForm, run_import
from sinergi.lib.spreadsheets import XLSX_CONTENT_TYPE
from sinergi.pokja.access import can_onboard_network

SALT = "sinergi.formation.directory"
TOKEN_MAX_AGE = 60 * 60


def _check_access(request):
    if not can_onboard_network(request.user):
        raise PermissionDenied


@require_safe
def directory_template(request):
    _check_access(request)
    day = timezone.localdate()
    if request.GET.get("format") == "csv":
        response = HttpResponse(directory_io.template_csv(), content_type="text/csv")
        return attachment(response, f"direktori-pokja-{day:%Y-%m-%d}.csv")
    response = HttpResponse(directory_io.template_bytes(), content_type=XLSX_CONTENT_TYPE)
    return attachment(response, f"direktori-pokja-{day:%Y-%m-%d}.xlsx")


def _token(user, rows) -> str:
    return signing.dumps({"user": user.pk, "rows": rows}, salt=SALT, compress=True)


def _read_token(token, user):
    """The rows signed by `_token` for `user`; None when missing, damaged, expired or made for
    someone else."""
    try:
        data = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("user") != user.pk:
        return None
    rows = data.get("rows")
    return rows if isinstance(rows, list) else None


def directory_import(request):
    _check_access(request)
    url = reverse("formation:directory_import")
    context = {"cancel_url": reverse("portal:directory")}
    if request.method == "POST" and "token" in request.POST:
        rows = _read_token(request.POST["token"], request.user)
        if rows is None:
            messages.error(request, _("The preview has expired. Upload the file again."))
            return redirect(url)
        summary, problems = run_import(directory_io.DirectoryImporter(), rows)
        if summary is None:
            for problem in problems[:MAX_PROBLEMS_SHOWN]:
                messages.error(request, problem.message)
            return redirect(url)
        messages.success(request, str(summary))
        return redirect("pokja:invite_secretariats")
    form, problems = ImportForm(directory_io.DirectoryImporter()), []
    if request.method == "POST":
        form = ImportForm(directory_io.DirectoryImporter(), request.POST, request.FILES)
        if form.is_valid():
            preview, problems = directory_io.preview(form.rows)
            if preview is not None:
                rows = directory_io.rows_to_json(form.rows)
                context |= {
                    "preview": preview,
                    "token": _token(request.user, rows) if preview.has_changes else "",
                    "filename": form.cleaned_data["file"].name,
                }
                return render(request, "formation/directory_preview.html", context)
    context |= {
        "form": form,
        "problems": problems[:MAX_PROBLEMS_SHOWN],
        "problem_count": len(problems),
    }
    return render(request, "formation/directory_import.html", context)
