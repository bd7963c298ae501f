from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.facilities.models import Facility, Inspection
from sinergi.pokja.access import scope_of
from sinergi.regions.models import Region

FIRST_YEAR = 1950


class DecimalField(forms.DecimalField):
    """A number with a decimal point or comma, as GPS devices and Indonesian spreadsheets
    write them; never with thousands separators."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u2212", "-").replace(",", ".")
        elif isinstance(value, float):
            value = f"{value:.{self.decimal_places}f}"
        return super().to_python(value)


class FacilityForm(forms.ModelForm):
    """A facility, its village given by Kemendagri code; the one validation of the page, the
    import and the API. `region` is the working group's region the village must lie in; `user`
    must be able to write data of the village."""

    village = forms.CharField(
        label=gettext_lazy("Village code"),
        help_text=gettext_lazy("The Kemendagri code of the desa or kelurahan, e.g. 32.04.05.2001."),
        max_length=13,
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
        if self.instance.pk:
            self.initial["village"] = self.instance.village.code
        for name in ("latitude", "longitude", "capacity"):
            model_field = Facility._meta.get_field(name)
            self.fields[name] = DecimalField(
                label=model_field.verbose_name,
                required=False,
                max_digits=model_field.max_digits,
                decimal_places=model_field.decimal_places,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )

    def clean_village(self):
        code = self.cleaned_data["village"].strip()
        village = Region.objects.filter(code=code).first()
        if village is None:
            raise forms.ValidationError(
                _("There is no region with the code %(code)s.") % {"code": code}
            )
        if village.level != Region.Level.VILLAGE:
            raise forms.ValidationError(
                _(
                    "%(code)s (%(name)s) is not a village: give the code of a desa or "
                    "kelurahan, such as 32.04.05.2001."
                )
                % {"code": code, "name": village.name}
            )
        if not self.region.contains(village):
            raise forms.ValidationError(
                _("%(name)s (%(code)s) lies outside %(region)s.")
                % {"code": code, "name": village.name, "region": self.region.name}
            )
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


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["inspected_on", "status", "problem"]
        widgets = {
            "inspected_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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
        ],
    )
    q = forms.CharField(label=gettext_lazy("Name or village"), required=False, max_length=100)

    def filter(self, facilities):
        """`facilities` (annotated with_status) narrowed by the valid filters."""
        if not self.is_valid():
            return facilities
        data = self.cleaned_data
        if data["jenis"]:
            facilities = facilities.filter(kind=data["jenis"])
        if data["status"] == "belum":
            facilities = facilities.filter(status__isnull=True)
        elif data["status"]:
            facilities = facilities.filter(status=data["status"])
        if data["q"]:
            facilities = facilities.filter(
                Q(name__icontains=data["q"]) | Q(village__name__icontains=data["q"])
            )
        return facilities
