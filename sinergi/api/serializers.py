from django.db import transaction
from django.utils import timezone
from rest_framework import serializers

from sinergi.decrees.models import Appointment, Decree
from sinergi.pokja.actions import record_new_name
from sinergi.pokja.models import Institution, Membership, Person, WorkingGroup
from sinergi.regions.models import Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "kind", "parent"]


class WorkingGroupSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    contact_institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.none(), allow_null=True, required=False
    )

    class Meta:
        model = WorkingGroup
        fields = [
            "region",
            "name",
            "kind",
            "secretariat_address",
            "contact_institution",
            "email",
            "phone",
            "updated",
        ]
        read_only_fields = ["region", "updated"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As in the HTML form: only institutions of the group's own region.
        if isinstance(self.instance, WorkingGroup):
            self.fields["contact_institution"].queryset = Institution.objects.filter(
                region=self.instance.region_id
            )

    @transaction.atomic
    def update(self, group, validated_data):
        old_name, old_kind = group.name, group.kind
        group = super().update(group, validated_data)
        if (group.name, group.kind) != (old_name, old_kind):
            record_new_name(group, old_name, old_kind)
        return group


class InstitutionSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Institution
        fields = ["id", "name", "acronym", "category", "core_role", "region"]


class PersonSerializer(serializers.ModelSerializer):
    """Name and office for everyone; NIP, e-mail and phone only for people all of whose
    working groups the caller may read."""

    PRIVATE = ("nip", "email", "phone")

    institution = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "is_civil_servant",
            "nip",
            "institution",
            "job_title",
            "email",
            "phone",
        ]

    def to_representation(self, person):
        data = super().to_representation(person)
        if not getattr(person, "details", False):
            for name in self.PRIVATE:
                data.pop(name)
        return data


class MembershipSerializer(serializers.ModelSerializer):
    working_group = serializers.SlugRelatedField(
        source="working_group.region", slug_field="code", read_only=True
    )
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "working_group",
            "person",
            "person_name",
            "position",
            "field",
            "duties",
            "institution",
            "started_on",
            "ended_on",
            "end_reason",
            "is_knowledge_holder",
        ]
        read_only_fields = fields


class EndMembershipSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    end_reason = serializers.ChoiceField(choices=Membership.EndReason.choices)


class DirectoryRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="region.name")
    level = serializers.IntegerField(source="region.level")
    status = serializers.CharField()
    working_group = serializers.CharField(source="group.name", default=None)
    kind = serializers.CharField(source="group.kind", default=None)
    secretariat_address = serializers.CharField(source="group.secretariat_address", default=None)
    contact_institution = serializers.CharField(
        source="group.contact_institution.name", default=None
    )
    email = serializers.CharField(source="group.email", default=None)
    phone = serializers.CharField(source="group.phone", default=None)
    activeness = serializers.IntegerField(
        allow_null=True,
        read_only=True,
        help_text="Activeness index 0-100 (docs/activeness.md); null without a working group.",
    )


class AppointmentSerializer(serializers.ModelSerializer):
    """Who a decree appointed, as the decree recorded them (not the membership as it is now);
    `membership` is null when the membership was since removed as a mistake."""

    class Meta:
        model = Appointment
        fields = ["membership", "full_name", "job_title", "position", "field", "institution_name"]
        read_only_fields = fields


class DecreeSerializer(serializers.ModelSerializer):
    working_group = serializers.SlugRelatedField(
        source="working_group.region", slug_field="code", read_only=True
    )
    status = serializers.SerializerMethodField()
    has_scan = serializers.SerializerMethodField()
    appointments = AppointmentSerializer(many=True, read_only=True)

    class Meta:
        model = Decree
        fields = [
            "id",
            "working_group",
            "number",
            "title",
            "signed_on",
            "signatory",
            "valid_from",
            "valid_until",
            "status",
            "replaces",
            "appointments",
            "has_scan",
        ]
        read_only_fields = fields

    def get_status(self, decree) -> str:
        return decree.status_on(timezone.localdate())

    def get_has_scan(self, decree) -> bool:
        return bool(decree.scan)
