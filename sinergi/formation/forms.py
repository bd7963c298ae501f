from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.decrees.forms import DecreeForm, default_signatory
from sinergi.formation.access import startable_regions
from sinergi.formation.actions import default_group_name
from sinergi.formation.models import Evidence, Formation, FormationStep, Stakeholder
from sinergi.lib.fields import DateField, ModelForm, formfield_for
from sinergi.lib.plausible import validators_of
from sinergi.pokja.forms import institutions_for
from sinergi.pokja.models import Institution, WorkingGroup
from sinergi.regions.models import Region


class RegionChoiceForm(forms.Form):
    """The first step of starting a working group: which region (submitted with GET)."""

    wilayah = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), to_field_name="code"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].queryset = startable_regions(user)
        self.fields["wilayah"].label_from_instance = lambda r: f"{r.name} ({r.code})"


def _refuse_existing_group(form):
    group = form.existing_group
    if group is not None:
        raise forms.ValidationError(
            _("%(region)s already has a working group: %(name)s."),
            code="exists",
            params={"region": form.region.name, "name": group.name},
        )


class StartFormationForm(forms.Form):
    lead_institution = forms.ModelChoiceField(
        label=_("Lead institution"),
        queryset=Institution.objects.none(),
        required=False,
        help_text=_("Usually the Bappeda of the region."),
    )
    new_institution = forms.CharField(
        label=_("Or a new institution of the region: name"), max_length=200, required=False
    )
    new_institution_category = forms.ChoiceField(
        label=_("Category of the new institution"),
        choices=Institution.Category.choices,
        initial=Institution.Category.BAPPEDA,
    )
    name = forms.CharField(label=_("Name of the working group"), max_length=200)
    started_on = DateField(
        label=_("Formation started on"),
        validators=validators_of(Formation, "started_on"),
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.existing_group = WorkingGroup.objects.filter(region=region).first()
        self.initial.setdefault("name", default_group_name(region))
        self.initial.setdefault("started_on", timezone.localdate())
        institutions = Institution.objects.filter(region=region).order_by("name")
        self.fields["lead_institution"].queryset = institutions
        categories = set(institutions.values_list("category", flat=True))
        if not categories:
            del self.fields["lead_institution"]
            self.fields["new_institution"].label = _("Lead institution, new in the region: name")
            self.fields["new_institution_category"].label = _("Its category")
            self.initial.setdefault(
                "new_institution", f"Badan Perencanaan Pembangunan Daerah {region.name}"
            )
        elif Institution.Category.BAPPEDA in categories:
            bappeda = institutions.filter(category=Institution.Category.BAPPEDA).first()
            self.initial.setdefault("lead_institution", bappeda.pk)

    def clean(self):
        data = super().clean()
        _refuse_existing_group(self)
        new_name = " ".join(data.get("new_institution", "").split())
        if bool(data.get("lead_institution")) == bool(new_name):
            raise forms.ValidationError(
                _("Choose an existing institution or give the name of a new one, not both.")
            )
        data["new_institution"] = new_name
        return data

    def lead(self):
        """The chosen institution, or the name of the new one for do_start_formation."""
        return self.cleaned_data.get("lead_institution") or self.cleaned_data["new_institution"]


class StepForm(ModelForm):
    """A step's status, dates and notes, with the fields of the formation that it fills."""

    class Meta:
        model = FormationStep
        fields = ["status", "started_on", "done_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "started_on": _("Empty: today, once the step is under way."),
            "done_on": _("Empty: today, once the step is done."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        step = self.instance
        self.formation_fields = FormationStep.FORMATION_FIELDS[step.number]
        # Shorter text boxes; a date keeps its own input.
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in self.formation_fields
            if Formation._meta.get_field(name).get_internal_type() == "TextField"
        }
        extra = forms.fields_for_model(
            Formation, self.formation_fields, widgets=widgets, formfield_callback=formfield_for
        )
        for name in self.formation_fields:
            self.fields[name] = extra[name]
            # A form field made from a model field leaves its validators behind.
            self.fields[name].validators += validators_of(Formation, name)
            self.initial.setdefault(name, getattr(step.formation, name))

    def clean(self):
        data = super().clean()
        status = data.get("status")
        today = timezone.localdate()
        Status = FormationStep.Status
        if status == Status.NOT_STARTED:
            data["started_on"] = data["done_on"] = None
        elif status == Status.IN_PROGRESS:
            data["done_on"] = None
            if "started_on" in data and data["started_on"] is None:
                data["started_on"] = today
        elif status == Status.DONE:
            if "done_on" in data and data["done_on"] is None:
                data["done_on"] = today
            if "started_on" in data and data["started_on"] is None:
                data["started_on"] = data.get("done_on") or today
            self._check_done(data, today)
        start, end = data.get("started_on"), data.get("done_on")
        if start and end and end < start:
            self.add_error("done_on", _("A step cannot be done before it starts."))
        return data

    def _check_done(self, data, today):
        if data.get("done_on") and data["done_on"] > today:
            self.add_error("done_on", _("A step cannot be done in the future."))
        number = self.instance.number
        if number == FormationStep.Number.ACTORS:
            if not self.instance.formation.stakeholders.exists():
                raise forms.ValidationError(
                    _("Put at least one actor on the stakeholder map before this step is done.")
                )
        elif self.formation_fields:
            first = self.formation_fields[0]
            if not data.get(first):
                self.add_error(first, _("Needed before this step is done."))


class StakeholderForm(ModelForm):
    class Meta:
        model = Stakeholder
        fields = ["institution", "name", "interest", "influence", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        labels = {"name": _("Or another actor: name")}

    def __init__(self, *args, formation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.formation = formation
        self.fields["institution"].queryset = institutions_for(formation.working_group)
        self.fields["institution"].label_from_instance = lambda i: (
            f"{i.name} ({i.region.name})"
            if i.region_id != formation.working_group.region_id
            else i.name
        )

    def clean(self):
        data = super().clean()
        institution = data.get("institution")
        name = " ".join(data.get("name", "").split())
        if bool(institution) == bool(name):
            raise forms.ValidationError(
                _("Choose an institution or give the name of another actor, not both.")
            )
        data["name"] = name
        mapped = Stakeholder.objects.filter(formation=self.instance.formation)
        if (institution and mapped.filter(institution=institution).exists()) or (
            name and mapped.filter(name__iexact=name).exists()
        ):
            raise forms.ValidationError(_("This actor is already on the map."))
        return data


class EvidenceForm(ModelForm):
    class Meta:
        model = Evidence
        fields = ["title", "file"]
        help_texts = {"title": _("Empty: the name of the file.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("title") and data.get("file"):
            data["title"] = data["file"].name[:200]
        return data


class ForumForm(forms.Form):
    """An existing water and sanitation forum that becomes the region's working group."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=WorkingGroup.Kind.choices, initial=WorkingGroup.Kind.SANITATION
    )
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("For example: Pokja PPAS Kabupaten Garut.")
    )
    formed_on = DateField(
        label=_("Formed on"),
        required=False,
        validators=validators_of(WorkingGroup, "formed_on"),
    )
    secretariat_address = forms.CharField(
        label=_("Secretariat address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_institution = forms.CharField(
        label=_("Contact institution"),
        max_length=200,
        required=False,
        help_text=_("Usually the Bappeda; added to the region's institutions when new."),
    )
    contact_institution_category = forms.ChoiceField(
        label=_("Category of the contact institution, when new"),
        choices=Institution.Category.choices,
        initial=Institution.Category.BAPPEDA,
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.existing_group = WorkingGroup.objects.filter(region=region).first()

    def clean(self):
        data = super().clean()
        _refuse_existing_group(self)
        return data


class LegalBasisForm(DecreeForm):
    """The forum's decree, optional: an untouched form means none. Validated by DecreeForm
    (validity defaults to the calendar year of signing) before the working group exists."""

    class Meta(DecreeForm.Meta):
        fields = ["number", "signed_on", "signatory", "valid_from", "valid_until"]

    def __init__(self, *args, region, **kwargs):
        # DecreeForm.__init__ needs an existing group for appointments and replaced decrees,
        # which a decree of a new group cannot have; its validation applies unchanged.
        super(DecreeForm, self).__init__(
            *args, empty_permitted=True, use_required_attribute=False, **kwargs
        )
        self.fields["valid_from"].required = False
        self.fields["valid_until"].required = False
        self.initial.setdefault("signatory", default_signatory(WorkingGroup(region=region)))

    def decree(self):
        """The unsaved decree, or None when the form was left as it came."""
        return self.save(commit=False) if self.has_changed() else None
