"""Forms of coordination work: a meeting with its invitees, attendance, minutes, decisions and
action items. Every choice list is limited to the working group's own records, so a posted id
of another region's record is refused like any unknown value."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sinergi.lib.concurrency import GuardedForm
from sinergi.lib.fields import ModelForm
from sinergi.lib.uploads import FileKindValidator
from sinergi.meetings.actions import next_decision_number
from sinergi.meetings.models import (
    EVIDENCE_KINDS,
    ActionItem,
    Decision,
    Meeting,
    Participant,
)
from sinergi.monitoring.models import Indicator
from sinergi.planning.models import Activity, WorkPlan
from sinergi.pokja.models import Institution, Person
from sinergi.programmes.models import Programme
from sinergi.regions.models import time_zone_of, zone_name

MAX_GUESTS = 50


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def roster_people(group):
    """People in the group's roster today, by name (one query)."""
    return Person.objects.filter(pk__in=group.memberships.current().values("person")).order_by(
        "full_name"
    )


def owner_institutions(group):
    """Institutions that may own an action item: those of the group's roster today and those
    of its region."""
    in_roster = group.memberships.current().values("institution")
    return Institution.objects.filter(Q(pk__in=in_roster) | Q(region=group.region_id)).order_by(
        "name"
    )


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class MeetingForm(GuardedForm, ModelForm):
    online_link = forms.URLField(
        label=_("Online meeting link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For an online or hybrid meeting: the address of the video call."),
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "agenda",
            "programmes",
            "work_plans",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "programmes": forms.CheckboxSelectMultiple(),
            "work_plans": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.working_group = group
        self.fields["programmes"].queryset = Programme.objects.of_group(group).order_by("name")
        self.fields["work_plans"].queryset = WorkPlan.objects.filter(working_group=group).order_by(
            "-year"
        )
        self.fields["work_plans"].label_from_instance = lambda plan: str(plan.year)
        self.zone = time_zone_of(group.region.code)
        zone = {"zone": zone_name(self.zone)}
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = gettext("In %(zone)s, the working group's time.") % zone

    def full_clean(self):
        # Times are typed in the group's zone, whoever calls: the pages (which also show them
        # there, calendar.in_group_zone) and the API.
        with timezone.override(self.zone):
            super().full_clean()
            if self.is_bound:
                self.changed_data  # noqa: B018 (cached here: compares the times in the zone)

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("online_link"):
            self.add_error("place", gettext("Give the place, the online meeting link, or both."))
        return data


def _guest_label(participant) -> str:
    if participant.guest_institution:
        return f"{participant.guest_name} ({participant.guest_institution})"
    return participant.guest_name


class InviteesForm(forms.Form):
    """Members of the roster to invite (checkboxes); guests come in a GuestFormSet beside it."""

    people = PersonChoiceField(
        label=_("Members of the working group"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )

    def __init__(self, *args, group, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The roster today, plus anyone already invited who has left it since.
        people = Person.objects.filter(pk__in=group.memberships.current().values("person"))
        if meeting is not None and meeting.pk:
            invited = meeting.participants.filter(person__isnull=False).values("person")
            people = Person.objects.filter(Q(pk__in=people.values("pk")) | Q(pk__in=invited))
            self.fields["people"].initial = list(invited.values_list("person", flat=True))
            guests = meeting.participants.filter(person__isnull=True)
            if guests.exists():
                self.fields["dropped_guests"] = forms.ModelMultipleChoiceField(
                    label=_("Take these guests off the list"),
                    queryset=guests,
                    required=False,
                    widget=forms.CheckboxSelectMultiple(),
                )
                self.fields["dropped_guests"].label_from_instance = _guest_label
        else:
            self.fields["people"].initial = list(people.values_list("pk", flat=True))
        self.fields["people"].queryset = people.order_by("full_name")


class GuestForm(ModelForm):
    class Meta:
        model = Participant
        fields = ["guest_name", "guest_institution", "guest_email"]


class BaseGuestFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if not data.get("guest_name") and (
                data.get("guest_institution") or data.get("guest_email")
            ):
                form.add_error("guest_name", gettext("Give the guest's name."))


GuestFormSet = forms.modelformset_factory(
    Participant,
    form=GuestForm,
    formset=BaseGuestFormSet,
    extra=3,
    max_num=MAX_GUESTS,
    validate_max=True,
)


def guest_formset(data=None, prefix="tamu"):
    return GuestFormSet(data, queryset=Participant.objects.none(), prefix=prefix)


def new_guests(formset) -> list[Participant]:
    """The unsaved guest participants of a valid formset (rows left empty are skipped)."""
    guests = []
    for form in formset.forms:
        data = form.cleaned_data
        if data.get("guest_name"):
            guests.append(
                Participant(
                    guest_name=data["guest_name"].strip(),
                    guest_institution=data.get("guest_institution", "").strip(),
                    guest_email=data.get("guest_email", ""),
                )
            )
    return guests


class AttendanceForm(forms.Form):
    """One choice per participant (present, excused, absent), and the signed attendance list."""

    attendance_file = forms.FileField(
        label=_("Signed attendance list"),
        required=False,
        validators=[FileKindValidator(EVIDENCE_KINDS)],
        help_text=_("A scan or photo: PDF, JPEG or PNG."),
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        for participant in self.participants:
            self.fields[self.key(participant)] = forms.ChoiceField(
                label=participant.name,
                choices=Participant.Attendance.choices,
                required=False,
                initial=participant.attendance,
                widget=forms.RadioSelect(),
            )

    @staticmethod
    def key(participant) -> str:
        return f"hadir-{participant.pk}"

    def rows(self):
        return [(p, self[self.key(p)]) for p in self.participants]

    def changes(self) -> dict[int, str]:
        """Participant id → attendance, for the rows that changed."""
        return {
            p.pk: self.cleaned_data[self.key(p)]
            for p in self.participants
            if self.cleaned_data[self.key(p)] != p.attendance
        }


class MinutesForm(ModelForm):
    class Meta:
        model = Meeting
        fields = ["minutes", "minutes_file"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 16})}
        help_texts = {
            "minutes": _(
                "Plain text with light Markdown: a blank line between paragraphs, **bold**, "
                "*italic*, lines starting with “- ” for a list, “## ” for a heading. HTML is "
                "shown as typed, not interpreted."
            ),
            "minutes_file": _("Or upload the signed minutes: PDF, DOCX/XLSX/PPTX, JPEG or PNG."),
        }


class DecisionForm(ModelForm):
    class Meta:
        model = Decision
        fields = ["number", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {"number": _("Number")}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        if not self.instance.pk:
            self.initial.setdefault("number", next_decision_number(meeting))
        self.fields["number"].min_value = 1
        self.fields["number"].widget.attrs["min"] = 1

    def clean_number(self):
        number = self.cleaned_data["number"]
        if number < 1:
            raise forms.ValidationError(gettext("Number decisions from 1."))
        taken = Decision.objects.filter(meeting=self.instance.meeting, number=number).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(
                gettext("Decision %(number)d of this meeting exists already.") % {"number": number}
            )
        return number


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        date = timezone.localtime(obj.meeting.starts_at).date().isoformat()
        return f"{date} · {obj.meeting.title} · {obj}"


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.work_plan.year} · {obj}"


class ActionItemForm(GuardedForm, ModelForm):
    class Meta:
        model = ActionItem
        fields = [
            "title",
            "description",
            "owner_person",
            "owner_institution",
            "due_on",
            "decision",
            "activity",
            "programme",
            "indicator",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"decision": DecisionChoiceField, "activity": ActivityChoiceField}
        help_texts = {
            "owner_person": _("A member of today's roster, or else an institution below."),
            "activity": _("What this action should move, so that its effect can be traced."),
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.working_group = group
        people = roster_people(group)
        if self.instance.owner_person_id:  # keep a past member who still owns the item
            people = Person.objects.filter(
                Q(pk__in=people.values("pk")) | Q(pk=self.instance.owner_person_id)
            ).order_by("full_name")
        fields = self.fields
        fields["owner_person"].queryset = people
        fields["owner_person"].label_from_instance = lambda p: p.full_name
        fields["owner_institution"].queryset = owner_institutions(group)
        fields["decision"].queryset = (
            Decision.objects.filter(meeting__working_group=group)
            .select_related("meeting")
            .order_by("-meeting__starts_at", "number")
        )
        fields["activity"].queryset = (
            Activity.objects.filter(work_plan__working_group=group)
            .select_related("work_plan")
            .order_by("-work_plan__year", "number")
        )
        fields["programme"].queryset = Programme.objects.of_group(group).order_by("name")
        fields["indicator"].queryset = Indicator.objects.order_by("order", "code")

    def clean(self):
        data = super().clean()
        if not data.get("owner_person") and not data.get("owner_institution"):
            self.add_error(
                "owner_person",
                gettext("Name the member or the institution that owns the action."),
            )
        return data

    def _post_clean(self):
        # The model's own "has an owner" check would repeat the message above as a form error.
        if self.errors:
            return
        super()._post_clean()


class CloseActionItemForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (ActionItem.Status.DONE, _("Done")),
            (ActionItem.Status.DROPPED, _("Dropped")),
        ],
        widget=forms.RadioSelect(),
    )
    closing_note = forms.CharField(
        label=_("Closing note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, or why the action was dropped (required when dropped)."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == ActionItem.Status.DROPPED
            and not data.get("closing_note", "").strip()
        ):
            self.add_error("closing_note", gettext("Say why the action was dropped."))
        return data


class ActionItemFilterForm(forms.Form):
    """Filters of a group's action-item list; unknown values are ignored, never an error."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *ActionItem.Status.choices],
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Anyone")), *owners]

    def filter(self, items):
        self.is_valid()  # an invalid filter is dropped; the valid ones still apply
        data = self.cleaned_data
        if data.get("status"):
            items = items.filter(status=data["status"])
        if data.get("overdue"):
            items = items.overdue()
        owner = data.get("owner", "")
        if owner.startswith("p"):
            items = items.filter(owner_person=int(owner[1:]))
        elif owner.startswith("i"):
            items = items.filter(owner_institution=int(owner[1:]))
        return items
