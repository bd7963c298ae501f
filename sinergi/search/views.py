"""/cari/: full-text search over portal pages, news, knowledge articles and documents, in the
scope of the user (visitors find public records only)."""

import re

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import translate_url
from django.utils import translation
from django.views.decorators.http import require_safe

from sinergi.regions.models import Region, at_or_below
from sinergi.search.models import SearchEntry
from sinergi.search.query import Results, highlight, query_stems, snippet, visible_entries

PAGE_SIZE = 20
# A province or a kabupaten/kota code: "32", "32.04".
REGION_CODE = re.compile(r"[0-9]{2}(\.[0-9]{2})?")


def _filtered(entries, kind: str, region: str):
    if kind in SearchEntry.Kind.values:
        entries = entries.filter(kind=kind)
    if REGION_CODE.fullmatch(region):
        entries = entries.filter(at_or_below(region, "working_group__region__code"))
    return entries


def _link(url: str, language: str) -> str:
    """The stored address (default language) in the language of the page."""
    if not url or language == settings.LANGUAGE_CODE:
        return url
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(url, language)


@login_not_required
@require_safe
def results(request):
    query = request.GET.get("q", "").strip()
    kind, region = request.GET.get("jenis", ""), request.GET.get("wilayah", "")
    language = "en" if translation.get_language() == "en" else "id"
    words = query_stems(query)
    page = None
    if query:
        entries = _filtered(visible_entries(request.user, language), kind, region)
        page = Paginator(Results(entries, words), PAGE_SIZE).get_page(request.GET.get("page"))
        wanted = set(words)
        for entry in page:
            entry.link = _link(entry.url, language)
            entry.title_html = highlight(entry.title, wanted)
            entry.snippet = snippet(entry.text, wanted)
    context = {
        "query": query,
        "page": page,
        "kind": kind,
        "kinds": SearchEntry.Kind.choices,
        "region": region,
        "provinces": Region.objects.filter(level=Region.Level.PROVINCE).only("code", "name"),
    }
    return render(request, "search/results.html", context)
