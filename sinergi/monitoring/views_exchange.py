"""The workspace page that imports DHIS2 dataValueSets JSON and SDMX-CSV files of values
(sinergi.monitoring.exchange): a dry run reports what the file would do and which codes are
unknown; the import writes every value or none, as the XLSX upload does."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.lib.imports import MAX_PROBLEMS_SHOWN
from sinergi.monitoring import exchange
from sinergi.pokja.access import get_rw_region_data_group


class ExchangeImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("DHIS2 data value set (.json) or SDMX-CSV file (.csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.csv"}),
    )
    mapping = forms.FileField(
        label=gettext_lazy("Mapping of codes (.json or .csv, optional)"),
        required=False,
        help_text=gettext_lazy(
            "For codes of another system: their data element or orgUnit code and the Sinergi "
            "indicator or region code. See docs/exchange.md."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.csv"}),
    )

    def _read(self, name) -> bytes:
        upload = self.cleaned_data[name]
        if upload.size > exchange.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": "10 MB"}
            )
        return upload.read()

    def clean_mapping(self):
        if not self.cleaned_data.get("mapping"):
            return None
        try:
            return exchange.parse_mapping(self._read("mapping"))
        except exchange.ExchangeError as error:
            raise forms.ValidationError(error.message) from None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        upload = cleaned["file"]
        try:
            data = self._read("file")
            self.fmt = exchange.detect_format(upload.name, data)
            self.parsed = exchange.read(self.fmt, data, cleaned.get("mapping"))
        except exchange.ExchangeError as error:
            self.add_error("file", error.message)
        except forms.ValidationError as error:
            self.add_error("file", error)
        return cleaned


def import_exchange(request, code):
    group = get_rw_region_data_group(request, code)
    done = reverse("monitoring:data_entry", kwargs={"code": group.code})
    form, result = ExchangeImportForm(), None
    if request.method == "POST":
        form = ExchangeImportForm(request.POST, request.FILES)
        if form.is_valid():
            dry_run = request.POST.get("action") != "import"
            result = exchange.run(form.parsed, request.user, group.region, dry_run)
            if result.ok and not dry_run:
                messages.success(request, str(result.summary))
                return redirect(done)
    unmapped = []
    if result is not None:
        for kind, label in (("indicator", _("indicator")), ("region", _("region"))):
            unmapped += [(label, c, n) for c, n in sorted(result.unmapped[kind].items())]
    context = {
        "group": group,
        "form": form,
        "result": result,
        "unmapped": unmapped,
        "problems": result.problems[:MAX_PROBLEMS_SHOWN] if result else [],
        "problem_count": len(result.problems) if result else 0,
        "cancel_url": done,
    }
    return render(request, "monitoring/exchange_import.html", context)
