"""The public directory: every province and kabupaten/kota with its working group, or none.

One function builds the rows, so the list, the map, the exports, the compliance overview and the
API show the same numbers. It lives in the portal because it reads several apps (decrees for the
legal status, activeness for the index).

The rows of the whole nation are built once and kept in the shared cache (`lib/cache.py`) until a
working group, decree or region changes ("groups") or the day changes (legal status depends on
the date); a request only filters them. The activeness index is read from its own cache.
"""

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from sinergi.activeness.index import totals
from sinergi.decrees.models import LegalStatus, legal_status, with_legal_status
from sinergi.lib.cache import cached
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


# The status filter takes a legal status (LegalStatus value) or one of two groups of them, so
# that every count of the status summary below links to a list of exactly that many rows.
HAS_GROUP = "group"
VALID = "valid"
STATUS_GROUPS = {
    HAS_GROUP: frozenset(s for s in LegalStatus if s != LegalStatus.NONE),
    VALID: frozenset(LegalStatus.valid()),
}
# The level filter: provinces, or kabupaten/kota.
LEVELS = {"provinsi": Region.Level.PROVINCE, "kabkota": Region.Level.REGENCY}


def statuses_of(value: str) -> frozenset:
    """The legal statuses a value of the status filter selects."""
    return STATUS_GROUPS.get(value) or frozenset({LegalStatus(value)})


def status_filter_label(value: str):
    """The label of a value of the status filter, the same in the filter and the summary."""
    if value == HAS_GROUP:
        return _("Has a working group")
    if value == VALID:
        return _("Valid decree (including ending soon)")
    return LegalStatus(value).label


def status_filter_choices(with_active=False):
    """The choices of the status filter. "active" (a valid decree not ending soon) is offered
    only to an address that asks for it (older links do): "valid" covers it with the decrees
    ending soon, and two "Valid decree" choices would read alike."""
    values = [HAS_GROUP, VALID] + ([LegalStatus.ACTIVE] if with_active else [])
    values += [LegalStatus.EXPIRING, LegalStatus.EXPIRED, LegalStatus.FORMING, LegalStatus.NONE]
    return [("", _("All"))] + [(str(v), status_filter_label(v)) for v in values]


class DirectoryFilter(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    provinsi = forms.ChoiceField(label=_("Province"), required=False)
    tingkat = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[
            ("", _("All")),
            ("provinsi", _("Provinces")),
            ("kabkota", _("Regencies and cities")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Legal status"), required=False, choices=status_filter_choices
    )
    jenis = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + WorkingGroup.Kind.choices
    )

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provinsi"].choices = [("", _("All"))] + [(p.code, p.name) for p in provinces]
        if self.data.get("status") == LegalStatus.ACTIVE:
            self.fields["status"].choices = status_filter_choices(with_active=True)


def directory(data=None, every=None) -> tuple[DirectoryFilter, list[Row]]:
    """The filter form bound to `data` (a QueryDict) and the rows it selects, in code order,
    among `every` row (`all_rows()`).

    Invalid filters are ignored field by field, so a hand-edited address still shows a list.
    """
    form, _scoped, rows = directory_scoped(data, every)
    return form, rows


def all_rows() -> list[Row]:
    """Every province and kabupaten/kota in code order, with its working group (its contact
    institution and person) and legal status today, without the activeness index: from the
    shared cache, or two queries."""
    today = timezone.localdate()
    return cached("directory-rows", lambda: _build_rows(today), topics=["groups"], parts=[today])


def _build_rows(today) -> list[Row]:
    regions = Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.REGENCY])
    groups = with_legal_status(
        WorkingGroup.objects.filter(region__level__in=[1, 2]).select_related(
            "contact_institution", "contact_person"
        ),
        today,
    )
    by_region = {g.region_id: g for g in groups}
    provinces = {}
    rows = []
    for region in regions.order_by("code"):
        if region.level == Region.Level.PROVINCE:
            provinces[region.code] = region
        group = by_region.get(region.pk)
        rows.append(Row(region, provinces.get(region.code[:2]), group, legal_status(group, today)))
    return rows


def directory_scoped(data=None, every=None) -> tuple[DirectoryFilter, list[Row], list[Row]]:
    """The filter form, the rows every filter but the status one selects (what the status
    summary counts) and the rows all filters select (the list), among `every` row."""
    every = all_rows() if every is None else every
    provinces = [row.region for row in every if row.region.level == Region.Level.PROVINCE]
    form = DirectoryFilter(data or None, provinces=provinces)
    form.is_valid()
    filters = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}

    lazy_totals = SimpleLazyObject(totals)
    scoped = []
    query = filters.get("q", "").lower()
    for row in every:
        region, group = row.region, row.group
        if "provinsi" in filters and region.code[:2] != filters["provinsi"]:
            continue
        if "tingkat" in filters and region.level != LEVELS[filters["tingkat"]]:
            continue
        if "jenis" in filters and (group is None or group.kind != filters["jenis"]):
            continue
        if (
            query
            and query not in region.name.lower()
            and (group is None or query not in group.name.lower())
        ):
            continue
        scoped.append(dataclasses.replace(row, totals=lazy_totals))
    rows = scoped
    if "status" in filters:
        wanted = statuses_of(filters["status"])
        rows = [row for row in scoped if row.status in wanted]
    return form, scoped, rows


def coverage(rows: list[Row]) -> dict:
    """How many provinces and kabupaten/kota among `rows` have a group, and how many a valid
    decree (key "active", kept for the map data and the API; the pages show `status_summary`)."""
    summary = {}
    for level, key in ((Region.Level.PROVINCE, "provinces"), (Region.Level.REGENCY, "regencies")):
        at_level = [r for r in rows if r.region.level == level]
        summary[key] = {
            "total": len(at_level),
            "with_group": sum(1 for r in at_level if r.group is not None),
            "active": sum(1 for r in at_level if r.status in LegalStatus.valid()),
        }
    return summary


# The lines of the status summary, each a value of the status filter with its depth: the regions
# with a working group, split by legal status (a valid decree, of which some end soon; an expired
# one; none yet), then the regions without. The lines of depth 1 add up to the line of depth 0.
SUMMARY_LINES = [
    (HAS_GROUP, 0),
    (VALID, 1),
    (str(LegalStatus.EXPIRING), 2),
    (str(LegalStatus.EXPIRED), 1),
    (str(LegalStatus.FORMING), 1),
    (str(LegalStatus.NONE), 0),
]
SUMMARY_COLUMNS = ["provinsi", "kabkota", ""]


def status_counts(rows: list[Row]) -> dict:
    """{filter value: [provinces, kabupaten/kota, all]} for every line of the summary, and
    "regions" for the number of rows: plain numbers, for the home page's cache."""
    columns = [
        [r for r in rows if r.region.level == Region.Level.PROVINCE],
        [r for r in rows if r.region.level == Region.Level.REGENCY],
        rows,
    ]
    counts = {"regions": [len(column) for column in columns]}
    for value, _depth in SUMMARY_LINES:
        wanted = statuses_of(value)
        counts[value] = [sum(1 for r in column if r.status in wanted) for column in columns]
    return counts


@dataclass
class Cell:
    count: int
    url: str


@dataclass
class SummaryLine:
    value: str
    label: str
    depth: int
    cells: list[Cell]

    @property
    def total(self) -> Cell:
        return self.cells[-1]


def status_summary(counts: dict, base_url: str, data=None) -> dict:
    """The summary of `status_counts` with, for every count, the address of the list it counts:
    `base_url` with the filters of `data` (a QueryDict) and this line's status and column's level.
    {"lines": [SummaryLine], "regions": [Cell], "by_value": {filter value: SummaryLine},
    "expiring_days": the days before its end from which a decree is "ending soon"}."""
    base = data.copy() if data is not None else QueryDict(mutable=True)
    for key in ("status", "tingkat", "page"):
        base.pop(key, None)

    def url(status, level):
        params = base.copy()
        if level:
            params["tingkat"] = level
        if status:
            params["status"] = status
        query = params.urlencode()
        return f"{base_url}?{query}" if query else base_url

    def cells(status, numbers):
        return [
            Cell(n, url(status, level)) for n, level in zip(numbers, SUMMARY_COLUMNS, strict=True)
        ]

    lines = [
        SummaryLine(value, status_filter_label(value), depth, cells(value, counts[value]))
        for value, depth in SUMMARY_LINES
    ]
    return {
        "lines": lines,
        "regions": cells("", counts["regions"]),
        "by_value": {line.value: line for line in lines},
        "expiring_days": settings.DECREE_EXPIRING_DAYS,
    }
