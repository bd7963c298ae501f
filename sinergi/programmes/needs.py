"""Villages with a need and no programme: villages of a region that do not meet an indicator
(e.g. not yet declared open-defecation-free) and where no agreed or running programme of the
matching sectors works, at the village or above it.

A village meets the indicator when its latest verified value reaches the goal: 100 % for an
indicator where higher is better, 0 % for one where lower is better.
"""

from django.db.models import OuterRef, Q, Subquery

from sinergi.monitoring.models import DataValue, Indicator
from sinergi.programmes.models import Programme, touching_filter
from sinergi.regions.models import Region, at_or_below, below, is_at_or_below

S = Indicator.Sector
# Sanitation and hygiene programmes answer each other's needs (STBM builds latrines too).
SECTORS = {
    S.SANITATION: [S.SANITATION, S.HYGIENE],
    S.HYGIENE: [S.SANITATION, S.HYGIENE],
}
ACTIVE = [Programme.Status.AGREED, Programme.Status.RUNNING]
DEFAULT_INDICATOR = "stbm-odf"


def need_indicators():
    """The indicators a need can be measured with: percentages."""
    return Indicator.objects.filter(
        aggregation=Indicator.Aggregation.RATIO, unit=Indicator.Unit.PERCENT
    )


def sectors_for(indicator) -> list[str]:
    return SECTORS.get(indicator.sector, [indicator.sector])


def villages_in_need(region, indicator):
    """A queryset of the villages below `region` that do not meet `indicator` and have no
    active programme of its sectors (one query to find the covered places, then the lazy
    queryset); each village carries `latest_value` (None when never reported)."""
    covered = set(
        Programme.locations.through.objects.filter(
            touching_filter(region.code, "region__"),
            programme__sector__in=sectors_for(indicator),
            programme__status__in=ACTIVE,
        ).values_list("region__code", flat=True)
    )
    villages = Region.objects.filter(below(region.code), level=Region.Level.VILLAGE)
    if any(is_at_or_below(region.code, code) for code in covered):
        return villages.none()
    villages = villages.exclude(at_or_below(covered))
    latest = DataValue.objects.filter(
        indicator=indicator, region=OuterRef("pk"), status=DataValue.Status.VERIFIED
    ).order_by("-year", "-updated")
    if indicator.direction == Indicator.Direction.HIGHER:
        unmet = Q(latest_value__lt=indicator.scale)
    else:
        unmet = Q(latest_value__gt=0)
    return (
        villages.annotate(latest_value=Subquery(latest.values("value")[:1]))
        .filter(Q(latest_value__isnull=True) | unmet)
        .select_related("parent")
        .order_by("code")
    )
