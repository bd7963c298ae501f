"""The IATI import page of a working group: upload a donor's IATI activity file, see what
would be added, updated and left out, then confirm (sinergi/programmes/iati.py).

Between the preview and the confirmation the checked activities travel in the page, signed
(and bound to the group and the user, valid for an hour), so nothing is stored on the server
and any application server can take the confirmation. The confirmation checks them again
against the register as it is then, and applies them in one transaction.
"""

from django import forms
from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.lib.imports import run_import
from sinergi.pokja.access import get_rw_group_for_user
from sinergi.programmes import iati

SALT = "sinergi.programmes.iati"
TOKEN_MAX_AGE = 60 * 60


class IatiUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("IATI activity file (.xml)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.widget.attrs["accept"] = ".xml,application/xml,text/xml"
        field.help_text = _("As the donor publishes it, at most %(size)s.") % {
            "size": f"{iati.max_bytes() / (1024 * 1024):g} MB"
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > iati.max_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.")
                % {"limit": f"{iati.max_bytes() / (1024 * 1024):g} MB"}
            )
        upload.seek(0)
        try:
            self.rows = iati.read_activities(upload.read())
        except iati.IatiError as error:
            raise forms.ValidationError(error.message) from None
        return upload


def _token(group, user, rows) -> str:
    return signing.dumps(
        {"group": group.code, "user": user.pk, "rows": rows}, salt=SALT, compress=True
    )


def _read_token(token, group, user):
    """The rows signed by `_token` for this group and user; None when missing, damaged,
    older than an hour, or made for someone else."""
    try:
        data = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or (data.get("group"), data.get("user")) != (
        group.code,
        user.pk,
    ):
        return None
    rows = data.get("rows")
    return rows if isinstance(rows, list) else None


def import_iati(request, code):
    group = get_rw_group_for_user(request, code)
    url = reverse("programmes:import_iati", args=[group.code])
    done = reverse("programmes:group", args=[group.code])
    context = {"group": group, "cancel_url": done}
    if request.method == "POST" and "token" in request.POST:
        rows = _read_token(request.POST["token"], group, request.user)
        if rows is None:
            messages.error(request, _("The preview has expired. Upload the file again."))
            return redirect(url)
        summary, problems = run_import(iati.IatiImporter(group), rows)
        if summary is None:
            for problem in problems:
                messages.error(request, problem.message)
            return redirect(url)
        messages.success(request, str(summary))
        return redirect(done)
    form = IatiUploadForm()
    if request.method == "POST":
        form = IatiUploadForm(request.POST, request.FILES)
        if form.is_valid():
            preview = iati.preview(group, form.rows)
            # Only the activities that may become programmes travel to the confirmation.
            wanted = {step.record.row for step in preview.steps}
            rows = [row for row in form.rows if row["number"] in wanted]
            context |= {
                "preview": preview,
                "token": _token(group, request.user, rows) if preview.has_changes else "",
                "filename": form.cleaned_data["file"].name,
            }
            return render(request, "programmes/iati_preview.html", context)
    context["form"] = form
    return render(request, "programmes/iati_import.html", context)
