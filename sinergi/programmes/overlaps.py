"""Overlap detection: two programmes of the same sector working in the same place in
overlapping periods, so that the working group can redirect one of them (efficiency).

A location at a kecamatan or kabupaten covers every village below it, so two locations meet
when one code equals the other or is a prefix of it followed by a dot (Kemendagri codes are a
materialised path). Only current work counts: a programme whose period has ended, or whose
latest intake by the working group of a place (or above it) redirected it elsewhere, warns of
nothing there. Every function here runs a fixed number of queries, however many programmes
there are.
"""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Concat
from django.db.models.lookups import StartsWith
from django.utils import timezone

from sinergi.programmes.models import Intake, Programme, touching_filter
from sinergi.regions.models import Region

Locations = Programme.locations.through


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


def _rows(condition: Q):
    current = Q(programme__ends_on__gte=timezone.localdate()) & ~_redirected_here()
    return Locations.objects.filter(condition & current).values_list(
        "programme_id",
        "programme__sector",
        "programme__starts_on",
        "programme__ends_on",
        "region__code",
    )


def _pairs(rows) -> dict[tuple[int, int], str]:
    """(smaller id, larger id) → the deepest shared location code, from location rows."""
    by_place = {}
    for pk, sector, starts_on, ends_on, code in rows:
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
    """Every overlap in `region`, including with programmes located above it (three queries)."""
    rows = _rows(touching_filter(region.code, "region__"))
    return _overlaps(_pairs(rows))


def _candidate_condition(codes) -> Q:
    condition = Q(pk__in=[])
    for code in codes:
        condition |= touching_filter(code, "region__")
    return condition


def overlapping_ids(programme_ids) -> set[int]:
    """Those of `programme_ids` that overlap another programme (two queries): for the
    warnings of a list page."""
    own = list(_rows(Q(programme_id__in=programme_ids)))
    if not own:
        return set()
    sectors = {row[1] for row in own}
    codes = {row[4] for row in own}
    rows = set(_rows(_candidate_condition(codes) & Q(programme__sector__in=sectors))) | set(own)
    wanted = set(programme_ids)
    return {pk for pair in _pairs(rows) for pk in pair if pk in wanted}


def programme_overlaps(programme) -> list[Overlap]:
    """The overlaps of one programme (four queries)."""
    codes = list(programme.locations.values_list("code", flat=True))
    if not codes:
        return []
    rows = _rows(_candidate_condition(codes) & Q(programme__sector=programme.sector))
    pairs = {pair: code for pair, code in _pairs(rows).items() if programme.pk in pair}
    return _overlaps(pairs)
