"""Regions and working groups found by name, for the first group of the search results.

They are not in the full-text index: the 91,600 regions are names, not text (stemming would
only spoil them), and a name is typed with the words people put before it ("Kab. Kupang",
"Kota Kupang", "Desa Cinunuk"), which say the level. Regions are matched by name prefix as the
region picker matches them (`regions.lookup.name_variants`, on the name index of regions
migration 0002); working groups, a few hundred rows, by the words of their current or former
names. A region that has a working group is shown once, as its group.

Names repeat across the country, so every place says where it is: "Kec. Cileunyi,
Kab. Bandung, Jawa Barat".
"""

import re
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse

from sinergi.pokja.models import GroupName, WorkingGroup
from sinergi.regions import lookup
from sinergi.regions.models import Region, at_or_below
from sinergi.search.index import PARENTS, where

# The words written before a region's name: left out when matching the words of a group's name
# ("Pokja AMPL Kab. Kupang" is "Pokja AMPL Kabupaten Kupang").
PREFIX_WORDS = {
    "provinsi",
    "prov",
    "kabupaten",
    "kab",
    "kota",
    "kecamatan",
    "kec",
    "distrik",
    "kelurahan",
    "kel",
    "desa",
    "ds",
    "administrasi",
}
# "Kabupaten Kupang", "Kab. Kupang" and "Kota Kupang": a regency or a city named "Kupang".
_REGENCY_PREFIX = re.compile(r"(kabupaten|kab|kota)(?:\.\s*|\s+)(\S.*)", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:[.'][^\W_]+)*")
MIN_CHARS = 2
MAX_WORDS = 8


@dataclass
class Place:
    """A region, with its working group when it has one."""

    region: Region
    group: WorkingGroup | None
    # 0: named as typed, 1: a namesake of another kind (a city for a regency), 2: otherwise.
    rank: int

    @property
    def title(self) -> str:
        return self.group.name if self.group else self.region.name

    @property
    def where(self) -> str:
        """The regions above, or, for a group, its region and those above."""
        return where(self.region if self.group else self.region.parent)

    @property
    def link(self) -> str:
        if self.group:
            return reverse("portal:profile", args=[self.region.code])
        return self.region.get_absolute_url()

    @property
    def region_link(self) -> str:
        return self.region.get_absolute_url()


def _variants(text: str) -> list[tuple[str, int | None]]:
    """The names `text` may stand for (see lookup.name_variants); "Kota Kupang" and "Kab.
    Kupang" also stand for the regency or city of the same name, ranked after the one typed."""
    variants = lookup.name_variants(text)
    prefixed = _REGENCY_PREFIX.fullmatch(text)
    if prefixed:
        variants += [v for v in lookup.name_variants(prefixed.group(2)) if v[1] is not None]
    return variants


def _name_filter(variants, field="name") -> Q:
    found = Q(pk__in=[])
    for name, level in variants:
        condition = Q(**{f"{field}__istartswith": name})
        if level is not None:
            # On the unindexed copy of the level (see find_places): the name index must serve.
            condition &= Q(**{field.replace("name", "level_value"): level})
        found |= condition
    return found


def _above(variants) -> Q:
    """Regions with a region named as one of `variants` above them (any level)."""
    found = Q(pk__in=[])
    for name, _level in variants:
        for field in ("parent__name", "parent__parent__name", "parent__parent__parent__name"):
            found |= Q(**{f"{field}__istartswith": name})
    return found


def _group_words(text: str) -> list[str]:
    words = [w for w in _WORD.findall(text) if w.casefold() not in PREFIX_WORDS]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def _is_exact(region, variants) -> bool:
    name = region.name.casefold()
    return any(
        name == text.casefold() and level in (None, region.level) for text, level in variants
    )


def find_places(
    query: str, limit: int, offset: int = 0, within: str = ""
) -> tuple[list[Place], bool]:
    """Up to `limit` places (after `offset`) for `query`, the best first, and whether there are
    more; at or below the region code `within` when given. Two queries, whatever the data: the
    regions by name (or code) and the working groups by the words of their names."""
    text = lookup.clean_text(query)[: lookup.MAX_TEXT]
    if len(text) < MIN_CHARS:
        return [], False
    head, *qualifiers = [part for part in re.split(r"\s*[—–,]\s*", text) if part] or [""]
    wanted = offset + limit + 1
    code = lookup.code_of(text)
    if code or re.fullmatch(r"[0-9][0-9.]*", text):
        regions = at_or_below(code) if code else lookup.code_starts(text)
        variants = []
    else:
        variants = _variants(head)
        regions = _name_filter(variants)
        for qualifier in qualifiers:
            # "Sukamaju, Cileunyi": a Sukamaju below a region whose name starts so.
            regions &= _above(_variants(qualifier))
    if within:
        regions &= at_or_below(within)
    found = list(
        # "level + 0", in the filter and the order: an expression no index serves, so that both
        # databases read the matching names through the name index (regions migration 0002)
        # rather than walk every region in level order.
        Region.objects.alias(level_value=F("level") + 0)
        .exclude(level=Region.Level.NATIONAL)
        .filter(regions)
        .select_related("working_group", PARENTS.removeprefix("__"))
        .order_by("level_value", "name", "code")[:wanted]
    )
    groups = []
    words = _group_words(head) if not code else []
    if words:
        named = Q()
        for word in words:
            # At the start of a word of the name: "su" is not in "Pokja AMPL Kabupaten Kupang".
            starts = Q(name__istartswith=word) | Q(name__icontains=f" {word}")
            former = GroupName.objects.filter(starts, working_group=OuterRef("pk"))
            named &= starts | Exists(former)
        if within:
            named &= at_or_below(within, "region__code")
        groups = list(
            WorkingGroup.objects.filter(named)
            .select_related(f"region{PARENTS}")
            # Ordered on the group's own rows (a few hundred), never by walking every region.
            .order_by(F("region__level") + 0, "name", "pk")[:wanted]
        )
    typed = lookup.name_variants(head)
    places = {}
    for region in found:
        # What was typed first ("Kota Kupang"), then its namesakes ("Kabupaten Kupang").
        rank = 0 if _is_exact(region, typed) else 1 if _is_exact(region, variants) else 2
        places[region.pk] = Place(region, getattr(region, "working_group", None), rank)
    for group in groups:
        if group.region_id not in places:
            places[group.region_id] = Place(group.region, group, rank=2)
    ranked = sorted(
        places.values(),
        key=lambda p: (p.rank, p.group is None, p.region.level, p.region.name, p.region.code),
    )
    # Either list may have been cut at `wanted`; what lies beyond is "more".
    more = len(ranked) > offset + limit or len(found) >= wanted or len(groups) >= wanted
    return ranked[offset : offset + limit], more
