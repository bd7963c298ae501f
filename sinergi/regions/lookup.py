"""Regions found by what people type: a Kemendagri code ("32.04.05.2001", also without dots),
a name ("Cinunuk", "Desa Cinunuk", "Kec. Cileunyi", "Kab. Bandung"), a name with the names
above it after a comma ("Sukamaju, Cileunyi"), or a suggestion's label
("Cinunuk — Kec. Cileunyi, Kab. Bandung (32.04.05.2001)"), whose code decides.

`find` resolves what was typed into regions of an allowed set (the form fields of
`regions.fields`); `suggest` answers the picker's search as you type (`regions:search`). Names
are compared without regard to case; both use the name index of migration 0002.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Upper

from sinergi.regions.models import CODE_PATTERN, Region, at_or_below

_CODE = re.compile(CODE_PATTERN)
# Codes as spreadsheets write them, without dots: 32, 3204, 320405, 3204052001.
_BARE_CODE = re.compile(r"[0-9]{2}(?:[0-9]{2}(?:[0-9]{2}(?:[0-9]{4})?)?)?")
_LABEL_CODE = re.compile(rf"\(\s*({CODE_PATTERN})\s*\)$")
# What separates a name from the names of the regions above it.
_QUALIFIERS = re.compile(r"\s*[—–,]\s*|\s+-\s+")
# The words written before a name, and what they say: the level and, for kabupaten and kota,
# the words stored as part of the name.
_PREFIX = re.compile(
    r"(provinsi|prov|kabupaten|kab|kota|kecamatan|kec|distrik|kelurahan|kel|desa|ds)"
    r"(?:\.\s*|\s+)(\S.*)",
    re.IGNORECASE,
)
_PREFIXES = {
    "provinsi": (Region.Level.PROVINCE, [""]),
    "prov": (Region.Level.PROVINCE, [""]),
    "kabupaten": (Region.Level.REGENCY, ["Kabupaten ", "Kabupaten Administrasi "]),
    "kab": (Region.Level.REGENCY, ["Kabupaten ", "Kabupaten Administrasi "]),
    "kota": (Region.Level.REGENCY, ["Kota ", "Kota Administrasi "]),
    "kecamatan": (Region.Level.DISTRICT, [""]),
    "kec": (Region.Level.DISTRICT, [""]),
    "distrik": (Region.Level.DISTRICT, [""]),
    "kelurahan": (Region.Level.VILLAGE, [""]),
    "kel": (Region.Level.VILLAGE, [""]),
    "desa": (Region.Level.VILLAGE, [""]),
    "ds": (Region.Level.VILLAGE, [""]),
}
_REGENCY_WORDS = ["Kabupaten ", "Kota ", "Kabupaten Administrasi ", "Kota Administrasi "]
MAX_TEXT = 200  # longer is no name of a region
MAX_SUGGESTIONS = 20
# Regions read with the names above them: district, regency and province of a village.
_WITH_PARENTS = ("parent__parent__parent",)


def clean_text(text) -> str:
    return " ".join(str(text or "").split())


def code_of(text: str) -> str | None:
    """The code written in `text`: a code, a code without dots, or a label ending in "(code)"."""
    if _CODE.fullmatch(text):
        return text
    if _BARE_CODE.fullmatch(text):
        return ".".join(part for part in (text[:2], text[2:4], text[4:6], text[6:]) if part)
    found = _LABEL_CODE.search(text)
    return found.group(1) if found else None


def name_variants(text: str) -> list[tuple[str, int | None]]:
    """The names `text` may stand for, each with the level it implies (None: any): "Kab.
    Bandung" is "Kabupaten Bandung" (a regency), "Desa Cinunuk" the village "Cinunuk", and a
    bare "Bandung" may be the name itself or "Kabupaten/Kota Bandung"."""
    variants = [(text, None)]
    prefixed = _PREFIX.fullmatch(text)
    if prefixed:
        level, words = _PREFIXES[prefixed.group(1).lower()]
        variants += [(f"{word}{prefixed.group(2)}", level) for word in words]
    else:
        variants += [(f"{word}{text}", Region.Level.REGENCY) for word in _REGENCY_WORDS]
    return variants


def _is_named(region, variants) -> bool:
    name = region.name.casefold()
    return any(
        name == text.casefold() and level in (None, region.level) for text, level in variants
    )


def _ancestors(region):
    """The regions above `region` loaded with it (see _WITH_PARENTS), nearest first."""
    found, current = [], region
    for _depth in range(3):
        current = current.parent
        if current is None or current.level == Region.Level.NATIONAL:
            break
        found.append(current)
    return found


def short_name(region) -> str:
    """A region's name as written after another's: "Kec. Cileunyi", "Kab. Bandung"."""
    if region.kind == Region.Kind.DISTRICT:
        return f"Kec. {region.name}"
    if region.kind == Region.Kind.PAPUA_DISTRICT:
        return f"Distrik {region.name}"
    if region.name.startswith("Kabupaten "):
        return f"Kab. {region.name.removeprefix('Kabupaten ')}"
    return region.name


def label(region) -> str:
    """ "Cinunuk — Kec. Cileunyi, Kab. Bandung (32.04.05.2001)": the name, the two regions
    above it and the code. Read the region with select_related("parent__parent")."""
    above = []
    current = region
    while len(above) < 2 and current.parent_id is not None:
        current = current.parent
        if current.level == Region.Level.NATIONAL:
            break
        above.append(short_name(current))
    if above:
        return f"{region.name} — {', '.join(above)} ({region.code})"
    return f"{region.name} ({region.code})"


@dataclass
class Match:
    """What one typed text resolved to: `region`, or several `candidates`, or a code of a
    region that may not be chosen here (`outside`), or nothing (`code` is set when a code was
    typed)."""

    text: str
    code: str | None = None
    region: Region | None = None
    candidates: list = field(default_factory=list)
    outside: Region | None = None


def find(texts, allowed) -> list[Match]:
    """Resolve each of `texts` into one region of the queryset `allowed`; in two queries
    however many texts there are (one for the codes, one for the names)."""
    matches = [Match(text=clean_text(text)) for text in texts]
    for match in matches:
        match.code = code_of(match.text)
    codes = {match.code for match in matches if match.code}
    if codes:
        by_code = {
            region.code: region
            for region in Region.objects.filter(code__in=codes)
            .annotate(allowed=Exists(allowed.filter(pk=OuterRef("pk"))))
            .select_related(*_WITH_PARENTS)
        }
        for match in matches:
            region = by_code.get(match.code)
            if region is not None and region.allowed:
                match.region = region
            elif region is not None:
                match.outside = region
    named = [m for m in matches if not m.code and m.text and len(m.text) <= MAX_TEXT]
    if named:
        _find_names(named, allowed)
    return matches


def _find_names(matches, allowed):
    # For each text: the names it may be, and, when it has a comma, the names its first part
    # may be with those of the regions above ("Sukamaju, Cileunyi"). A name with a comma of
    # its own ("Lambang Sari I, II, III") is first looked up whole.
    wanted, readings = set(), []
    for match in matches:
        head, *qualifiers = _QUALIFIERS.split(match.text)
        whole = name_variants(match.text)
        first = name_variants(head) if qualifiers else []
        above = [name_variants(qualifier) for qualifier in qualifiers if qualifier]
        readings.append((match, whole, first, above))
        wanted.update(text.upper() for text, _level in whole + first)
    rows = list(
        allowed.annotate(upper_name=Upper("name"))
        .filter(upper_name__in=wanted)
        .select_related(*_WITH_PARENTS)
        .order_by("code")[:5000]
    )
    for match, whole, first, above in readings:
        found = [region for region in rows if _is_named(region, whole)]
        if not found and first:
            found = [
                region
                for region in rows
                if _is_named(region, first)
                and all(any(_is_named(a, names) for a in _ancestors(region)) for names in above)
            ]
        if len(found) == 1:
            match.region = found[0]
        else:
            match.candidates = found


def code_starts(text: str) -> Q:
    """Regions whose code starts with the digits typed so far ("32.0" while typing "32.04"):
    what a picker or a search suggests, not a filter of a region and those below it
    (`at_or_below`)."""
    return Q(code__startswith=text)


def suggest(text, within=None, level=None, limit=MAX_SUGGESTIONS):
    """Up to `limit` regions whose name (or code) starts with `text`, at or below the region
    code `within`, of `level` when given; by level, then name. One query."""
    text = clean_text(text)[:MAX_TEXT]
    regions = Region.objects.exclude(level=Region.Level.NATIONAL)
    if within:
        regions = regions.filter(at_or_below(within))
    if level is not None:
        regions = regions.filter(level=level)
    if re.fullmatch(r"[0-9][0-9.]*", text):
        starts = code_starts(text)
    else:
        head = _QUALIFIERS.split(text)[0]
        starts = Q()
        for name, name_level in name_variants(head):
            condition = Q(name__istartswith=name)
            if name_level is not None:
                condition &= Q(level=name_level)
            starts |= condition
    return list(
        regions.filter(starts)
        .select_related("parent__parent")
        .order_by("level", "name", "code")[:limit]
    )
