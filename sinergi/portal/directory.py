"""The public directory: every province and kabupaten/kota with its working group, or none.

One function builds the rows, so the list, the map, the exports, the compliance overview and the
API show the same numbers. It lives in the portal because it reads several apps (decrees for the
legal status, activeness for the index).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django import forms
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from sinergi.activeness.index import totals
from sinergi.decrees.models import LegalStatus, legal_status, with_legal_status
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import Region


@dataclass
class Row:
    region: Region
    province: Region | None
    group: WorkingGroup | None
    status: LegalStatus
    # The activeness index of every group by id, computed at the first read of any row's
    # `activeness`: the list, map and exports show it, the compliance overview never pays for it.
    totals: Mapping[int, int] | None = field(default=None, repr=False, compare=False)

    @property
    def code(self):
        return self.region.code

    @property
    def activeness(self) -> int | None:
        """The group's activeness index, 0 to 100 (see docs/activeness.md), or None."""
        if self.group is None or self.totals is None:
            return None
        return self.totals.get(self.group.pk)


class DirectoryFilter(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    provinsi = forms.ChoiceField(label=_("Province"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + LegalStatus.choices
    )
    jenis = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + WorkingGroup.Kind.choices
    )

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provinsi"].choices = [("", _("All"))] + [(p.code, p.name) for p in provinces]


def directory(data=None) -> tuple[DirectoryFilter, list[Row]]:
    """The filter form bound to `data` (a QueryDict) and the rows it selects, in code order.

    Invalid filters are ignored field by field, so a hand-edited address still shows a list.
    """
    regions = list(
        Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.REGENCY]).order_by(
            "code"
        )
    )
    provinces = {r.code: r for r in regions if r.level == Region.Level.PROVINCE}
    form = DirectoryFilter(data or None, provinces=provinces.values())
    form.is_valid()
    filters = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}

    groups = with_legal_status(
        WorkingGroup.objects.filter(region__level__in=[1, 2]).select_related(
            "contact_institution", "contact_person"
        )
    )
    by_region = {g.region_id: g for g in groups}

    lazy_totals = SimpleLazyObject(totals)
    rows = []
    query = filters.get("q", "").lower()
    for region in regions:
        group = by_region.get(region.pk)
        row = Row(region, provinces.get(region.code[:2]), group, legal_status(group), lazy_totals)
        if "provinsi" in filters and region.code[:2] != filters["provinsi"]:
            continue
        if "status" in filters and row.status != filters["status"]:
            continue
        if "jenis" in filters and (group is None or group.kind != filters["jenis"]):
            continue
        if (
            query
            and query not in region.name.lower()
            and (group is None or query not in group.name.lower())
        ):
            continue
        rows.append(row)
    return form, rows


def coverage(rows: list[Row]) -> dict:
    """How many provinces and kabupaten/kota among `rows` have a group, and an active one."""
    summary = {}
    for level, key in ((Region.Level.PROVINCE, "provinces"), (Region.Level.REGENCY, "regencies")):
        at_level = [r for r in rows if r.region.level == level]
        summary[key] = {
            "total": len(at_level),
            "with_group": sum(1 for r in at_level if r.group is not None),
            "active": sum(1 for r in at_level if r.status in LegalStatus.valid()),
        }
    return summary
