"""/cari/: everything a visitor may name, in the scope of the user (visitors find public records
only): regions and working groups by name (places.py), then institutions, programmes, and the
full text of portal pages, news, knowledge articles and documents (query.py), grouped by kind."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import translate_url
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe

from sinergi.regions.models import Region, at_or_below
from sinergi.search.models import SearchEntry
from sinergi.search.places import find_places
from sinergi.search.query import (
    MAX_RANKED,
    Results,
    fetch_pages,
    highlight,
    is_common,
    load_entries,
    query_stems,
    snippet,
    visible_entries,
)

PAGE_SIZE = 20
# Results of a kind shown when every kind is searched; the rest behind "show all".
GROUP_SIZE = 5
MAX_PAGE = MAX_RANKED // PAGE_SIZE
# A province or a kabupaten/kota code: "32", "32.04".
REGION_CODE = re.compile(r"[0-9]{2}(\.[0-9]{2})?")
Kind = SearchEntry.Kind
PLACES = "wilayah"
# The kinds of the full-text section, shown together.
TEXT_KINDS = [Kind.PAGE, Kind.NEWS, Kind.ARTICLE, Kind.DOCUMENT]
KIND_CHOICES = [
    (PLACES, _("Regions and working groups")),
    # "Institutions" alone is also a sector of indicators (kelembagaan), here it is lembaga.
    (Kind.INSTITUTION, pgettext_lazy("search results", "Institutions")),
    (Kind.PROGRAMME, _("Programmes")),
    *[(kind.value, kind.label) for kind in TEXT_KINDS],
]


@dataclass
class Section:
    """One group of results: places, or entries of one or more kinds."""

    kind: str
    title: str
    items: list = field(default_factory=list)
    total: int = 0  # entries counted (at most MAX_RANKED); places are not counted
    more: bool = False  # more than shown: beyond MAX_RANKED, or beyond this page
    more_url: str = ""  # "show all of this kind", when every kind is searched
    places: bool = False
    page: tuple | None = None  # (Results, offset, limit) of a group of entries


@dataclass
class Pages:
    """Previous / next for the section searched alone (counts stop at MAX_RANKED)."""

    number: int
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next

    @property
    def start_index(self):
        return (self.number - 1) * PAGE_SIZE + 1


def _link(url: str, language: str) -> str:
    """The stored address (default language) in the language of the page."""
    if not url or language == settings.LANGUAGE_CODE:
        return url
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(url, language)


def _page_number(value) -> int:
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def _entries_section(entries, kinds, title, words, offset, limit, common) -> Section:
    """A group of entries of `kinds`, found with the others (_find_entries)."""
    section = Section(kinds[0], title)
    section.page = (Results(entries, words, kinds, common), offset, limit)
    return section


def _find_entries(sections) -> None:
    """The ids and counts of every group of entries at once: one query."""
    groups = [section for section in sections if not section.places]
    pages = fetch_pages([section.page for section in groups])
    for section, found in zip(groups, pages, strict=True):
        offset = section.page[1]
        section.items, section.total = found, found.total
        section.more = found.more or found.total > offset + len(found.entries)


def _show_entries(sections, words, language) -> None:
    """Load the entries of every section at once, with their links, titles and snippets."""
    pages = [section.items for section in sections if not section.places]
    load_entries(pages)
    wanted = set(words)
    for section in sections:
        if not section.places:
            section.items = section.items.entries
            for entry in section.items:
                entry.link = _link(entry.url, language)
                entry.title_html = highlight(entry.title, wanted)
                entry.snippet = snippet(entry.text, wanted)


def _places_section(query, region, language, offset, limit) -> Section:
    places, more = find_places(query, limit, offset, within=region)
    for place in places:
        place.link_here = _link(place.link, language)
        place.region_link_here = _link(place.region_link, language)
    title = str(KIND_CHOICES[0][1])
    return Section(PLACES, title, places, len(places), more, places=True)


def _sections(request, query, kind, region, number) -> list[Section]:
    """The groups of results for `query`: the kind asked for alone, or every kind (the next
    pages being those of the full-text group)."""
    words = query_stems(query)
    language = "en" if translation.get_language() == "en" else "id"
    entries = visible_entries(request.user, language)
    # Once for every group of full-text results.
    common = kind != PLACES and is_common(words)
    if region:
        entries = entries.filter(at_or_below(region, "working_group__region__code"))
    titles = dict(KIND_CHOICES)
    offset = (number - 1) * PAGE_SIZE
    sections = []
    if kind == PLACES:
        sections.append(_places_section(query, region, language, offset, PAGE_SIZE))
    elif kind:
        one = _entries_section(entries, [kind], titles[kind], words, offset, PAGE_SIZE, common)
        sections.append(one)
    else:
        if number == 1:
            sections.append(_places_section(query, region, language, 0, GROUP_SIZE))
            for one in [Kind.INSTITUTION, Kind.PROGRAMME]:
                group = _entries_section(entries, [one], titles[one], words, 0, GROUP_SIZE, common)
                sections.append(group)
        title = _("Pages, news, articles and documents")
        text = _entries_section(entries, TEXT_KINDS, title, words, offset, PAGE_SIZE, common)
        text.kind = ""
        sections.append(text)
    _find_entries(sections)
    if not kind:
        for section in sections:
            if section.kind and section.more:
                params = {"q": query, "jenis": section.kind, "wilayah": region}
                section.more_url = f"?{urlencode({k: v for k, v in params.items() if v})}"
    _show_entries(sections, words, language)
    return sections


@login_not_required
@require_safe
def results(request):
    query = request.GET.get("q", "").strip()
    kind, region = request.GET.get("jenis", ""), request.GET.get("wilayah", "")
    kind = kind if kind in dict(KIND_CHOICES) else ""
    region = region if REGION_CODE.fullmatch(region) else ""
    number = _page_number(request.GET.get("page"))
    sections = _sections(request, query, kind, region, number) if query else []
    # The last group (the kind asked for, or the full text) has pages.
    more = bool(sections) and sections[-1].more and number < MAX_PAGE
    pages = Pages(number, has_next=more) if sections else None
    context = {
        "query": query,
        "sections": sections,
        "found_any": any(section.items for section in sections),
        "pages": pages,
        "max_ranked": MAX_RANKED,
        "kind": kind,
        "kinds": KIND_CHOICES,
        "region": region,
        "provinces": Region.objects.filter(level=Region.Level.PROVINCE).only("code", "name"),
    }
    return render(request, "search/results.html", context)
