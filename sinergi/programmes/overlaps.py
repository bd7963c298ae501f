"""Overlap detection: two programmes of the same sector working in the same place in
overlapping periods, so that the working group can redirect one of them (efficiency).

A location at a kecamatan or kabupaten covers every village below it, so two locations meet
when one code equals the other or is a prefix of it followed by a dot (Kemendagri codes are a
materialised path). Only current work counts: a programme whose period has ended, or whose
latest intake by the working group of a place (or above it) redirected it elsewhere, warns of
nothing there. Every function here runs a fixed number of queries, however many programmes
there are; the lists' flags and a region's overlaps are kept in the shared cache
(lib/cache.py, topic "programmes") until a programme, its places or an intake change, and for
the day at most.
"""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Concat
from django.db.models.lookups import StartsWith
from django.utils import timezone

from sinergi.lib.cache import cached
from sinergi.programmes.models import Intake, Programme, touching_filter
from sinergi.regions.models import Region, below

Locations = Programme.locations.through
# A location's region and the regions above it up to the nation (a village has four), by id:
# what another location must be at to meet it from the same place or from above.
REGION_AND_ABOVE = [
    "region_id",
    "region__parent_id",
    "region__parent__parent_id",
    "region__parent__parent__parent_id",
    "region__parent__parent__parent__parent_id",
]


@dataclass(frozen=True)
class Overlap:
    first: Programme
    second: Programme
    # The place both work in: the deeper of the two locations.
    region: Region

    def other(self, programme_id: int) -> Programme:
        return self.second if self.first.pk == programme_id else self.first


def _redirected_here() -> Exists:
    """Whether the location row's programme was redirected by the working group of its place
    or of a region above it, in that group's latest intake of the programme."""
    later = Intake.objects.filter(
        programme_id=OuterRef("programme_id"),
        working_group_id=OuterRef("working_group_id"),
        presented_on__gt=OuterRef("presented_on"),
    )
    group_code = F("working_group__region__code")
    return Exists(
        Intake.objects.filter(
            Q(working_group__region__code=OuterRef("region__code"))
            | StartsWith(OuterRef("region__code"), Concat(group_code, Value("."))),
            programme_id=OuterRef("programme_id"),
            decision=Intake.Decision.REDIRECTED,
        ).filter(~Exists(later))
    )


def _rows(condition: Q, *more):
    current = Q(programme__ends_on__gte=timezone.localdate()) & ~_redirected_here()
    return Locations.objects.filter(condition & current).values_list(
        "programme_id",
        "programme__sector",
        "programme__starts_on",
        "programme__ends_on",
        "region__code",
        *more,
    )


def _pairs(rows) -> dict[tuple[int, int], str]:
    """(smaller id, larger id) → the deepest shared location code, from location rows."""
    by_place = {}
    for pk, sector, starts_on, ends_on, code, *_more in rows:
        by_place.setdefault((sector, code), []).append((pk, starts_on, ends_on))
    pairs = {}
    for (sector, code), here in by_place.items():
        parts = code.split(".")
        same_or_above = [code, *(".".join(parts[:i]) for i in range(1, len(parts)))]
        if code != Region.NATIONAL_CODE:
            same_or_above.append(Region.NATIONAL_CODE)
        for place in same_or_above:
            for a_pk, a_start, a_end in here:
                for b_pk, b_start, b_end in by_place.get((sector, place), ()):
                    if a_pk == b_pk or a_start > b_end or b_start > a_end:
                        continue
                    key = (min(a_pk, b_pk), max(a_pk, b_pk))
                    # Keep the deepest place: the one with the longest code.
                    if len(code) > len(pairs.get(key, "")):
                        pairs[key] = code
    return pairs


def _overlaps(pairs) -> list[Overlap]:
    ids = {pk for pair in pairs for pk in pair}
    programmes = Programme.objects.in_bulk(ids)
    regions = Region.objects.in_bulk(set(pairs.values()), field_name="code")
    overlaps = [
        Overlap(programmes[a], programmes[b], regions[code]) for (a, b), code in pairs.items()
    ]
    overlaps.sort(key=lambda o: (o.region.code, o.first.name, o.second.name))
    return overlaps


def region_overlaps(region) -> list[Overlap]:
    """Every overlap in `region`, including with programmes located above it (three queries),
    from the shared cache while no programme changes: the nation's take a second to find."""

    def compute():
        return _overlaps(_pairs(_rows(touching_filter(region.code, "region__"))))

    # The day is part of the key: a programme that ended yesterday no longer overlaps.
    parts = (region.code, timezone.localdate())
    return cached("region-overlaps", compute, topics=("programmes",), parts=parts)


def _meeting(places) -> Q:
    """Location rows that may meet one of `places`: (code, level, region id and the ids above
    it) tuples. Those at one of these regions, by id, and those below a place that is not a
    village; a condition of a few hundred ids rather than a prefix match for every code."""
    ids = {pk for _code, _level, *chain in places for pk in chain if pk is not None}
    deeper = {code for code, level, *_chain in places if level < Region.Level.VILLAGE}
    return Q(region_id__in=ids) | below(deeper, "region__code")


def _all_overlapping() -> frozenset[int]:
    return frozenset(pk for pair in _pairs(_rows(Q())) for pk in pair)


def overlapping_ids(programme_ids) -> set[int]:
    """Those of `programme_ids` that overlap another programme: for the warnings of a list
    page. Every programme that overlaps is found at once (one query over the current
    locations) and kept in the shared cache while no programme changes, for the day."""
    everywhere = cached(
        "overlapping-programmes",
        _all_overlapping,
        topics=("programmes",),
        parts=(timezone.localdate(),),
    )
    return set(everywhere.intersection(programme_ids))


def programme_overlaps(programme) -> list[Overlap]:
    """The overlaps of one programme (four queries)."""
    places = list(
        Locations.objects.filter(programme=programme).values_list(
            "region__code", "region__level", *REGION_AND_ABOVE
        )
    )
    if not places:
        return []
    rows = _rows(_meeting(places) & Q(programme__sector=programme.sector))
    pairs = {pair: code for pair, code in _pairs(rows).items() if programme.pk in pair}
    return _overlaps(pairs)
