"""The figure of a region for an indicator and year, from values entered at any level.

Official figures come per province (BPS Susenas), sometimes per kabupaten/kota, and villages
report their own counts. One rule, used by the dashboards, rankings, map, home page and
`/api/rollups/`, turns them into one figure per region (docs/monitoring.md, "Roll-ups"):

- **The regions counted.** The nation adds up its provinces, a province its kabupaten/kota, a
  kabupaten/kota or kecamatan its desa/kelurahan. Kecamatan hold no values of their own
  (`values.validate_rows` refuses them), so a kabupaten/kota counts its villages directly.
- **Each child once.** Every child contributes its own figure: the value entered for it, or
  else what its own children add up to, never both, so no household is counted twice.
- **Sum over sum.** A ratio is the sum of the numerators over the sum of the denominators of
  the children that contribute, never an average of percentages; a sum indicator adds values.
- **Coverage** by count (`reported` of `expected`) and by weight (`covered` of `weight`: the
  denominators, e.g. households). A child without a figure weighs its most recent denominator
  entered for it directly in any year, or else the average of the children that reported; for
  a sum indicator every child weighs the same.
- **The most complete figure wins.** A value entered for the region itself covers all of it;
  a roll-up that covers every child (by weight) is preferred to it, anything less is not. The
  other figure stays beside the chosen one (`Figure.other`). A roll-up covering less than the
  indicator's `coverage_threshold` is `partial`.

Only values of the indicator's default source and method and of the same period are read.
`include_drafts` says whether the caller may read the private data of the region asked about
(`access.can_view_region`): then every value counts; else only the published ones
(`access.PUBLISHED_VALUES`).

The data of a region and everything below it is read in at most four grouped queries whatever
the number of regions (`Figures`): the values entered for provinces and kabupaten/kota, the
village values summed per kabupaten/kota (read from `VillageTotal`, kept on every write, so
the nation costs the same at 17 thousand values as at 17 million) or per kecamatan or village
below a kabupaten/kota (its own villages, in SQL), the provinces and kabupaten/kota of the
register, and the number of villages per group.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr

from sinergi.lib.cache import cached
from sinergi.monitoring.models import DataValue, Period, VillageTotal
from sinergi.pokja.access import PUBLISHED_VALUES
from sinergi.regions.models import Region, at_or_below, below

# Length of a Kemendagri code at each level: "32", "32.04", "32.04.05", "32.04.05.2001".
CODE_LENGTH = {1: 2, 2: 5, 3: 8, 4: 13}
DIRECT, ROLLUP = "direct", "rollup"
HUNDRED = Decimal(100)


@dataclass
class Figure:
    """One region's figure. `kind` says where it comes from: the value entered for the region
    itself (`direct`) or the children's figures added up (`rollup`); `other` is the figure of
    the other kind when both exist. `reported` of `expected` regions of `level` reported (a
    roll-up), covering `covered` of `weight` (denominators for a ratio, shares of children
    for a sum)."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reported: int = 0
    expected: int = 0
    covered: Decimal | None = None
    weight: Decimal | None = None
    kind: str = ""
    partial: bool = False
    draft: bool = False
    level: int | None = None
    other: "Figure | None" = field(default=None, repr=False)

    @property
    def is_partial(self) -> bool:
        return self.partial

    @property
    def is_direct(self) -> bool:
        return self.kind == DIRECT

    @property
    def coverage(self) -> Decimal | None:
        """The share of the weight covered, in percent to one decimal (100 for a value entered
        for the region itself)."""
        if self.kind == DIRECT:
            return HUNDRED
        if not self.weight:
            return None
        return (self.covered / self.weight * HUNDRED).quantize(Decimal("0.1"))

    @property
    def is_complete(self) -> bool:
        return self.kind == DIRECT or (self.weight is not None and self.covered >= self.weight)

    @property
    def rolled_up(self) -> "Figure | None":
        return self if self.kind == ROLLUP else self.other

    @property
    def entered(self) -> "Figure | None":
        return self if self.kind == DIRECT else self.other


def base_level(region) -> int:
    """The level whose rows the data-entry grid lists below `region` (monitoring/values.py)."""
    if region.level < Region.Level.REGENCY:
        return Region.Level.REGENCY
    return Region.Level.VILLAGE


def count_level(region) -> int:
    """The level of the regions a figure of `region` counts: provinces for the nation,
    kabupaten/kota for a province, desa/kelurahan below."""
    return {
        Region.Level.NATIONAL: Region.Level.PROVINCE,
        Region.Level.PROVINCE: Region.Level.REGENCY,
    }.get(region.level, Region.Level.VILLAGE)


def _sources(indicators) -> Q:
    condition = Q(pk__in=[])
    for indicator in indicators:
        condition |= Q(
            indicator=indicator.pk,
            source=indicator.default_source,
            method=indicator.default_method,
        )
    return condition


def _choose(indicator, direct, rolled_up):
    """The most complete of the two figures, with the other one beside it."""
    if rolled_up is not None:
        coverage = rolled_up.coverage
        rolled_up.partial = coverage is not None and coverage < indicator.coverage_threshold
    if direct is None or rolled_up is None:
        return direct or rolled_up
    chosen, other = (rolled_up, direct) if rolled_up.is_complete else (direct, rolled_up)
    chosen.other = other
    return chosen


class Figures:
    """The values of one region and everything below it for some indicators, years and one
    period, read in a fixed number of queries, and the figures of the region and of the
    regions below it built from them bottom-up (a dashboard's cards and ranking share one)."""

    def __init__(self, indicators, region, years, period, include_drafts):
        self.region = region
        self.indicators = {i.pk: i for i in indicators}
        self.years = list(years)
        self.period, self.include_drafts = period, include_drafts
        self.memo = {}
        values = DataValue.objects.filter(_sources(indicators), period=period).order_by()
        if not include_drafts:
            values = values.filter(PUBLISHED_VALUES)
        # Values entered for the region and the provinces and kabupaten/kota below it, of every
        # year: the other years give the weight of a child without a figure.
        self.direct, self.latest = {}, {}
        if region.level <= Region.Level.REGENCY:
            # By region ids (at most 552), so that the index on region serves it, not a scan
            # of every village value of the indicator.
            regions = Region.objects.filter(
                at_or_below(region.code), level__lte=Region.Level.REGENCY
            ).values("pk")
            rows = values.filter(region__in=regions).values_list(
                "indicator", "region__code", "year", "numerator", "denominator", "value", "status"
            )
            for indicator_id, code, year, numerator, denominator, value, status in rows:
                draft = status != DataValue.Status.VERIFIED
                if year in self.years:
                    self.direct[(indicator_id, code, year)] = (numerator, denominator, value, draft)
                if denominator is not None:
                    latest = self.latest.get((indicator_id, code))
                    if latest is None or latest[0] < year:
                        self.latest[(indicator_id, code)] = (year, denominator)
        # Village values added up in SQL per kabupaten/kota, or per kecamatan below a
        # kabupaten/kota (its ranking), or per village below a kecamatan.
        self.length = CODE_LENGTH[max(region.level + 1, Region.Level.REGENCY)]
        self.groups = {}
        self.villages = {}
        if region.level < Region.Level.VILLAGE:
            for row in self._village_sums(values):
                key = (row["indicator"], row["year"], row["group"][:5])
                self.groups.setdefault(key, []).append(row)
            if self.groups:
                for group, n in village_counts(region, self.length):
                    self.villages.setdefault(group[:5], []).append((group, n))
        # The provinces and kabupaten/kota of the register below the region.
        self.children = {}
        if region.level < Region.Level.REGENCY:
            codes = (
                Region.objects.filter(
                    below(region.code), level__in=[Region.Level.PROVINCE, Region.Level.REGENCY]
                )
                .values_list("code", "level")
                .order_by()
            )
            for code, level in codes:
                parent = Region.NATIONAL_CODE if level == Region.Level.PROVINCE else code[:2]
                self.children.setdefault(parent, []).append(code)

    def _village_sums(self, values):
        """The village values below the region summed per group of `self.length` characters of
        their code: one row per (indicator, year, group) with the sums and the count. Per
        kabupaten/kota (the nation, a province) they are read from the totals kept on every
        write (`VillageTotal`: at most 514 rows an indicator and year, whatever the number of
        values); below a kabupaten/kota, from the values of its own villages only."""
        if self.length == CODE_LENGTH[Region.Level.REGENCY]:
            return regency_totals(
                self.indicators.values(), self.region, self.years, self.period, self.include_drafts
            )
        # By region ids as well as by code (a kabupaten/kota has at most ~700 villages), so
        # that the index on region serves it, not a scan of every village value of the
        # indicators (90 ms for a kabupaten at one year of village data nationwide, now 8 ms).
        villages = Region.objects.filter(below(self.region.code), level=Region.Level.VILLAGE)
        return (
            values.filter(
                below(self.region.code, "region__code"),
                region__in=villages.values("pk"),
                year__in=self.years,
            )
            .annotate(group=Substr("region__code", 1, self.length))
            .values("indicator", "year", "group")
            .annotate(
                numerator=Sum("numerator"),
                denominator=Sum("denominator"),
                total=Sum("value"),
                reported=Count("pk"),
            )
        )

    def figure(self, indicator_id, year, code, level) -> Figure | None:
        """The figure of the region `code` (at `level`, at or below the tree's region)."""
        key = (indicator_id, year, code)
        if key not in self.memo:
            indicator = self.indicators[indicator_id]
            direct = None
            if level <= Region.Level.REGENCY:
                direct = self._direct(indicator, year, code)
            if level == Region.Level.VILLAGE:
                rolled_up, direct = None, self._village(indicator, year, code)
            elif level >= Region.Level.REGENCY:
                rolled_up = self._villages(indicator, year, code)
            else:
                rolled_up = self._children(indicator, year, code, level)
            self.memo[key] = _choose(indicator, direct, rolled_up)
        return self.memo[key]

    def _direct(self, indicator, year, code) -> Figure | None:
        row = self.direct.get((indicator.pk, code, year))
        if row is None:
            return None
        numerator, denominator, value, draft = row
        if indicator.is_ratio:
            weight = denominator
        else:
            numerator = denominator = None
            weight = Decimal(1)
        return Figure(
            value, numerator, denominator, covered=weight, weight=weight, kind=DIRECT, draft=draft
        )

    def _village(self, indicator, year, code) -> Figure | None:
        """The value of one village (the ranking below a kecamatan)."""
        rows = [
            r for r in self.groups.get((indicator.pk, year, code[:5]), []) if r["group"] == code
        ]
        if not rows:
            return None
        row = rows[0]
        if indicator.is_ratio:
            value = indicator.ratio(row["numerator"], row["denominator"])
            numerator, denominator = row["numerator"], row["denominator"]
            weight = denominator
        else:
            value, numerator, denominator, weight = row["total"], None, None, Decimal(1)
        return Figure(value, numerator, denominator, covered=weight, weight=weight, kind=DIRECT)

    def _villages(self, indicator, year, code) -> Figure | None:
        """The villages of the kabupaten/kota or kecamatan `code`, added up; a village that did
        not report weighs the average of those that did."""
        rows = self.groups.get((indicator.pk, year, code[:5]))
        if not rows:
            return None
        counts = self.villages.get(code[:5], [])
        if len(code) > CODE_LENGTH[Region.Level.REGENCY]:  # a kecamatan: its own rows only
            inside = code + "."
            rows = [r for r in rows if r["group"] == code or r["group"].startswith(inside)]
            counts = [(g, n) for g, n in counts if g == code or g.startswith(inside)]
        reported = _total(rows, "reported")
        if not reported:
            return None
        expected = max(sum(n for _group, n in counts), reported)
        if indicator.is_ratio:
            numerator, denominator = _total(rows, "numerator"), _total(rows, "denominator")
            if not denominator:
                return None
            value = indicator.ratio(numerator, denominator)
            covered = Decimal(denominator)
        else:
            numerator = denominator = None
            value = _total(rows, "total")
            covered = Decimal(reported)
        weight = covered + covered / reported * (expected - reported)
        return Figure(
            value,
            numerator,
            denominator,
            reported,
            expected,
            covered,
            weight,
            kind=ROLLUP,
            level=Region.Level.VILLAGE,
        )

    def _children(self, indicator, year, code, level) -> Figure | None:
        """The provinces of the nation or the kabupaten/kota of a province, added up."""
        children = self.children.get(code, [])
        parts, missing = [], []
        for child in children:
            part = _contribution(indicator, self.figure(indicator.pk, year, child, level + 1))
            if part is None:
                missing.append(child)
            else:
                parts.append(part)
        if not parts:
            return None
        if indicator.is_ratio:
            numerator = sum(p.numerator for p in parts)
            denominator = sum(p.denominator for p in parts)
            value = indicator.ratio(numerator, denominator)
            covered = sum(p.covered for p in parts)
            weight = sum(p.weight for p in parts)
            average = weight / len(parts)
            for child in missing:
                latest = self.latest.get((indicator.pk, child))
                weight += latest[1] if latest else average
        else:
            numerator = denominator = None
            value = sum(p.value for p in parts)
            covered = sum(p.covered / p.weight for p in parts)
            weight = Decimal(len(children))
        return Figure(
            value,
            numerator,
            denominator,
            len(parts),
            len(children),
            Decimal(covered),
            Decimal(weight),
            kind=ROLLUP,
            level=level + 1,
        )

    def region_figures(self) -> dict:
        """{(indicator id, year): Figure} of the region for every pair. A pair without any
        value gets an empty figure (value None) that says how many could report."""
        region, empty = self.region, None
        result = {}
        for indicator_id in self.indicators:
            for year in self.years:
                figure = self.figure(indicator_id, year, region.code, region.level)
                if figure is None:
                    if empty is None:
                        empty = self._expected(region)
                    figure = Figure(None, expected=empty, level=count_level(region))
                result[(indicator_id, year)] = figure
        return result

    def ranking(self, indicator, year) -> list:
        """[(child region, Figure)] for every region directly below, in code order, each with
        its own figure by the same rule (an empty figure when it has none)."""
        children = list(self.region.children.order_by("code"))
        return [
            (
                child,
                self.figure(indicator.pk, year, child.code, child.level)
                or Figure(None, expected=self._expected(child), level=count_level(child)),
            )
            for child in children
        ]

    def _expected(self, region) -> int:
        """How many regions a figure of `region` counts, from what the tree has read (a
        kabupaten/kota or kecamatan without village values below the tree's region: 0), or
        from the register for the tree's own region at those levels."""
        if region.level < Region.Level.REGENCY:
            return len(self.children.get(region.code, []))
        if region == self.region:
            return Region.objects.filter(below(region.code), level=Region.Level.VILLAGE).count()
        inside = region.code + "."
        return sum(
            n
            for group, n in self.villages.get(region.code[:5], [])
            if group == region.code or group.startswith(inside)
        )


def _total(rows, name):
    """The sum of `name` over `rows`, leaving out empty ones; one row (a kabupaten/kota of the
    nation's or a province's tree, 25,700 of them on the national dashboard) without a loop."""
    if len(rows) == 1:
        return rows[0][name] if rows[0][name] is not None else 0
    return sum(r[name] for r in rows if r[name] is not None)


def village_counts(region, length) -> list[tuple[str, int]]:
    """[(group, number of villages)] below `region`, grouped by the first `length` characters
    of their code: from the shared cache, as the register changes far less often than the
    values (83,762 villages counted in ~40 ms)."""

    def compute():
        counts = (
            Region.objects.filter(below(region.code), level=Region.Level.VILLAGE)
            .annotate(group=Substr("code", 1, length))
            .values_list("group")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return list(counts)

    return cached("village-counts", compute, topics=("groups",), parts=(region.code, length))


def _contribution(indicator, figure) -> Figure | None:
    """What a child adds to its parent: its figure, or the other one when a ratio value was
    entered without its numerator and denominator (it cannot be added up)."""
    for candidate in (figure, figure and figure.other):
        if candidate is None or candidate.value is None:
            continue
        if not indicator.is_ratio or candidate.denominator:
            return candidate
    return None


def regency_totals(indicators, region, years, period=Period.YEAR, include_drafts=False):
    """The village values below `region` (the nation or a province) added up per kabupaten/kota,
    each indicator with its default source and method: rows of {indicator, year, group (the
    kabupaten/kota code), numerator, denominator, total, reported}, as
    `Figures._village_sums` gives them, read from the totals of `VillageTotal` (at
    most 514 rows an indicator and year) instead of every village value (83,762)."""
    condition = Q(pk__in=[])
    for indicator in indicators:
        condition |= Q(
            indicator=indicator.pk, source=indicator.default_source, method=indicator.default_method
        )
    totals = VillageTotal.objects.filter(
        condition, below(region.code, "regency"), period=period, year__in=list(years)
    )
    if not include_drafts:
        totals = totals.filter(PUBLISHED_VALUES)
    return (
        totals.values("indicator", "year", group=F("regency"))
        .annotate(
            numerator=Sum("numerator"),
            denominator=Sum("denominator"),
            total=Sum("value"),
            reported=Sum("count"),
        )
        .filter(reported__gt=0)
        .order_by()
    )


def rollups(indicators, region, years, period=Period.YEAR, include_drafts=False):
    """{(indicator id, year): Figure} of `region` for every pair asked, each indicator with its
    default source and method, in at most four queries whatever the number of regions."""
    years = list(years)
    if not indicators or not years:
        return {}
    return Figures(indicators, region, years, period, include_drafts).region_figures()


def rollup(indicator, region, year, period=Period.YEAR, include_drafts=False) -> Figure:
    return rollups([indicator], region, [year], period, include_drafts)[(indicator.pk, year)]


def ranking(indicator, region, year, period=Period.YEAR, include_drafts=False):
    """[(child region, Figure)] for every region directly below `region`, in code order."""
    return Figures([indicator], region, [year], period, include_drafts).ranking(indicator, year)


def direct_values(indicators, region, years, include_drafts=False, period=Period.YEAR):
    """{(indicator id, year): DataValue} entered for `region` itself (e.g. a BPS provincial
    figure), of each indicator's default source and method."""
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
