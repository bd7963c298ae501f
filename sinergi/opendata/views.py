"""The open-data catalogue: its page, a page per dataset with its data dictionary, the
downloads, and the DCAT metadata. Everything here is public and read-only."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from sinergi.lib.downloads import attachment
from sinergi.opendata import datasets, dcat, formats
from sinergi.opendata.datasets import DATASETS, by_slug

# Seconds the last-updated dates of the catalogue are kept: the aggregate over millions of
# indicator values is not paid on every view of the page.
MODIFIED_CACHE_SECONDS = 300
# Seconds a download or the DCAT document may be kept by a browser or proxy.
MAX_AGE = 300


def modified_times() -> dict:
    """{dataset slug: when it last changed (or None)}, computed at most every few minutes."""
    return cache.get_or_set("opendata:modified", datasets.modified_times, MODIFIED_CACHE_SECONDS)


def _dataset(slug):
    dataset = by_slug(slug)
    if dataset is None:
        raise Http404
    return dataset


@login_not_required
@require_safe
def catalogue(request):
    modified = modified_times()
    entries = [(dataset, modified.get(dataset.slug)) for dataset in DATASETS]
    context = {
        "entries": entries,
        "licence": dcat.LICENCE,
        "publisher": settings.OPEN_DATA_PUBLISHER,
    }
    return render(request, "opendata/catalogue.html", context)


@login_not_required
@require_safe
def dataset(request, slug):
    dataset = _dataset(slug)
    context = {
        "dataset": dataset,
        "modified": modified_times().get(slug),
        "licence": dcat.LICENCE,
        "publisher": settings.OPEN_DATA_PUBLISHER,
        "xlsx_max_rows": formats.XLSX_MAX_ROWS,
    }
    return render(request, "opendata/dataset.html", context)


@login_not_required
@require_safe
def download(request, slug, fmt):
    dataset = _dataset(slug)
    if fmt not in dataset.formats:
        raise Http404
    modified = by_slug(dataset.modified_as or slug).modified()
    etag = f'"{slug}-{fmt}-{modified.timestamp() if modified else "none"}"'
    last_modified = int(modified.timestamp()) if modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    if fmt == "xlsx":
        response = HttpResponse(
            formats.xlsx_bytes(dataset), content_type=formats.CONTENT_TYPES[fmt]
        )
    else:
        response = StreamingHttpResponse(
            formats.STREAMS[fmt](dataset), content_type=formats.CONTENT_TYPES[fmt]
        )
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    filename = f"{slug}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    return attachment(response, filename)


@login_not_required
@require_safe
def dcat_catalogue(request):
    response = JsonResponse(
        dcat.catalogue(modified_times()),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
