"""The coordination part of the API: meetings with their invitees, attendance and decisions,
and action items, within the caller's scope (meetings are internal: no open data here).

Writes go through the forms and actions of the meeting pages (`sinergi.meetings.forms`,
`sinergi.meetings.actions`), so the API checks exactly what the pages check and tells
invitees and owners the same way; an invalid payload is a 400 with the messages by field and
writes nothing.
"""

from auditlog.context import set_actor
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from sinergi.api.filters import DateTimeFilter, FilterSet
from sinergi.api.permissions import WorkingGroupScope
from sinergi.meetings import actions
from sinergi.meetings.forms import (
    ActionItemForm,
    CloseActionItemForm,
    DecisionForm,
    GuestForm,
    InviteesForm,
    MeetingForm,
)
from sinergi.meetings.models import ActionItem, Decision, Meeting, Participant
from sinergi.planning.models import WorkPlan
from sinergi.pokja.access import can_close_action_item, can_edit, is_member, visible_filter
from sinergi.pokja.models import Person, WorkingGroup
from sinergi.programmes.models import Programme

# --- representations --------------------------------------------------------------------------


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)

    class Meta:
        model = Participant
        fields = ["id", "person", "name", "guest_institution", "email", "attendance"]
        read_only_fields = fields

    def to_representation(self, participant):
        # Built directly: a page of meetings holds hundreds of participants, and DRF's
        # field-by-field path costs several times as much for the same output (a test compares).
        return {
            "id": participant.pk,
            "person": participant.person_id,
            "name": participant.name,
            "guest_institution": participant.guest_institution,
            "email": participant.email,
            "attendance": participant.attendance,
        }


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "meeting", "number", "text"]
        read_only_fields = fields

    def to_representation(self, decision):
        # Built directly, as ParticipantSerializer's.
        return {
            "id": decision.pk,
            "meeting": decision.meeting_id,
            "number": decision.number,
            "text": decision.text,
        }


class MeetingSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="working_group.region.code", read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "region",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "agenda",
            "minutes",
            "is_cancelled",
            "programmes",
            "work_plans",
            "participants",
            "decisions",
            "created",
            "updated",
        ]
        read_only_fields = fields


class ActionItemSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="working_group.region.code", read_only=True)
    owner_name = serializers.CharField(read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "region",
            "title",
            "description",
            "owner_person",
            "owner_institution",
            "owner_name",
            "due_on",
            "status",
            "closed_on",
            "closing_note",
            "is_overdue",
            "decision",
            "activity",
            "programme",
            "indicator",
            "created",
        ]
        read_only_fields = fields

    def get_is_overdue(self, item) -> bool:
        return item.is_overdue()


# --- what clients send (documentation of the payloads; the forms check them) --------------------


class GuestInputSerializer(serializers.Serializer):
    guest_name = serializers.CharField()
    guest_institution = serializers.CharField(required=False, allow_blank=True)
    guest_email = serializers.EmailField(required=False, allow_blank=True)


class MeetingInputSerializer(serializers.Serializer):
    working_group = serializers.CharField(help_text="Region code of the working group (create)")
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices)
    title = serializers.CharField()
    starts_at = serializers.DateTimeField(
        help_text="ISO 8601; without offset: the working group's time zone (WIB, WITA or WIT)"
    )
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True)
    online_link = serializers.URLField(required=False, allow_blank=True)
    agenda = serializers.CharField(required=False, allow_blank=True)
    programmes = serializers.ListField(child=serializers.IntegerField(), required=False)
    work_plans = serializers.ListField(child=serializers.IntegerField(), required=False)
    is_cancelled = serializers.BooleanField(required=False, help_text="Update only")
    people = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Ids of roster people to invite; on update, the full list of invited people",
    )
    guests = GuestInputSerializer(many=True, required=False, help_text="Guests to add")


class AttendanceInputSerializer(serializers.Serializer):
    attendance = serializers.DictField(
        child=serializers.ChoiceField(choices=Participant.Attendance.choices),
        help_text="Participant id → hadir, izin or tidak_hadir",
    )


class DecisionInputSerializer(serializers.Serializer):
    number = serializers.IntegerField(required=False, help_text="Next free number by default")
    text = serializers.CharField()


class ActionItemInputSerializer(serializers.Serializer):
    working_group = serializers.CharField(help_text="Region code of the working group (create)")
    title = serializers.CharField()
    description = serializers.CharField(required=False, allow_blank=True)
    owner_person = serializers.IntegerField(required=False, allow_null=True)
    owner_institution = serializers.IntegerField(required=False, allow_null=True)
    due_on = serializers.DateField()
    decision = serializers.IntegerField(required=False, allow_null=True)
    activity = serializers.IntegerField(required=False, allow_null=True)
    programme = serializers.IntegerField(required=False, allow_null=True)
    indicator = serializers.IntegerField(required=False, allow_null=True)


class CloseInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[ActionItem.Status.DONE, ActionItem.Status.DROPPED])
    closing_note = serializers.CharField(required=False, allow_blank=True)


# --- helpers ----------------------------------------------------------------------------------


def _errors(*forms) -> dict:
    """The messages of invalid forms by field, as the API gives them."""
    result = {}
    for form in forms:
        for name, errors in form.errors.get_json_data().items():
            result.setdefault(name, []).extend(error["message"] for error in errors)
    return result


# What the forms read from a payload: text (dates and times too: the forms parse strings),
# ids, and lists of ids. A JSON number, object or list where the form expects text would reach
# code that handles only strings.
TEXT_FIELDS = {
    "working_group",
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "online_link",
    "agenda",
    "description",
    "due_on",
    "text",
    "status",
    "closing_note",
}
ID_FIELDS = {
    "owner_person",
    "owner_institution",
    "decision",
    "activity",
    "programme",
    "indicator",
    "number",
}
ID_LIST_FIELDS = {"programmes", "work_plans", "people"}


def _is_id(value) -> bool:
    return isinstance(value, (int, str)) and not isinstance(value, bool)


def _has_nul(value) -> bool:
    """Whether a NUL character is anywhere in `value` (PostgreSQL refuses it in text)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


def _shape_error(name, value) -> str | None:
    """Why `value` cannot be the payload's field `name`, or None when the form may read it."""
    if name in TEXT_FIELDS and not (value is None or isinstance(value, str)):
        return _("Expected text.")
    if name in ID_FIELDS and not (value is None or _is_id(value)):
        return _("Expected a number.")
    if name in ID_LIST_FIELDS and not (
        value is None or (isinstance(value, list) and all(_is_id(v) for v in value))
    ):
        return _("Expected a list of numbers.")
    if name == "guests" and not (
        value is None
        or (
            isinstance(value, list)
            and all(
                isinstance(guest, dict)
                and all(v is None or isinstance(v, str) for v in guest.values())
                for guest in value
            )
        )
    ):
        return _("A list of guests.")
    if _has_nul(value):
        return _("Null characters are not allowed.")
    return None


def _payload(request) -> dict:
    """The JSON object sent, once each field the forms read has the expected shape: 400 with
    the messages by field otherwise."""
    if not isinstance(request.data, dict):
        raise ValidationError({"non_field_errors": [_("Send a JSON object.")]})
    errors = {}
    for name, value in request.data.items():
        if name in TEXT_FIELDS | ID_FIELDS | ID_LIST_FIELDS | {"guests"}:
            message = _shape_error(name, value)
            if message:
                errors[name] = [message]
    if errors:
        raise ValidationError(errors)
    return request.data


def _form_data(instance, fields, payload) -> dict:
    """The instance's values as form data (ids for relations), overlaid by `payload`: a PATCH
    sends only what changes, the form checks the whole."""
    data = {}
    for name, value in model_to_dict(instance, fields=fields).items():
        if isinstance(value, list):
            value = [getattr(v, "pk", v) for v in value]
        data[name] = "" if value is None else value
    data.update({name: payload[name] for name in fields if name in payload})
    return data


def _editable_group(request, payload) -> WorkingGroup:
    """The working group a new record goes to: unknown or out of scope → 400, read-only → 403."""
    code = payload.get("working_group")
    group = (
        WorkingGroup.objects.visible_to(request.user)
        .select_related("region")
        .filter(region__code=code)
        .first()
        if isinstance(code, str) and code and "\x00" not in code
        else None
    )
    if group is None:
        raise ValidationError(
            {"working_group": [_("No working group with this code in your scope.")]}
        )
    if not can_edit(request.user, group):
        raise PermissionDenied
    return group


def _guest_forms(payload):
    guests = payload.get("guests") or []  # a list of objects of text (see _payload)
    forms = [GuestForm(guest) for guest in guests]
    for form in forms:
        if form.is_valid() and not form.cleaned_data.get("guest_name", "").strip():
            form.add_error("guest_name", _("Give the guest's name."))
    return forms


def _guests(forms) -> list[Participant]:
    return [
        Participant(
            guest_name=f.cleaned_data["guest_name"].strip(),
            guest_institution=f.cleaned_data.get("guest_institution", "").strip(),
            guest_email=f.cleaned_data.get("guest_email", ""),
        )
        for f in forms
    ]


def _in_scope(records, user):
    """`records` of the working groups `user` may read. A national scope reads every group:
    no filter then, since `IN (every group)` keeps PostgreSQL from reading the records in the
    order of an index and makes it sort all of them for one page."""
    groups = visible_filter(user)
    if not groups:  # an empty Q: every group
        return records
    return records.filter(working_group__in=WorkingGroup.objects.filter(groups))


# --- meetings ---------------------------------------------------------------------------------


class MeetingFilter(FilterSet):
    working_group = filters.CharFilter(
        field_name="working_group__region__code", help_text="Region code of the working group"
    )
    starts_after = DateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = DateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Meeting
        fields = ["working_group", "kind", "is_cancelled"]


MEETING_FIELDS = MeetingForm.Meta.fields


@method_decorator(login_not_required, name="dispatch")
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Meetings of the working groups in the caller's scope, with invitees, attendance and
    decisions. The secretariat of a group schedules a meeting (POST, inviting roster `people`
    and `guests`; invitees are told), changes it (PATCH/PUT; `people` then lists everyone
    invited from the roster), records attendance (POST .../attendance/) and adds decisions
    (POST .../decisions/)."""

    serializer_class = MeetingSerializer
    permission_classes = [IsAuthenticated, WorkingGroupScope]
    filterset_class = MeetingFilter

    def get_queryset(self):
        # Only the ids of programmes and work plans are shown; people are read by id in their
        # own query (joined to the participants, PostgreSQL hashes the whole person table).
        return (
            _in_scope(Meeting.objects.all(), self.request.user)
            .select_related("working_group__region")
            .prefetch_related(
                Prefetch("programmes", Programme.objects.only("pk")),
                Prefetch("work_plans", WorkPlan.objects.only("pk")),
                Prefetch("participants", Participant.objects.order_by("pk")),
                Prefetch("participants__person", Person.objects.only("full_name", "email")),
                Prefetch("decisions", Decision.objects.order_by("number")),
            )
            .order_by("-starts_at", "-pk")
        )

    def working_group_of(self, meeting):
        return meeting.working_group

    def _reload(self, meeting):
        return self.get_queryset().get(pk=meeting.pk)

    @extend_schema(request=MeetingInputSerializer, responses={201: MeetingSerializer})
    def create(self, request):
        payload = _payload(request)
        group = _editable_group(request, payload)
        form = MeetingForm(payload, group=group)
        invitees = InviteesForm({"people": payload.get("people") or []}, group=group)
        guests = _guest_forms(payload)
        if not all([form.is_valid(), invitees.is_valid(), *[g.is_valid() for g in guests]]):
            raise ValidationError(_errors(form, invitees, *guests))
        with set_actor(request.user):
            meeting = actions.do_schedule_meeting(
                form, invitees.cleaned_data["people"], _guests(guests), request.user
            )
        data = self.get_serializer(self._reload(meeting)).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeetingInputSerializer, responses=MeetingSerializer)
    def update(self, request, pk=None, partial=False):
        meeting = self.get_object()
        payload = _payload(request)
        group = meeting.working_group
        form = MeetingForm(
            _form_data(meeting, MEETING_FIELDS, payload), instance=meeting, group=group
        )
        checked = [form]
        if "people" in payload:
            invitees = InviteesForm(
                {"people": payload["people"] or []}, group=group, meeting=meeting
            )
            checked.append(invitees)
        guests = _guest_forms(payload)
        cancelled = payload.get("is_cancelled", meeting.is_cancelled)
        if not isinstance(cancelled, bool):
            raise ValidationError({"is_cancelled": [_("true or false.")]})
        valid = [f.is_valid() for f in checked + guests]  # every form, for every message
        if not all(valid):
            raise ValidationError(_errors(*checked, *guests))
        people = invitees.cleaned_data["people"] if "people" in payload else None
        with set_actor(request.user):
            meeting = actions.do_update_meeting(form, people, _guests(guests), cancelled)
        return Response(self.get_serializer(self._reload(meeting)).data)

    @extend_schema(request=MeetingInputSerializer, responses=MeetingSerializer)
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @extend_schema(request=AttendanceInputSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def attendance(self, request, pk=None):
        """Record who came: participant id → hadir (present), izin (excused) or tidak_hadir.
        The group's members record attendance too, as on the meeting page."""
        meeting = self.get_object()
        if not is_member(request.user, meeting.working_group):
            raise PermissionDenied
        serializer = AttendanceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = serializer.validated_data["attendance"]
        known = {str(p.pk): p.pk for p in meeting.participants.all()}
        unknown = [key for key in changes if key not in known]
        if unknown:
            raise ValidationError(
                {"attendance": [_("Not a participant of this meeting: %s") % ", ".join(unknown)]}
            )
        with set_actor(request.user):
            actions.do_record_attendance(
                meeting, {known[key]: value for key, value in changes.items()}
            )
        return Response(self.get_serializer(self._reload(meeting)).data)

    @extend_schema(request=DecisionInputSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"])
    def decisions(self, request, pk=None):
        """Add a decision to the meeting; its number is the next free one unless given."""
        meeting = self.get_object()
        payload = dict(_payload(request))
        if payload.get("number") in (None, ""):
            payload["number"] = actions.next_decision_number(meeting)
        form = DecisionForm(payload, meeting=meeting)
        if not form.is_valid():
            raise ValidationError(_errors(form))
        with set_actor(request.user):
            decision = actions.do_save_decision(form)
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


# --- decisions --------------------------------------------------------------------------------


class DecisionFilter(FilterSet):
    working_group = filters.CharFilter(
        field_name="meeting__working_group__region__code",
        help_text="Region code of the working group",
    )

    class Meta:
        model = Decision
        fields = ["working_group", "meeting"]


@method_decorator(login_not_required, name="dispatch")
class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Decisions of the meetings in the caller's scope (added with POST
    /meetings/{id}/decisions/)."""

    serializer_class = DecisionSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = DecisionFilter

    def get_queryset(self):
        visible = WorkingGroup.objects.visible_to(self.request.user)
        return Decision.objects.filter(meeting__working_group__in=visible).order_by(
            "-meeting__starts_at", "meeting_id", "number"
        )


# --- action items -----------------------------------------------------------------------------


class ActionItemFilter(FilterSet):
    working_group = filters.CharFilter(
        field_name="working_group__region__code", help_text="Region code of the working group"
    )
    overdue = filters.BooleanFilter(method="filter_overdue", help_text="Open and past due")

    class Meta:
        model = ActionItem
        fields = ["working_group", "status", "owner_person", "decision"]

    def filter_overdue(self, queryset, name, value):
        overdue = ActionItem.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


ITEM_FIELDS = ActionItemForm.Meta.fields


@method_decorator(login_not_required, name="dispatch")
class ActionItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Action items of the working groups in the caller's scope. The secretariat creates
    (POST; the owner is told) and changes them (PATCH/PUT), and closes one with POST
    .../close/ (done or dropped), as its owner may too."""

    serializer_class = ActionItemSerializer
    permission_classes = [IsAuthenticated, WorkingGroupScope]
    filterset_class = ActionItemFilter

    def get_queryset(self):
        return (
            _in_scope(ActionItem.objects.all(), self.request.user)
            .select_related("working_group__region", "owner_person", "owner_institution")
            .order_by("due_on", "pk")
        )

    def working_group_of(self, item):
        return item.working_group

    @extend_schema(request=ActionItemInputSerializer, responses={201: ActionItemSerializer})
    def create(self, request):
        payload = _payload(request)
        group = _editable_group(request, payload)
        form = ActionItemForm(payload, group=group)
        if not form.is_valid():
            raise ValidationError(_errors(form))
        with set_actor(request.user):
            item = actions.do_save_action_item(form, request.user)
        data = self.get_serializer(self.get_queryset().get(pk=item.pk)).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionItemInputSerializer, responses=ActionItemSerializer)
    def update(self, request, pk=None, partial=False):
        item = self.get_object()
        payload = _payload(request)
        form = ActionItemForm(
            _form_data(item, ITEM_FIELDS, payload), instance=item, group=item.working_group
        )
        if not form.is_valid():
            raise ValidationError(_errors(form))
        with set_actor(request.user):
            item = actions.do_save_action_item(form, request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(request=ActionItemInputSerializer, responses=ActionItemSerializer)
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @extend_schema(request=CloseInputSerializer, responses=ActionItemSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def close(self, request, pk=None):
        """Close an open item as done (selesai) or dropped (dibatalkan, with a note): the
        secretariat or the item's owner may."""
        item = get_object_or_404(self.get_queryset(), pk=pk)
        if not can_close_action_item(request.user, item):
            raise PermissionDenied
        if item.status != ActionItem.Status.OPEN:
            raise ValidationError({"status": [_("This action item is already closed.")]})
        form = CloseActionItemForm(_payload(request))
        if not form.is_valid():
            raise ValidationError(_errors(form))
        with set_actor(request.user):
            actions.do_close_action_item(
                item,
                form.cleaned_data["status"],
                form.cleaned_data["closing_note"],
                timezone.localdate(),
            )
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)
