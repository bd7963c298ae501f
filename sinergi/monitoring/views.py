"""Public pages of the indicators: the open-data catalogue, the dashboard of a region (its key
indicators with trend, target and gap, and a ranking and a map of the regions below) and the
map's data.

Every number comes from rollups.py, and the ranking table and the map both come from
`Figures.ranking()`, so a page, its map and the pages above and below it agree. Draft values and
non-public indicators are shown only to users whose scope covers the region.

The figures are computed once and kept in the shared cache (lib/cache.py) until a value,
indicator, target or region is written: the indicators and their years by visibility, the
key-indicator cards by region, visibility and language, the ranking by region, visibility,
indicator and year. The visibility (`_visibility`: drafts included or not) is part of every
key, so an entry computed with drafts is never served to a reader who may not see them.
"""

import math
import zlib
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from sinergi.lib.cache import cached
from sinergi.monitoring import charts
from sinergi.monitoring.models import Indicator, Period, Target
from sinergi.monitoring.rollups import Figure, Figures
from sinergi.monitoring.values import years_with_data
from sinergi.pokja.access import can_view_region
from sinergi.regions import boundaries
from sinergi.regions.models import Region

# ColorBrewer YlGnBu, 5 classes: sequential and colour-blind safe; the darkest is the best.
PALETTE = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
NO_DATA = "#bdbdbd"
# What the cached figures depend on: values, indicators and targets; the register of regions.
TOPICS = ("values", "groups")
# Part of every cache key here: raise it when the shape of a cached value changes, so that a
# new release never reads what an older one stored.
CACHE_FORMAT = 2


def shapes_below(region):
    """The boundary file of the regions below a dashboard's region: the provinces, or the
    province's own kabupaten/kota only (sinergi/regions/boundaries.py); none further down."""
    if region.level == Region.Level.NATIONAL:
        return boundaries.PROVINCES_FILE
    if region.level == Region.Level.PROVINCE and region.code in boundaries.province_codes():
        return boundaries.province_file(region.code)
    return None


def format_value(indicator, value) -> str:
    """A value as pages, charts and the map show it, in the current language ("85,66%")."""
    places = 2 if indicator.is_ratio or indicator.unit == Indicator.Unit.PERCENT else 0
    number = formats.number_format(value, places, force_grouping=True)
    if indicator.unit == Indicator.Unit.PERCENT:
        return f"{number}%"
    return f"{number} {indicator.get_unit_display()}"


def reported_text(figure: Figure, level=None, indicator=None) -> str:
    """How many regions a roll-up counts and, for a ratio `indicator`, how much of the
    denominator they cover: "3 of 4 regencies and cities reported, covering 75.0% of seluruh
    rumah tangga". Empty for a value entered for the region itself. `level` is the level
    counted when the figure does not say (an empty figure)."""
    if figure.is_direct or not figure.expected:
        return ""
    level = figure.level if figure.level is not None else level
    numbers = {
        "reported": formats.number_format(figure.reported, force_grouping=True),
        "expected": formats.number_format(figure.expected, force_grouping=True),
    }
    if level == Region.Level.PROVINCE:
        text = ngettext(
            "%(reported)s of %(expected)s province reported",
            "%(reported)s of %(expected)s provinces reported",
            figure.expected,
        )
    elif level == Region.Level.REGENCY:
        text = ngettext(
            "%(reported)s of %(expected)s regency or city reported",
            "%(reported)s of %(expected)s regencies and cities reported",
            figure.expected,
        )
    else:
        text = ngettext(
            "%(reported)s of %(expected)s village reported",
            "%(reported)s of %(expected)s villages reported",
            figure.expected,
        )
    text %= numbers
    if indicator is not None and indicator.is_ratio and figure.coverage is not None:
        text += _(", covering %(share)s%% of %(denominator)s") % {
            "share": formats.number_format(figure.coverage, 1),
            "denominator": indicator.denominator,
        }
    return text


def source_text(figure: Figure, region, indicator) -> str:
    """Where a figure comes from, for a trend row or a ranking row."""
    if figure.is_direct:
        text = _("entered for %(name)s") % {"name": region.name}
        return f"{text} ({_('draft')})" if figure.draft else text
    text = reported_text(figure, indicator=indicator)
    return f"{text} · {_('partial')}" if figure.partial else text


def _indicators(in_scope: bool) -> list[Indicator]:
    indicators = Indicator.objects.all()
    return list(indicators if in_scope else indicators.filter(is_public=True))


def _years_with_data(indicators, include_drafts: bool) -> dict[int, list[int]]:
    """{indicator id: [years with yearly values anywhere]}, in one query (on the counts)."""
    return years_with_data(indicators, include_drafts)


def _visibility(include_drafts: bool) -> str:
    """The part of a cache key that keeps figures with drafts apart from the published ones."""
    return "drafts" if include_drafts else "published"


def _catalogue(include_drafts: bool) -> tuple[list[Indicator], dict[int, list[int]]]:
    """The indicators a reader sees and {indicator id: [years with yearly values anywhere]}
    (from the counts, `values.years_with_data`), shared by every reader of the same
    visibility."""

    def compute():
        indicators = _indicators(include_drafts)
        return indicators, _years_with_data(indicators, include_drafts)

    return cached(
        f"monitoring-indicators-{CACHE_FORMAT}",
        compute,
        topics=("values",),
        parts=(_visibility(include_drafts),),
    )


def _chosen(params, indicators, years):
    """The indicator and year of ?indikator=&tahun=, and whether that year has values. The
    year asked is the year shown, with or without values (the page says so); by default, or
    when the indicator is unknown or the year is no year, the first key indicator and its
    latest year with data."""
    by_code = {i.code: i for i in indicators}
    default = next((i for i in indicators if i.is_key), indicators[0] if indicators else None)
    indicator = by_code.get(params.get("indikator", ""), default)
    if indicator is None:
        return None, None, False
    available = years.get(indicator.pk, [])
    year = params.get("tahun", "")
    if len(year) == 4 and year.isdigit():
        return indicator, int(year), int(year) in available
    return indicator, (available[-1] if available else None), bool(available)


def _year_span(years) -> str:
    """Consecutive years as one span ("2021–2024"), others one by one."""
    if len(years) > 1 and years[-1] - years[0] == len(years) - 1:
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(year) for year in years)


def _dashboard_urls(indicator, year):
    """`url(code)`: the dashboard of the region `code` for `indicator` and `year`, with one
    reversal for every row of a ranking or a map."""
    sample = reverse("monitoring:dashboard", args=[Region.NATIONAL_CODE])
    head = sample[: -len(Region.NATIONAL_CODE) - 1]
    query = urlencode({"indikator": indicator.code, "tahun": "" if year is None else year})
    return lambda code: f"{head}{code}/?{query}"


@dataclass
class YearRow:
    year: int
    # The year's figure: entered for the region or rolled up, the other one in `figure.other`.
    figure: Figure
    target: Target | None
    value: Decimal
    label: str
    # Where the figure comes from: "entered for …" or "3 of 4 … reported, covering …".
    source: str
    other_label: str
    other_source: str
    target_label: str

    @property
    def partial(self) -> bool:
        return self.figure.partial


@dataclass
class Card:
    indicator: Indicator
    rows: list[YearRow]
    # The latest complete year, or the latest year when every year is partial.
    headline: YearRow | None
    # Why the headline's figure is the one shown when both kinds exist.
    reason: str
    target: Target | None
    target_label: str
    # How far the headline value is from the target, in the indicator's direction; ≤ 0 is
    # reached.
    gap: Decimal | None
    gap_label: str
    chart: str

    @property
    def latest(self) -> YearRow | None:
        return self.headline

    @property
    def later_partial(self) -> list[YearRow]:
        """Partial years after the headline, listed but not used as headline or trend point."""
        return [row for row in self.rows if self.headline and row.year > self.headline.year]

    @property
    def has_other(self) -> bool:
        return any(row.other_label for row in self.rows)

    @property
    def has_targets(self) -> bool:
        return any(row.target for row in self.rows)


def _target(targets, indicator, year, region_ids, later=False) -> Target | None:
    """The target of `year` (with `later`, else the next one), the region's before the nation's."""
    candidates = [
        targets[key]
        for region_id in region_ids
        for key in targets
        if key[:2] == (indicator.pk, region_id) and (key[2] == year or later and key[2] > year)
    ]
    return min(candidates, key=lambda t: (t.year, region_ids.index(t.region_id)), default=None)


def _year_rows(indicator, region, years, figures, targets, region_ids) -> list[YearRow]:
    """The years in which `indicator` has a figure for the region, oldest first."""
    label = partial(format_value, indicator)
    rows = []
    for year in years:
        figure = figures[(indicator.pk, year)]
        if figure.value is None:
            continue
        target = _target(targets, indicator, year, region_ids)
        other = figure.other
        rows.append(
            YearRow(
                year=year,
                figure=figure,
                target=target,
                value=figure.value,
                label=label(figure.value),
                source=source_text(figure, region, indicator),
                other_label=label(other.value) if other and other.value is not None else "",
                other_source=source_text(other, region, indicator) if other else "",
                target_label=label(target.value) if target else "",
            )
        )
    return rows


def _reason(figure: Figure, region) -> str:
    if figure.other is None:
        return ""
    if figure.is_direct:
        return _(
            "The value entered for %(name)s is shown: the roll-up of the regions below does "
            "not cover all of them."
        ) % {"name": region.name}
    return _(
        "The roll-up is shown: it covers every region below, and the value entered for "
        "%(name)s stands beside it."
    ) % {"name": region.name}


def _trend_chart(indicator, rows, target) -> str:
    """The values by year as a line, every year from the first to the last (gaps left open),
    with the target as a dashed line."""
    percent = indicator.unit == Indicator.Unit.PERCENT
    label = partial(format_value, indicator)

    def tick(value):
        places = 0 if value == value.to_integral_value() else 1
        number = formats.number_format(value, places, force_grouping=True)
        return f"{number}%" if percent else number

    values = {row.year: row.value for row in rows}
    first, last = rows[0].year, rows[-1].year
    target_line = None
    if target is not None:
        text = _("Target %(year)s: %(value)s") % {"year": target.year, "value": label(target.value)}
        target_line = (target.value, text)
    years = str(first) if first == last else f"{first}–{last}"
    return charts.line_chart(
        [(str(year), values.get(year)) for year in range(first, last + 1)],
        chart_id=f"tren-{indicator.code}",
        title=_("%(indicator)s by year, %(years)s") % {"indicator": indicator.name, "years": years},
        description=_("Line chart of the values by year; the table beside it gives the numbers."),
        label=label,
        tick_label=tick,
        target=target_line,
        limits=(0, 100) if percent else None,
    )


def _card(indicator, region, rows, targets, region_ids) -> Card:
    if not rows:
        return Card(indicator, rows, None, "", None, "", None, "", "")
    # A partial year is no headline and no trend point while a complete year exists.
    complete = [row for row in rows if not row.partial] or rows
    headline = complete[-1]
    target = _target(targets, indicator, headline.year, region_ids, later=True)
    gap, gap_label = None, ""
    if target is not None:
        gap = target.value - headline.value
        if indicator.direction == Indicator.Direction.LOWER:
            gap = -gap
    if gap is not None and gap > 0:
        if indicator.unit == Indicator.Unit.PERCENT:
            gap_label = formats.number_format(gap, 2, force_grouping=True)
        else:
            gap_label = format_value(indicator, gap)
    return Card(
        indicator=indicator,
        rows=rows,
        headline=headline,
        reason=_reason(headline.figure, region),
        target=target,
        target_label=format_value(indicator, target.value) if target else "",
        gap=gap,
        gap_label=gap_label,
        chart=_trend_chart(indicator, complete, target),
    )


def _figures(region, indicators, years, chosen, include_drafts) -> Figures | None:
    """One reading of the values for the key indicators' cards (every year with data) and the
    ranking of the `chosen` (indicator, year), whatever the number of regions."""
    indicator, year = chosen
    shown = [i for i in indicators if i.is_key or i == indicator]
    all_years = {y for i in shown if i.is_key for y in years.get(i.pk, [])}
    if year is not None:
        all_years.add(year)
    if not shown or not all_years:
        return None
    return Figures(shown, region, sorted(all_years), Period.YEAR, include_drafts)


def _cards(region, nation, indicators, years, tree) -> list[Card]:
    """The key indicators of `region`, with the same number of queries for any region."""
    key = [i for i in indicators if i.is_key]
    if tree is None:
        return [_card(indicator, region, [], {}, []) for indicator in key]
    figures = tree.region_figures()
    region_ids = [region.pk] if region == nation else [region.pk, nation.pk]
    targets = {
        (t.indicator_id, t.region_id, t.year): t
        for t in Target.objects.filter(indicator__in=key, region__in=region_ids)
    }
    return [
        _card(
            indicator,
            region,
            _year_rows(
                indicator, region, years.get(indicator.pk, []), figures, targets, region_ids
            ),
            targets,
            region_ids,
        )
        for indicator in key
    ]


def _packed(html: str) -> bytes:
    """Rendered HTML as the cache keeps it: compressed (a dashboard's cards are ~50 KB)."""
    return zlib.compress(html.encode(), 1)


def _unpacked(data: bytes) -> SafeString:
    return mark_safe(zlib.decompress(data).decode())  # rendered by our templates, escaped


def _cards_html(region, nation, indicators, years, include_drafts, tree) -> SafeString:
    """The HTML of `_cards` in the current language, from the shared cache; `tree()` reads the
    values when they are not there."""

    def compute():
        cards = _cards(region, nation, indicators, years, tree())
        return _packed(
            render_to_string("monitoring/_cards.html", {"cards": cards, "region": region})
        )

    data = cached(
        f"monitoring-cards-{CACHE_FORMAT}",
        compute,
        topics=TOPICS,
        parts=(region.code, _visibility(include_drafts), get_language()),
    )
    return _unpacked(data)


def _ranking_figures(region, indicator, year, include_drafts, tree=None) -> list:
    """[(child region, Figure)] of the regions below `region` (`Figures.ranking`), from the
    shared cache: the dashboard's table and the map read the same entry. `tree()`, when given,
    is a reading that already holds the indicator and year."""

    def compute():
        figures = tree() if tree else None
        if figures is None:
            figures = Figures([indicator], region, [year], Period.YEAR, include_drafts)
        return figures.ranking(indicator, year)

    return cached(
        f"monitoring-ranking-{CACHE_FORMAT}",
        compute,
        topics=TOPICS,
        parts=(region.code, _visibility(include_drafts), indicator.code, year),
    )


@dataclass
class RankRow:
    rank: int | None
    region: Region
    figure: Figure
    label: str
    bar: str
    reported: str
    url: str


def _row_source(figure, child, indicator) -> str:
    if figure.value is None:
        return reported_text(figure, indicator=indicator)
    return source_text(figure, child, indicator)


def _ranking(indicator, year, rows) -> list[RankRow]:
    """The regions below (`_ranking_figures`), best first by the indicator's direction, no
    data last."""
    known = sorted(
        (row for row in rows if row[1].value is not None),
        key=lambda row: row[1].value,
        reverse=indicator.direction == Indicator.Direction.HIGHER,
    )
    unknown = [row for row in rows if row[1].value is None]
    percent = indicator.unit == Indicator.Unit.PERCENT
    maximum = 100 if percent else max((row[1].value for row in known), default=0)
    url = _dashboard_urls(indicator, year)
    result, rank, previous = [], None, None
    for position, (child, figure) in enumerate(known + unknown, start=1):
        if figure.value is None:
            rank = None
        elif figure.value != previous:
            rank, previous = position, figure.value
        result.append(
            RankRow(
                rank=rank,
                region=child,
                figure=figure,
                label=format_value(indicator, figure.value) if figure.value is not None else "",
                bar=charts.bar(figure.value, maximum) if figure.value is not None else "",
                reported=_row_source(figure, child, indicator),
                url=url(child.code) if child.level <= Region.Level.DISTRICT else "",
            )
        )
    return result


def _ranking_html(region, indicator, year, include_drafts, tree=None) -> tuple[int, SafeString]:
    """How many regions `_ranking` lists and the HTML of its table in the current language,
    from the shared cache."""

    def compute():
        rows = _ranking_figures(region, indicator, year, include_drafts, tree)
        context = {
            "ranking": _ranking(indicator, year, rows),
            "indicator": indicator,
            "year": year,
            "include_drafts": include_drafts,
            "shows_reported": region.level < Region.Level.DISTRICT,
        }
        return len(rows), _packed(render_to_string("monitoring/_ranking_table.html", context))

    count, data = cached(
        f"monitoring-ranking-table-{CACHE_FORMAT}",
        compute,
        topics=TOPICS,
        parts=(region.code, _visibility(include_drafts), indicator.code, year, get_language()),
    )
    return count, _unpacked(data)


def _legend(indicator, values) -> list[dict]:
    """Up to five classes holding about as many regions each (quantiles), light to dark from the
    worst values to the best."""
    values = sorted(values)
    if not values:
        return []
    count = min(len(PALETTE), len(set(values)))
    uppers = sorted({values[math.ceil(len(values) * (i + 1) / count) - 1] for i in range(count)})
    classes, lower = [], values[0]
    for index, upper in enumerate(uppers):
        shade = round(index * (len(PALETTE) - 1) / (len(uppers) - 1)) if len(uppers) > 1 else 2
        if indicator.direction == Indicator.Direction.LOWER:
            shade = len(PALETTE) - 1 - shade
        low, high = format_value(indicator, lower), format_value(indicator, upper)
        classes.append(
            {
                "min": float(lower),
                "max": float(upper),
                "label": low if lower == upper else f"{low} – {high}",
                "colour": PALETTE[shade],
            }
        )
        lower = next((value for value in values if value > upper), upper)
    return classes


def _colour(legend, value) -> str:
    if value is None:
        return NO_DATA
    return next(c["colour"] for c in legend if float(value) <= c["max"])


@login_not_required
def catalogue(request):
    """The open-data catalogue: every public indicator, grouped by sector."""
    indicators, years = _catalogue(include_drafts=False)
    by_sector: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        indicator.year_span = _year_span(years.get(indicator.pk, []))
        by_sector.setdefault(indicator.sector, []).append(indicator)
    sectors = [
        (label, by_sector[value]) for value, label in Indicator.Sector.choices if value in by_sector
    ]
    return render(request, "monitoring/catalogue.html", {"sectors": sectors})


@login_not_required
def dashboard(request, code=Region.NATIONAL_CODE):
    """The key indicators of a region and a ranking and map of the regions below it."""
    region = get_object_or_404(Region, code=code, level__lte=Region.Level.DISTRICT)
    ancestors = region.ancestors()
    include_drafts = can_view_region(request.user, region)
    indicators, years = _catalogue(include_drafts)
    indicator, year, has_data = _chosen(request.GET, indicators, years)
    # One reading of the values serves the cards and the ranking when neither is cached.
    trees = {}

    def tree():
        if "tree" not in trees:
            trees["tree"] = _figures(region, indicators, years, (indicator, year), include_drafts)
        return trees["tree"]

    nation = (ancestors or [region])[0]
    cards_html = _cards_html(region, nation, indicators, years, include_drafts, tree)
    ranked, ranking_html = 0, ""
    if has_data:
        built = tree if "tree" in trees else None
        ranked, ranking_html = _ranking_html(region, indicator, year, include_drafts, built)
    context = {
        "region": region,
        "ancestors": ancestors,
        "include_drafts": include_drafts,
        "cards_html": cards_html,
        "indicators": indicators,
        "indicator": indicator,
        "year": year,
        "years": years.get(indicator.pk, []) if indicator else [],
        # False: no value of the indicator this reader may see in the year asked (or at all).
        "has_data": has_data,
        "ranked": ranked,
        "ranking_html": ranking_html,
        # The cards and the ranking's rows themselves, computed only when read (the page shows
        # their cached HTML): for tests and other templates.
        "cards": SimpleLazyObject(lambda: _cards(region, nation, indicators, years, tree())),
        "ranking": SimpleLazyObject(
            lambda: (
                _ranking(indicator, year, _ranking_figures(region, indicator, year, include_drafts))
                if has_data
                else []
            )
        ),
        "shows_reported": region.level < Region.Level.DISTRICT,
        "shapes": shapes_below(region),
        "map_query": urlencode(
            {"indikator": indicator.code, "tahun": year or "", "wilayah": region.code}
            if indicator
            else {}
        ),
    }
    return render(request, "monitoring/dashboard.html", context)


def _map_data(region, indicator, year, has_data, include_drafts) -> dict:
    """The map's data of the regions below `region` (see `map_data`)."""
    rows = _ranking_figures(region, indicator, year, include_drafts) if has_data else []
    legend = _legend(indicator, [figure.value for _, figure in rows if figure.value is not None])
    url = _dashboard_urls(indicator, year)
    regions = {
        child.code: {
            "name": child.name,
            "value": float(figure.value) if figure.value is not None else None,
            "label": format_value(indicator, figure.value) if figure.value is not None else None,
            "source": figure.kind or None,
            "reported": figure.reported,
            "expected": figure.expected,
            "coverage": float(figure.coverage) if figure.coverage is not None else None,
            "partial": figure.partial,
            "reported_label": _row_source(figure, child, indicator),
            "colour": _colour(legend, figure.value),
            "url": url(child.code) if child.level <= Region.Level.DISTRICT else None,
        }
        for child, figure in rows
    }
    return {
        "indicator": {"code": indicator.code, "name": indicator.name, "unit": indicator.unit},
        "direction": indicator.direction,
        "year": year,
        "has_data": has_data,
        "region": {"code": region.code, "name": region.name},
        "drafts": include_drafts,
        "legend": legend,
        "no_data": {"label": _("No data"), "colour": NO_DATA},
        "regions": regions,
    }


@login_not_required
def map_data(request):
    """The regions below ?wilayah= for the map, from the same `Figures.ranking()` as the page's
    table, with the legend's classes. Public, cached for five minutes, unless it holds drafts."""
    region = get_object_or_404(Region, code=request.GET.get("wilayah") or Region.NATIONAL_CODE)
    include_drafts = can_view_region(request.user, region)
    indicators, years = _catalogue(include_drafts)
    indicator, year, has_data = _chosen(request.GET, indicators, years)
    if indicator is None:
        raise Http404
    if has_data:  # any year may be asked; only those with data are kept
        data = cached(
            f"monitoring-map-{CACHE_FORMAT}",
            lambda: _map_data(region, indicator, year, has_data, include_drafts),
            topics=TOPICS,
            parts=(region.code, _visibility(include_drafts), indicator.code, year, get_language()),
        )
    else:
        data = _map_data(region, indicator, year, has_data, include_drafts)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    if include_drafts:
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=300)
    return response
