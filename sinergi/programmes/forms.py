"""Forms of the programme register: the programme with its locations, its targets, and the
intake decision of a working group."""

import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sinergi.lib.fields import ModelForm
from sinergi.pokja.models import WorkingGroup
from sinergi.programmes.models import Intake, Programme, ProgrammeTarget
from sinergi.regions.fields import RegionsField
from sinergi.regions.models import Region

MAX_LOCATIONS = 500


def split_codes(text) -> list[str]:
    """Region codes written one a line, or separated by commas, semicolons or spaces."""
    return list(dict.fromkeys(code for code in re.split(r"[\s,;]+", str(text or "")) if code))


def resolve_locations(codes, group, known=None) -> tuple[list[Region], list[str]]:
    """The regions of `codes` and the problems, each a message for the user: a code that
    does not exist, or a region outside `group`'s. `known` (code → Region) spares the query
    when the caller loaded the regions of many rows at once."""
    if known is None:
        known = Region.objects.in_bulk(codes, field_name="code")
    regions, problems = [], []
    for code in codes:
        region = known.get(code)
        if region is None:
            problems.append(
                gettext(
                    "The region code “%(code)s” does not exist. Write codes such as 32.04.05.2004."
                )
                % {"code": code}
            )
        elif not group.region.contains(region):
            problems.append(
                gettext("%(name)s (%(code)s) lies outside %(region)s.")
                % {"name": region.name, "code": code, "region": group.region.name}
            )
        else:
            regions.append(region)
    return regions, problems


class ProgrammeForm(ModelForm):
    location_codes = RegionsField(
        label=_("Locations"),
        max_count=MAX_LOCATIONS,
        help_text=_(
            "The villages, kecamatan or kabupaten where it works, one a line, by name or "
            "Kemendagri code, e.g. Desa Cinunuk or 32.04.05.2004. A kecamatan covers all its "
            "villages."
        ),
        error_messages={
            "unknown_code": _(
                "The region code “%(code)s” does not exist. Write codes such as 32.04.05.2004."
            ),
            "too_many": _("At most %(count)d locations."),
        },
    )
    reports_to_codes = forms.CharField(
        label=_("Also reports to"),
        required=False,
        help_text=_(
            "Region codes of other working groups it reports to, e.g. 32 for the province. It "
            "always reports to this working group."
        ),
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "kind",
            "sector",
            "funder",
            "implementer",
            "starts_on",
            "ends_on",
            "budget",
            "status",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.instance.registered_by = group
        self.fields["location_codes"].limit_to(group.region)
        if self.instance.pk:
            locations = self.instance.locations.select_related("parent__parent").order_by("code")
            others = self.instance.working_groups.exclude(pk=group.pk).select_related("region")
            self.initial["location_codes"] = list(locations)
            self.initial["reports_to_codes"] = ", ".join(g.code for g in others)

    def clean_location_codes(self):
        regions = self.cleaned_data["location_codes"]
        if not regions:
            raise forms.ValidationError(gettext("Give at least one location."))
        return regions

    def clean_reports_to_codes(self):
        codes = split_codes(self.cleaned_data["reports_to_codes"])
        groups = {
            group.code: group
            for group in WorkingGroup.objects.filter(region__code__in=codes).select_related(
                "region"
            )
        }
        unknown = [code for code in codes if code not in groups]
        if unknown:
            raise forms.ValidationError(
                gettext("No working group exists for: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [groups[code] for code in codes]

    def clean(self):
        data = super().clean()
        name, starts_on = data.get("name"), data.get("starts_on")
        duplicate = Programme.objects.filter(
            registered_by=self.group, name=name, starts_on=starts_on
        ).exclude(pk=self.instance.pk)
        if name and starts_on and duplicate.exists():
            self.add_error(
                "name",
                gettext(
                    "This working group already registered a programme of this name and start."
                ),
            )
        return data

    def save(self, commit=True):
        programme = super().save()
        programme.locations.set(self.cleaned_data["location_codes"])
        programme.working_groups.set([self.group, *self.cleaned_data["reports_to_codes"]])
        return programme


TargetFormSet = forms.inlineformset_factory(
    Programme,
    ProgrammeTarget,
    form=ModelForm,
    fields=["description", "quantity", "unit"],
    extra=2,
    can_delete=True,
)


class IntakeForm(ModelForm):
    class Meta:
        model = Intake
        fields = ["presented_on", "decision", "conditions", "meeting_reference"]
        widgets = {"conditions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, programme, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.instance.working_group = group

    def clean(self):
        data = super().clean()
        day = data.get("presented_on")
        taken = Intake.objects.filter(
            programme=self.instance.programme,
            working_group=self.instance.working_group,
            presented_on=day,
        )
        if day and taken.exists():
            self.add_error(
                "presented_on",
                gettext("An intake of this programme by this working group on this day exists."),
            )
        return data
