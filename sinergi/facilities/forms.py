from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.facilities.models import Facility, Inspection
from sinergi.lib.fields import ModelForm, formfield_for
from sinergi.pokja.access import scope_of
from sinergi.regions.fields import RegionField
from sinergi.regions.models import CODE_PATTERN, Region, at_or_below

FIRST_YEAR = 1950


class FacilityForm(ModelForm):
    """A facility, its village given by name or Kemendagri code; the one validation of the
    page, the import and the API. `region` is the working group's region the village must lie
    in; `user` must be able to write data of the village."""

    village = RegionField(
        label=gettext_lazy("Village"),
        help_text=gettext_lazy(
            "The name of the desa or kelurahan, or its Kemendagri code, e.g. Cinunuk or "
            "32.04.05.2001."
        ),
    )

    class Meta:
        model = Facility
        fields = [
            "kind",
            "name",
            "village",
            "latitude",
            "longitude",
            "year_built",
            "programme",
            "capacity",
            "capacity_unit",
            "people_served",
            "households_served",
            "manager_kind",
            "manager_name",
        ]

    def __init__(self, *args, region, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.region, self.user = region, user
        self.fields["programme"].queryset = self.fields["programme"].queryset.order_by("name")
        self.fields["village"].limit_to(region, level=Region.Level.VILLAGE)
        if self.instance.pk:
            self.initial["village"] = Region.objects.select_related("parent__parent").get(
                pk=self.instance.village_id
            )
        for name in ("latitude", "longitude"):
            # Coordinates have no thousands: a point or a comma before the decimals, as GPS
            # devices write them (-6.9345).
            self.fields[name] = formfield_for(Facility._meta.get_field(name), grouping=False)

    def clean_village(self):
        village = self.cleaned_data["village"]
        if not scope_of(self.user).can_edit_region(village):
            raise forms.ValidationError(
                _("You may not record facilities in %(name)s.") % {"name": village.name}
            )
        return village

    def clean_year_built(self):
        year = self.cleaned_data["year_built"]
        if year is not None and not FIRST_YEAR <= year <= timezone.localdate().year:
            raise forms.ValidationError(
                _("A year between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": timezone.localdate().year}
            )
        return year


class InspectionForm(ModelForm):
    class Meta:
        model = Inspection
        fields = ["inspected_on", "status", "problem"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_inspected_on(self):
        day = self.cleaned_data["inspected_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("An inspection cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("status") == Inspection.Status.NOT_WORKING and not data.get("problem"):
            self.add_error("problem", _("Say what was found not working."))
        return data


class FacilityFilterForm(forms.Form):
    jenis = forms.ChoiceField(
        label=gettext_lazy("Type"),
        required=False,
        choices=[("", gettext_lazy("All types")), *Facility.Kind.choices],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            *Inspection.Status.choices,
            ("belum", gettext_lazy("Not inspected")),
            ("perhatian", gettext_lazy("Needing attention")),
        ],
    )
    wilayah = forms.RegexField(
        label=gettext_lazy("Region code"),
        required=False,
        regex=rf"^(?:{CODE_PATTERN})$",
        max_length=13,
        help_text=gettext_lazy("Kemendagri code of a region below, e.g. 32.04.05."),
        error_messages={"invalid": gettext_lazy("Write a region code such as 32 or 32.04.")},
    )
    q = forms.CharField(label=gettext_lazy("Name or village"), required=False, max_length=100)

    def filter(self, facilities, today=None):
        """`facilities` narrowed by the valid filters; "needing attention" as of `today`."""
        if not self.is_valid():
            return facilities
        data = self.cleaned_data
        if data["jenis"]:
            facilities = facilities.filter(kind=data["jenis"])
        if data["status"] == "belum":
            facilities = facilities.filter(status__isnull=True)
        elif data["status"] == "perhatian":
            facilities = facilities.needing_attention(today or timezone.localdate())
        elif data["status"]:
            facilities = facilities.filter(status=data["status"])
        if data["wilayah"]:
            facilities = facilities.filter(at_or_below(data["wilayah"], "village__code"))
        if data["q"]:
            facilities = facilities.filter(
                Q(name__icontains=data["q"]) | Q(village__name__icontains=data["q"])
            )
        return facilities
