from rest_framework import serializers

from sinergi.pokja.models import Institution, WorkingGroup
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
