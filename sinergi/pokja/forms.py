from django import forms

from sinergi.pokja.models import Institution, WorkingGroup


class WorkingGroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = [
            "name",
            "kind",
            "secretariat_address",
            "contact_institution",
            "email",
            "phone",
            "member_institutions",
        ]
        widgets = {
            "secretariat_address": forms.Textarea(attrs={"rows": 3}),
            "member_institutions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Institutions of the group's own region: a working group never reaches into another's.
        institutions = Institution.objects.filter(region=self.instance.region_id)
        self.fields["contact_institution"].queryset = institutions
        self.fields["member_institutions"].queryset = institutions
