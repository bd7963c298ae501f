from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sinergi.lib.concurrency import GuardedForm
from sinergi.lib.fields import DateField, ModelForm
from sinergi.lib.plausible import validators_of
from sinergi.pokja.access import is_last_secretariat
from sinergi.pokja.models import (
    GroupName,
    Handover,
    Institution,
    Membership,
    Person,
    Role,
    WorkingGroup,
    overlap_message,
)
from sinergi.regions.models import Region, at_or_below


class WorkingGroupForm(GuardedForm, ModelForm):
    name_since = DateField(
        label=_("New name or kind in use since"),
        required=False,
        validators=validators_of(GroupName, "since"),
        help_text=_("Only needed when the name or kind changes; today when left empty."),
    )
    name_note = forms.CharField(
        label=_("Note on the change of name"),
        max_length=300,
        required=False,
        help_text=_("For example: merged with Pokja Sanitasi."),
    )

    class Meta:
        model = WorkingGroup
        fields = [
            "name",
            "kind",
            "formed_on",
            "secretariat_address",
            "contact_institution",
            "contact_person",
            "email",
            "phone",
            "strategic_plan_file",
        ]
        widgets = {
            "secretariat_address": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group = self.instance
        # Only the group's own institutions and people: a group never reaches into another's.
        self.fields["contact_institution"].queryset = Institution.objects.filter(
            region=group.region_id
        )
        self.fields["contact_person"].queryset = Person.objects.filter(
            memberships__in=group.memberships.current()
        ).distinct()

    def identity_changed(self) -> bool:
        return bool({"name", "kind"} & set(self.changed_data))


class InstitutionForm(ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "acronym", "category", "core_role"]

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.region = region

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        duplicates = Institution.objects.filter(name__iexact=name, region=self.instance.region)
        if duplicates.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("This region already has an institution of that name."), code="duplicate"
            )
        return name


class NewInstitutionForm(InstitutionForm):
    """An institution added while adding a member, so that nothing typed is lost: used only
    when its name is filled in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Or a new institution: name")
        for field in self.fields.values():
            field.required = False

    def is_filled(self) -> bool:
        return bool(self.is_bound and self.data.get(self.add_prefix("name"), "").strip())

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("category"):
            self.add_error("category", _("Give the category of the new institution."))
        return data


class PersonForm(GuardedForm, ModelForm):
    class Meta:
        model = Person
        fields = [
            "full_name",
            "is_civil_servant",
            "nip",
            "institution",
            "job_title",
            "email",
            "phone",
        ]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions_for(group)

    def clean(self):
        data = super().clean()
        if not data.get("is_civil_servant") and data.get("nip"):
            self.add_error("nip", _("Only a civil servant has a NIP."))
        return data


class MembershipForm(GuardedForm, ModelForm):
    class Meta:
        model = Membership
        fields = ["position", "field", "duties", "institution", "started_on", "is_knowledge_holder"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 3})}

    # What a decree appoints: fixed once a decree has appointed the membership.
    APPOINTED_FIELDS = ("position", "field", "institution")

    def __init__(self, *args, group, person=None, **kwargs):
        """`person`: who joins, when already registered (the form then refuses a start while
        they hold a position in the group); an edited membership's own person otherwise."""
        super().__init__(*args, **kwargs)
        self.group = group
        self.person = person or (self.instance.person if self.instance.pk else None)
        self.fields["institution"].queryset = institutions_for(group)
        if not self.instance.pk:
            self.initial.setdefault("started_on", timezone.localdate())
        # A decree recorded these: they change from a date (ChangePositionForm), never here.
        self.appointed = bool(self.instance.pk) and self.instance.appointed_by_decree()
        for name in self.APPOINTED_FIELDS if self.appointed else ():
            self.fields[name].disabled = True

    def clean_started_on(self):
        started_on = self.cleaned_data["started_on"]
        ended_on = self.instance.ended_on
        if ended_on and started_on > ended_on:
            raise forms.ValidationError(_("The end date cannot be before the start date."))
        return started_on

    def clean(self):
        data = super().clean()
        started_on = data.get("started_on")
        if self.person is not None and started_on:
            others = self.group.memberships.filter(person=self.person).exclude(pk=self.instance.pk)
            other = (
                others.overlapping(started_on, self.instance.ended_on)
                .select_related("person")
                .first()
            )
            if other is not None:
                raise forms.ValidationError(overlap_message(other), code="overlap")
        return data


class ChangePositionForm(forms.Form):
    """A change of position, field or institution that takes effect from a date."""

    starts_on = DateField(
        label=_("In the new position from"),
        validators=validators_of(Membership, "started_on"),
        help_text=_("The first day in the new position; the current one ends the day before."),
    )
    position = forms.ChoiceField(label=_("Position"), choices=Membership.Position.choices)
    field = forms.ChoiceField(
        label=_("Field (bidang)"),
        choices=[("", "---------"), *Membership.Field.choices],
        required=False,
    )
    institution = forms.ModelChoiceField(
        label=_("Institution represented"), queryset=Institution.objects.none(), required=False
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["institution"].queryset = institutions_for(membership.working_group)
        self.initial.setdefault("position", membership.position)
        self.initial.setdefault("field", membership.field)
        self.initial.setdefault("institution", membership.institution_id)

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if starts_on <= self.membership.started_on:
            raise forms.ValidationError(
                _("The new position must start after %(day)s, when the current one started.")
                % {"day": date_format(self.membership.started_on, "j F Y")}
            )
        return starts_on

    def clean(self):
        data = super().clean()
        membership = self.membership
        new = (data.get("position"), data.get("field"), data.get("institution"))
        if new == (membership.position, membership.field, membership.institution):
            raise forms.ValidationError(
                _("Choose the new position, field or institution: nothing changes."),
                code="unchanged",
            )
        return data


class EndMembershipForm(forms.Form):
    ended_on = DateField(
        label=_("Last day in office"),
        validators=validators_of(Membership, "ended_on"),
    )
    end_reason = forms.ChoiceField(
        label=_("Reason for leaving"),
        # A change of position ends one membership and starts the next: ChangePositionForm.
        choices=[
            choice
            for choice in Membership.EndReason.choices
            if choice[0] != Membership.EndReason.POSITION_CHANGE
        ],
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.initial.setdefault("ended_on", timezone.localdate())

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if ended_on < self.membership.started_on:
            raise forms.ValidationError(_("The end date cannot be before the start date."))
        return ended_on

    def clean(self):
        data = super().clean()
        ended_on, reason = data.get("ended_on"), data.get("end_reason")
        # The working group must never be left without anyone who can edit it: a transfer or
        # promotion opens a handover, where the successor is named and invited.
        self.leaves_no_secretariat = bool(ended_on) and is_last_secretariat(
            self.membership, ended_on
        )
        if self.leaves_no_secretariat and reason not in Membership.HANDOVER_REASONS:
            raise forms.ValidationError(
                _(
                    "%(name)s holds the only secretariat access of this working group. Give "
                    "another account the secretariat role first, or choose transfer or "
                    "promotion: a handover then opens, where you name a successor and invite "
                    "them."
                )
                % {"name": self.membership.person.full_name}
            )
        return data


class HandoverForm(ModelForm):
    class Meta:
        model = Handover
        fields = ["notes", "open_items", "documents", "key_contacts"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class SuccessorForm(forms.Form):
    """Name the successor: a person already known to the group, or a new one."""

    person = forms.ModelChoiceField(
        label=_("Existing person"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_(
            "A member of this working group leaves their current position the day before "
            "(a change of position)."
        ),
    )
    new_full_name = forms.CharField(label=_("Or a new person: full name"), required=False)
    new_is_civil_servant = forms.BooleanField(
        label=_("Civil servant (ASN)"), required=False, initial=True
    )
    new_nip = forms.RegexField(
        label=_("NIP"),
        regex=r"^[0-9]{18}$",
        required=False,
        error_messages={"invalid": _("A NIP has 18 digits.")},
    )
    new_email = forms.EmailField(label=_("E-mail"), required=False)
    new_phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    new_job_title = forms.CharField(
        label=_("Position in the institution"), max_length=200, required=False
    )
    institution = forms.ModelChoiceField(
        label=_("Institution represented"), queryset=Institution.objects.none(), required=False
    )
    started_on = DateField(
        label=_("Start date"),
        validators=validators_of(Membership, "started_on"),
    )
    invite = forms.BooleanField(label=_("Invite with the same access role"), required=False)
    invite_email = forms.EmailField(
        label=_("E-mail for the invitation"),
        required=False,
        help_text=_(
            "Empty: the person's address. A successor who already has an account gets the "
            "role from the first day, without an invitation."
        ),
    )

    def __init__(self, *args, handover, **kwargs):
        super().__init__(*args, **kwargs)
        leaving = handover.leaving
        group = leaving.working_group
        self.handover = handover
        self.fields["person"].queryset = Person.objects.filter(
            pk__in=group.memberships.values("person")
        ).exclude(pk=leaving.person_id)
        self.fields["institution"].queryset = institutions_for(group)
        self.initial.setdefault("institution", leaving.institution_id)
        if leaving.ended_on:
            self.initial.setdefault("started_on", leaving.ended_on + timezone.timedelta(days=1))

    def clean(self):
        data = super().clean()
        if bool(data.get("person")) == bool(data.get("new_full_name", "").strip()):
            raise forms.ValidationError(
                _("Choose an existing person or give the name of a new one, not both.")
            )
        if data.get("new_nip"):
            if not data.get("new_is_civil_servant"):
                self.add_error("new_nip", _("Only a civil servant has a NIP."))
            elif Person.objects.filter(nip=data["new_nip"]).exists():
                self.add_error("new_nip", _("Another person already has this NIP."))
        started_on = data.get("started_on")
        if started_on and started_on < self.handover.leaving.started_on:
            self.add_error("started_on", _("The successor cannot start before the predecessor."))
        elif started_on and data.get("person"):
            self._check_no_overlap(data["person"], started_on)
        person = data.get("person")
        has_account = person is not None and person.user_id is not None
        address = data.get("invite_email") or (person.email if person else data.get("new_email"))
        if data.get("invite") and not has_account and not address:
            self.add_error("invite_email", _("Give an e-mail address for the invitation."))
        return data

    def _check_no_overlap(self, person, started_on):
        """A member who takes over leaves their open position the day before (a change of
        position); any other membership of theirs from that day on is a conflict."""
        group = self.handover.leaving.working_group
        others = group.memberships.filter(person=person).overlapping(started_on)
        current = others.filter(ended_on__isnull=True, started_on__lt=started_on).first()
        other = others.exclude(pk=getattr(current, "pk", None)).select_related("person").first()
        if other is not None:
            self.add_error("person", overlap_message(other))


class InvitationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Access role"), choices=Role.Kind.choices)


class AcceptInvitationForm(SetPasswordForm):
    pass


class RosterDateForm(forms.Form):
    tanggal = DateField(label=_("Roster on"), required=False)


def institutions_for(group):
    """Institutions a group's roster may name: those of its region, and for a province or the
    nation also the regions below (a kabupaten's Bappeda may sit in the provincial Pokja)."""
    region = group.region
    return Institution.objects.filter(
        Q(region__code__in=[*region.ancestor_codes(), Region.NATIONAL_CODE])
        | at_or_below(region.code, "region__code")
    ).select_related("region")
