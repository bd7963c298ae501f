import datetime

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sinergi.decrees.models import Decree, expiring_window, normalise_number
from sinergi.lib.concurrency import GuardedForm
from sinergi.lib.fields import ModelForm


class DecreeForm(GuardedForm, ModelForm):
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
            "replaces",
        ]
        help_texts = {
            "valid_from": _("Empty: the date signed."),
            "valid_until": _("Empty: 31 December of the year it starts."),
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.working_group = group
        self.fields["valid_from"].required = False
        self.fields["valid_until"].required = False
        self.fields["replaces"].queryset = group.decrees.exclude(pk=self.instance.pk)
        if not self.instance.pk:
            self.initial.setdefault("signatory", default_signatory(group))
        # Decided on the decree as stored, before this form changes it.
        self.appointments_fixed = self.instance.pk is not None and self.instance.appointments_fixed
        if self.appointments_fixed:
            # The scan is what fixed the list: it can be replaced by a better copy, not removed.
            self.fields["scan"].widget = forms.FileInput()
        else:
            self.fields["appointments"] = self._appointments_field(group)
            self.order_fields([*self._meta.fields[:-1], "appointments"])

    def _appointments_field(self, group):
        appointed = []
        if self.instance.pk:
            appointed = list(
                self.instance.appointments.filter(membership__isnull=False).values_list(
                    "membership_id", flat=True
                )
            )
            self.initial.setdefault("appointments", appointed)
        # Current members, and whoever the decree already appoints, so that editing it does
        # not drop someone who has left since.
        field = forms.ModelMultipleChoiceField(
            label=_("Memberships appointed"),
            queryset=group.memberships.filter(Q(ended_on__isnull=True) | Q(pk__in=appointed))
            .select_related("person__institution", "institution")
            .order_by("position", "person__full_name"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "Who the decree appoints, recorded with their position as it is now. Once "
                "the signed scan is attached, the list is fixed."
            ),
        )
        field.label_from_instance = lambda m: f"{m.person.full_name} — {m.get_position_display()}"
        return field

    def clean_number(self):
        number = normalise_number(self.cleaned_data["number"])
        if self.instance.with_number(number) is not None:
            raise forms.ValidationError(duplicate_number_message(number), code="unique")
        return number

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
        if "appointments" in self.fields and not data.get("appointments"):
            found.append(_("The decree appoints nobody: tick the members it appoints."))
        return found

    def _save_m2m(self):
        super()._save_m2m()
        if "appointments" in self.fields:
            self.instance.set_appointments(self.cleaned_data["appointments"])

    def refuse_duplicate(self) -> bool:
        """After an IntegrityError on saving: when another request recorded the same number
        meanwhile, say so on the form and answer True; False for any other cause."""
        number = self.cleaned_data["number"]
        if self.instance.with_number(number) is None:
            return False
        if isinstance(self.cleaned_data.get("scan"), UploadedFile) and self.instance.scan:
            # Stored before the insert failed, and referred to by no decree.
            self.instance.scan.delete(save=False)
        self.add_error("number", duplicate_number_message(number))
        return True


def duplicate_number_message(number) -> str:
    message = _("A decree with the number %(number)s is already recorded for this working group.")
    return message % {"number": number}


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
