"""Whether the facilities of a region still work: the share working by type and by programme,
and the facilities that need attention. Every figure comes from each facility's latest
inspection; the rows of a region are read in one query whatever their number."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sinergi.facilities.models import Facility, Inspection

# A facility not inspected for longer than this is not known to work.
STALE_AFTER = datetime.timedelta(days=365)
WORKING = Inspection.Status.WORKING
PARTLY = Inspection.Status.PARTLY
NOT_WORKING = Inspection.Status.NOT_WORKING
NOT_INSPECTED = "belum"

# Marker colours of the map, and badges of the list.
COLOURS = {
    WORKING: "#1e6b34",
    PARTLY: "#b7791f",
    NOT_WORKING: "#a4262c",
    NOT_INSPECTED: "#8a949e",
}


def status_label(status) -> str:
    if status is None or status == NOT_INSPECTED:
        return _("Not inspected")
    return str(Inspection.Status(status).label)


@dataclass
class Share:
    """Facilities of one group (a type, a programme or all) by their latest status."""

    label: str
    total: int = 0
    working: int = 0
    partly: int = 0
    not_working: int = 0

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

    def add(self, status):
        self.total += 1
        if status == WORKING:
            self.working += 1
        elif status == PARTLY:
            self.partly += 1
        elif status == NOT_WORKING:
            self.not_working += 1


@dataclass
class RegionStats:
    overall: Share
    by_kind: list[Share] = field(default_factory=list)
    by_programme: list[Share] = field(default_factory=list)
    # (facility id, name, village name, status, last inspected on) needing attention.
    attention: list[tuple] = field(default_factory=list)


def needs_attention(status, last_inspected_on, today) -> bool:
    """Not working, or not inspected within the last year."""
    return (
        status == NOT_WORKING
        or last_inspected_on is None
        or last_inspected_on < today - STALE_AFTER
    )


def region_stats(facilities, today) -> RegionStats:
    """The statistics of `facilities` (a Facility queryset, e.g. `within(region)`), in one
    query."""
    rows = (
        facilities.with_status()
        .order_by("village__code", "name")
        .values_list(
            "pk",
            "name",
            "kind",
            "programme_id",
            "programme__name",
            "village__name",
            "status",
            "last_inspected_on",
        )
    )
    overall = Share(_("All facilities"))
    kinds = {kind: Share(str(label)) for kind, label in Facility.Kind.choices}
    programmes = defaultdict(lambda: Share(""))
    attention = []
    for pk, name, kind, programme_id, programme, village, status, last in rows:
        overall.add(status)
        kinds[kind].add(status)
        share = programmes[programme_id]
        share.label = programme or _("No programme recorded")
        share.add(status)
        if needs_attention(status, last, today):
            attention.append((pk, name, village, status, last))
    # Facilities not working first, then those longest without an inspection.
    attention.sort(key=lambda item: (item[3] != NOT_WORKING, item[4] or datetime.date.min))
    return RegionStats(
        overall=overall,
        by_kind=[share for share in kinds.values() if share.total],
        by_programme=[
            share
            for key, share in sorted(
                programmes.items(),
                key=lambda item: (item[0] is None, -item[1].total, item[1].label),
            )
        ],
        attention=attention,
    )
