"""The national figures of the home page: coverage and legal status from the directory's rows
(`portal/directory.py`), key indicators from the national roll-ups (`monitoring/rollups.py`)
against the national targets. Nothing is recomputed here.

Building them reads every province and kabupaten/kota and adds up every verified value, so the
figures are kept in the shared cache (`lib/cache.py`) until a working group, decree, region or
value changes, or the day does, and the home page costs two queries (its news and documents)
while the cache is warm.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from sinergi.lib.cache import cached
from sinergi.library.models import Document
from sinergi.monitoring.models import Indicator, Target
from sinergi.monitoring.rollups import Figure, rollups
from sinergi.monitoring.values import years_with_data
from sinergi.monitoring.views import format_value, reported_text
from sinergi.news.models import Post
from sinergi.portal.directory import coverage, directory, status_counts, status_summary
from sinergi.regions.models import Region

LATEST_POSTS = 4
LATEST_DOCUMENTS = 5
# The legal statuses come with the groups and decrees, the indicators with the values and targets.
TOPICS = ["groups", "values"]


@dataclass
class KeyIndicator:
    indicator: Indicator
    year: int
    value: Decimal
    # The national headline when it is a roll-up of the provinces, else None (a figure entered
    # for the nation itself, e.g. BPS's own, chosen by the rule of monitoring/rollups.py).
    figure: Figure | None
    # The national target of the latest value's year, or of the nearest later year.
    target: Target | None


def home_figures() -> dict:
    """{"coverage": …, "status_counts": the directory's `status_counts`, "regions": n,
    "indicators": […]}, from the shared cache when none of `TOPICS` changed today."""
    return cached("home-figures", _compute, topics=TOPICS, parts=[timezone.localdate()])


def _compute() -> dict:
    _form, rows = directory()
    return {
        "coverage": coverage(rows),
        "status_counts": status_counts(rows),
        "regions": len(rows),
        "indicators": key_indicators(),
    }


def key_indicators() -> list[KeyIndicator]:
    """The latest national value of every public key indicator that has one, in catalogue
    order."""
    indicators = list(Indicator.objects.filter(is_key=True, is_public=True))
    nation = Region.objects.filter(level=Region.Level.NATIONAL).first()
    if not indicators or nation is None:
        return []
    years_by_indicator = years_with_data(indicators, include_drafts=False)
    indicators = [i for i in indicators if years_by_indicator.get(i.pk)]
    if not indicators:
        return []
    # The national headline of each year: the rule of monitoring/rollups.py decides between
    # the value entered for the nation and the roll-up of the provinces. Only the latest year
    # of each indicator is rolled up (one or two years, not ten); an indicator whose latest
    # year has no headline falls back to its earlier years, in a second call.
    latest = {i.pk: max(years_by_indicator[i.pk]) for i in indicators}
    figures = rollups(indicators, nation, sorted(set(latest.values())))
    pending = [i for i in indicators if figures[(i.pk, latest[i.pk])].value is None]
    if pending:
        earlier = sorted(set().union(*(years_by_indicator[i.pk] for i in pending)))
        figures.update(rollups(pending, nation, earlier))
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(indicator__in=indicators, region=nation).order_by("year"):
        targets.setdefault(target.indicator_id, []).append(target)
    result = []
    for indicator in indicators:
        for year in sorted(years_by_indicator[indicator.pk], reverse=True):
            figure = figures.get((indicator.pk, year))
            value = figure.value if figure else None
            if value is None:
                continue
            target = next((t for t in targets.get(indicator.pk, []) if t.year >= year), None)
            result.append(
                KeyIndicator(
                    indicator=indicator,
                    year=year,
                    value=value,
                    figure=figure if figure.kind == "rollup" else None,
                    target=target,
                )
            )
            break
    return result


def home_context() -> dict:
    """Everything the home page shows: the cached national figures, formatted in the current
    language, and the latest news and public documents (two queries, never cached, so a post
    appears as soon as it is published)."""
    figures = home_figures()
    # The same summary as the directory's, every count linking to the list it counts.
    summary = status_summary(figures["status_counts"], reverse("portal:directory"))
    indicators = []
    for item in figures["indicators"]:
        indicator = item.indicator
        target = item.target
        indicators.append(
            {
                "name": indicator.name,
                "year": item.year,
                "value": format_value(indicator, item.value),
                "target": format_value(indicator, target.value) if target else "",
                "target_year": target.year if target else None,
                "target_basis": target.basis if target else "",
                "reported": reported_text(item.figure, indicator=item.indicator)
                if item.figure
                else "",
                "url": reverse("monitoring:dashboard")
                + "?"
                + urlencode({"indikator": indicator.code, "tahun": item.year}),
            }
        )
    return {
        "coverage": figures["coverage"],
        "status_summary": summary,
        "regions": figures["regions"],
        "indicators": indicators,
        "posts": list(
            Post.objects.published().select_related("working_group__region")[:LATEST_POSTS]
        ),
        "documents": list(Document.objects.public().order_by("-created", "-pk")[:LATEST_DOCUMENTS]),
    }
