"""Roll-ups that are right: a ratio indicator of a region is the sum of the numerators over the
sum of the denominators of the regions below it, never an average of percentages; a sum
indicator is the sum of their values. Each figure says how many regions below reported.

Values are added up at one base level: kabupaten/kota for the nation and the provinces,
desa/kelurahan for a kabupaten/kota or kecamatan. Only values of the same indicator, year,
period, source and method are ever added together.

`include_drafts` says whether the caller may read the private data of the region asked about
(`access.can_view_region`): then every value counts; else only the published ones
(`access.PUBLISHED_VALUES`: verified values of public indicators), as everywhere else.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from sinergi.monitoring.models import DataValue, Period
from sinergi.pokja.access import PUBLISHED_VALUES
from sinergi.regions.models import Region, below

# Length of a Kemendagri code at each level: "32", "32.04", "32.04.05", "32.04.05.2001".
CODE_LENGTH = {1: 2, 2: 5, 3: 8, 4: 13}


@dataclass
class Figure:
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reported: int = 0
    expected: int = 0

    @property
    def is_partial(self) -> bool:
        return self.reported < self.expected


def base_level(region) -> int:
    if region.level < Region.Level.REGENCY:
        return Region.Level.REGENCY
    return Region.Level.VILLAGE


def _base_values(indicator_ids, region, period, include_drafts, source=None, method=None):
    values = DataValue.objects.filter(
        below(region.code, "region__code"),
        indicator__in=indicator_ids,
        period=period,
        region__level=base_level(region),
    )
    if not include_drafts:
        values = values.filter(PUBLISHED_VALUES)
    if source:
        values = values.filter(source=source)
    if method:
        values = values.filter(method=method)
    return values


def _figure(indicator, numerator, denominator, total, reported, expected) -> Figure:
    if indicator.is_ratio:
        value = indicator.ratio(numerator, denominator) if denominator else None
        return Figure(value, numerator, denominator, reported, expected)
    return Figure(total if reported else None, None, None, reported, expected)


def expected_count(region) -> int:
    return Region.objects.filter(below(region.code), level=base_level(region)).count()


def rollups(indicators, region, years, period=Period.YEAR, include_drafts=False):
    """{(indicator id, year): Figure} for `region` and every pair asked, each indicator with its
    default source and method, in two queries whatever the number of regions."""
    expected = expected_count(region)
    by_indicator = {i.pk: i for i in indicators}
    condition = Q()
    for indicator in indicators:
        condition |= Q(
            indicator=indicator.pk,
            source=indicator.default_source,
            method=indicator.default_method,
        )
    rows = (
        _base_values(list(by_indicator), region, period, include_drafts)
        .filter(condition, year__in=list(years))
        .values("indicator", "year")
        .annotate(
            numerator=Sum("numerator"),
            denominator=Sum("denominator"),
            total=Sum("value"),
            reported=Count("region", distinct=True),
        )
    )
    result = {
        (indicator.pk, year): Figure(None, expected=expected)
        for indicator in indicators
        for year in years
    }
    for row in rows:
        indicator = by_indicator[row["indicator"]]
        result[(row["indicator"], row["year"])] = _figure(
            indicator,
            row["numerator"],
            row["denominator"],
            row["total"],
            row["reported"],
            expected,
        )
    return result


def rollup(indicator, region, year, period=Period.YEAR, include_drafts=False) -> Figure:
    return rollups([indicator], region, [year], period, include_drafts)[(indicator.pk, year)]


def ranking(indicator, region, year, period=Period.YEAR, include_drafts=False):
    """[(child region, Figure)] for every region directly below `region`, in code order, each
    rolled up from the base level (a kabupaten/kota's own value when it is the base level)."""
    children = list(region.children.order_by("code"))
    if not children:
        return []
    length = CODE_LENGTH[children[0].level]
    base = base_level(region)
    expected = dict(
        Region.objects.filter(below(region.code), level=base)
        .annotate(child=Substr("code", 1, length))
        .values_list("child")
        .annotate(n=Count("pk"))
    )
    rows = (
        _base_values(
            [indicator.pk],
            region,
            period,
            include_drafts,
            indicator.default_source,
            indicator.default_method,
        )
        .filter(year=year)
        .annotate(child=Substr("region__code", 1, length))
        .values("child")
        .annotate(
            numerator=Sum("numerator"),
            denominator=Sum("denominator"),
            total=Sum("value"),
            reported=Count("region", distinct=True),
        )
    )
    figures = {
        row["child"]: _figure(
            indicator,
            row["numerator"],
            row["denominator"],
            row["total"],
            row["reported"],
            expected.get(row["child"], 0),
        )
        for row in rows
    }
    return [
        (child, figures.get(child.code, Figure(None, expected=expected.get(child.code, 0))))
        for child in children
    ]


def direct_values(indicators, region, years, include_drafts=False, period=Period.YEAR):
    """{(indicator id, year): DataValue} entered for `region` itself (e.g. a BPS provincial
    figure), shown beside the computed roll-up, never in place of it."""
    values = (
        DataValue.objects.filter(
            indicator__in=[i.pk for i in indicators], region=region, year__in=list(years)
        )
        .filter(period=period)
        .order_by()
    )
    if not include_drafts:
        values = values.filter(PUBLISHED_VALUES)
    by_indicator = {i.pk: i for i in indicators}
    result = {}
    for value in values:
        indicator = by_indicator[value.indicator_id]
        if (value.source, value.method) == (indicator.default_source, indicator.default_method):
            result[(value.indicator_id, value.year)] = value
    return result
