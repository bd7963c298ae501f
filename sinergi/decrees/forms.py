import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sinergi.decrees.models import Decree, expiring_window
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
            "valid_from": _("Empty: the date signed."),
            "valid_until": _("Empty: 31 December of the year it starts."),
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
        # A decree is in force from its signing unless it says otherwise: never from a
        # 1 January months before it existed.
        if signed_on and "valid_from" not in self.errors:
            data["valid_from"] = data.get("valid_from") or signed_on
            self.instance.valid_from = data["valid_from"]
        start = data.get("valid_from")
        if start and "valid_until" not in self.errors:
            data["valid_until"] = data.get("valid_until") or datetime.date(start.year, 12, 31)
            self.instance.valid_until = data["valid_until"]
        end = data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("A decree cannot end before it starts."))
        return data

    def warnings(self) -> list[str]:
        """What is allowed but probably a mistake, said after saving (a valid form only)."""
        data, found = self.cleaned_data, []
        start, end, signed_on = data["valid_from"], data["valid_until"], data["signed_on"]
        formed_on = self.instance.working_group.formed_on
        if formed_on and start < formed_on:
            found.append(
                _(
                    "The validity starts on %(start)s, before the working group was formed "
                    "(%(formed)s)."
                )
                % {"start": date_format(start), "formed": date_format(formed_on)}
            )
        if start < signed_on:
            found.append(
                _("The validity starts on %(start)s, before the decree was signed (%(signed)s).")
                % {"start": date_format(start), "signed": date_format(signed_on)}
            )
        today = timezone.localdate()
        if today <= end < today + expiring_window():
            found.append(
                _("The decree ends on %(end)s, within %(days)s days: prepare the next one now.")
                % {"end": date_format(end), "days": expiring_window().days}
            )
        if not data.get("appointments"):
            found.append(_("The decree appoints nobody: tick the members it appoints."))
        return found


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
