import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.decrees.models import Decree
from sinergi.pokja.forms import DateInput


class DecreeForm(forms.ModelForm):
    class Meta:
        model = Decree
        fields = [
            "number",
            "title",
            "signed_on",
            "signatory",
            "valid_from",
            "valid_until",
            "scan",
            "appointments",
            "replaces",
        ]
        widgets = {
            "signed_on": DateInput(),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "appointments": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "valid_from": _("Empty: 1 January of the year of signing."),
            "valid_until": _("Empty: 31 December of the year of signing."),
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.working_group = group
        self.fields["valid_from"].required = False
        self.fields["valid_until"].required = False
        self.fields["appointments"].queryset = (
            group.memberships.filter(ended_on__isnull=True)
            .select_related("person")
            .order_by("position", "person__full_name")
        )
        self.fields["appointments"].label_from_instance = lambda m: (
            f"{m.person.full_name} — {m.get_position_display()}"
        )
        self.fields["replaces"].queryset = group.decrees.exclude(pk=self.instance.pk)
        if not self.instance.pk:
            self.initial.setdefault("signatory", default_signatory(group))

    def clean(self):
        data = super().clean()
        signed_on = data.get("signed_on")
        if signed_on:
            data["valid_from"] = data.get("valid_from") or datetime.date(signed_on.year, 1, 1)
            data["valid_until"] = data.get("valid_until") or datetime.date(signed_on.year, 12, 31)
            self.instance.valid_from = data["valid_from"]
            self.instance.valid_until = data["valid_until"]
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("A decree cannot end before it starts."))
        return data


def default_signatory(group) -> str:
    from sinergi.regions.models import Region

    region = group.region
    if region.level == Region.Level.NATIONAL:
        return "Menteri PPN/Kepala Bappenas"
    if region.level == Region.Level.PROVINCE:
        return f"Gubernur {region.name}"
    if region.kind == Region.Kind.CITY:
        return f"Wali Kota {region.name.removeprefix('Kota ')}"
    return f"Bupati {region.name.removeprefix('Kabupaten ')}"
