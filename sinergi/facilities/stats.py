"""Whether the facilities of a region still work: the share working by type, by programme and by
region below, and the facilities that need attention. Every figure comes from each facility's
latest status (`Facility.status`, kept by `refresh_status`) and is counted by the database:
a few queries whatever the number of facilities, each answering a bounded number of rows."""

from dataclasses import dataclass, field, replace

from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.facilities.models import STALE_AFTER, Facility, Inspection
from sinergi.regions.models import Region

WORKING = Inspection.Status.WORKING
PARTLY = Inspection.Status.PARTLY
NOT_WORKING = Inspection.Status.NOT_WORKING
NOT_INSPECTED = "belum"
# The filter value of the facility list for those needing attention (FacilityFilterForm).
NEEDS_ATTENTION = "perhatian"

# Marker colours of the map, and badges of the list.
COLOURS = {
    WORKING: "#1e6b34",
    PARTLY: "#b7791f",
    NOT_WORKING: "#a4262c",
    NOT_INSPECTED: "#8a949e",
}
# The programmes with most facilities shown one by one; the others share one row.
PROGRAMMES_SHOWN = 20
# The facilities needing attention named on the page; the list, filtered, has them all.
ATTENTION_SHOWN = 10
# Length of the code of the regions one level below a region of each level.
CHILD_CODE_LENGTH = {
    Region.Level.NATIONAL: 2,
    Region.Level.PROVINCE: 5,
    Region.Level.REGENCY: 8,
    Region.Level.DISTRICT: 13,
}


def status_label(status) -> str:
    if status is None or status == NOT_INSPECTED:
        return _("Not inspected")
    return str(Inspection.Status(status).label)


@dataclass
class Share:
    """Facilities of one group (a type, a programme, a region or all) by their latest status;
    `key` is what the list filters them by (a type, a region code)."""

    label: str
    key: str = ""
    total: int = 0
    working: int = 0
    partly: int = 0
    not_working: int = 0
    attention: int = 0

    @property
    def inspected(self) -> int:
        return self.working + self.partly + self.not_working

    @property
    def not_inspected(self) -> int:
        return self.total - self.inspected

    @property
    def percent_working(self) -> float | None:
        """Working facilities among those inspected, in percent; None when none was."""
        if not self.inspected:
            return None
        return round(100 * self.working / self.inspected, 1)

    def add(self, counts: dict, prefix: str = ""):
        """Add the counts of a row of `_counts()`."""
        self.total += counts[f"{prefix}total"]
        self.working += counts[f"{prefix}working"]
        self.partly += counts[f"{prefix}partly"]
        self.not_working += counts[f"{prefix}not_working"]
        self.attention += counts.get(f"{prefix}attention", 0)

    def subtract(self, other: "Share"):
        self.total -= other.total
        self.working -= other.working
        self.partly -= other.partly
        self.not_working -= other.not_working
        self.attention -= other.attention


@dataclass
class RegionStats:
    overall: Share
    by_kind: list[Share] = field(default_factory=list)
    # The largest programmes, then the others together, then the facilities of none.
    by_programme: list[Share] = field(default_factory=list)
    # The regions one level below (none below a district).
    by_region: list[Share] = field(default_factory=list)
    # The first ATTENTION_SHOWN of those needing attention: (facility id, name, village name,
    # status, last inspected on); overall.attention counts them all.
    attention: list[tuple] = field(default_factory=list)


def needs_attention(status, last_inspected_on, today) -> bool:
    """Not working, or not inspected within the last year (as `needing_attention`)."""
    return (
        status == NOT_WORKING
        or last_inspected_on is None
        or last_inspected_on < today - STALE_AFTER
    )


def _counts(today, prefix="", only=None):
    """Aggregates of the facilities by status (`only`: a Q the counted ones also match)."""
    only = only or Q()
    stale = Q(last_inspected_on__isnull=True) | Q(last_inspected_on__lt=today - STALE_AFTER)
    return {
        f"{prefix}total": Count("pk", filter=only),
        f"{prefix}working": Count("pk", filter=only & Q(status=WORKING)),
        f"{prefix}partly": Count("pk", filter=only & Q(status=PARTLY)),
        f"{prefix}not_working": Count("pk", filter=only & Q(status=NOT_WORKING)),
        f"{prefix}attention": Count("pk", filter=only & (Q(status=NOT_WORKING) | stale)),
    }


def region_stats(region, today) -> RegionStats:
    """The statistics of the facilities in `region` or below, in four queries."""
    facilities = Facility.objects.within(region)
    width = CHILD_CODE_LENGTH.get(region.level)
    area = Substr("village__code", 1, width) if width else Value("")
    # One row per type and region below, with the facilities of no programme counted apart.
    groups = (
        facilities.annotate(area=area)
        .values("kind", "area")
        .annotate(**_counts(today), **_counts(today, "none_", Q(programme__isnull=True)))
        .order_by()
    )
    overall = Share(_("All facilities"))
    kinds = {kind: Share(str(label), kind) for kind, label in Facility.Kind.choices}
    areas = {}
    none = Share(_("No programme recorded"))
    for row in groups:
        overall.add(row)
        kinds[row["kind"]].add(row)
        areas.setdefault(row["area"], Share("", row["area"])).add(row)
        none.add(row, "none_")
    by_region = []
    if width:
        names = dict(Region.objects.filter(code__in=areas).values_list("code", "name"))
        for code in sorted(areas):
            share = areas[code]
            share.label = names.get(code, code)
            by_region.append(share)
    return RegionStats(
        overall=overall,
        by_kind=[share for share in kinds.values() if share.total],
        by_programme=_by_programme(facilities, today, overall, none),
        by_region=by_region,
        attention=_attention(facilities, today),
    )


def _by_programme(facilities, today, overall, none) -> list[Share]:
    # Each row also carries the number of programmes (COUNT(*) OVER () counts the groups before
    # the LIMIT), so that the row of the others is named in the same query whether or not
    # there are more programmes than shown.
    top = (
        facilities.filter(programme__isnull=False)
        .values("programme_id", "programme__name")
        .annotate(**_counts(today), programmes=Window(Count("*")))
        .order_by("-total", "programme__name", "programme_id")[:PROGRAMMES_SHOWN]
    )
    shares = []
    # The facilities of a programme not shown: all, less those of none, less those shown.
    others = replace(overall, label="", key="")
    others.subtract(none)
    programmes = 0
    for row in top:
        share = Share(row["programme__name"], str(row["programme_id"]))
        share.add(row)
        others.subtract(share)
        shares.append(share)
        programmes = row["programmes"]
    if others.total:
        count = programmes - len(shares)
        others.label = ngettext(
            "%(count)d other programme", "%(count)d other programmes", count
        ) % {"count": count}
        shares.append(others)
    if none.total:
        shares.append(none)
    return shares


def _attention(facilities, today) -> list[tuple]:
    """The first of those needing attention: not working first, then those longest without
    an inspection (never inspected first)."""
    return list(
        facilities.needing_attention(today)
        .annotate(
            working_order=Case(
                When(status=NOT_WORKING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by(
            "working_order",
            F("last_inspected_on").asc(nulls_first=True),
            "village__code",
            "name",
        )
        .values_list("pk", "name", "village__name", "status", "last_inspected_on")[:ATTENTION_SHOWN]
    )
