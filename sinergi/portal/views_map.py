from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control

from sinergi.lib.cache import cached
from sinergi.portal.directory import all_rows, coverage, directory
from sinergi.portal.views import url_of_code


@login_not_required
@cache_control(public=True, max_age=300)
def directory_map_data(request):
    """The rows of the directory for its coverage map, chosen by the same filters as the list,
    with the legal status and the activeness index that colour it."""
    every = all_rows()
    _form, rows = directory(request.GET, every)
    entries = map_entries(every)
    regions = {row.code: {**entries[row.code], "activeness": row.activeness} for row in rows}
    return JsonResponse(
        {"regions": regions, "counts": coverage(rows)},
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )


def map_entries(every) -> dict[str, dict]:
    """{region code: its entry in the map data but the activeness index} for `every` row of the
    directory, in the active language, from the shared cache."""
    today = timezone.localdate()
    return cached(
        "directory-map",
        lambda: _map_entries(every),
        topics=["groups"],
        parts=[today, get_language()],
    )


def _map_entries(every):
    profile_url = url_of_code("portal:profile")
    activeness_url = url_of_code("activeness:group")
    return {
        row.code: {
            "name": row.region.name,
            "level": int(row.region.level),
            "status": str(row.status),
            "status_label": str(row.status.label),
            "group": row.group.name if row.group else None,
            "url": profile_url(row.code),
            "activeness_url": activeness_url(row.code) if row.group else None,
        }
        for row in every
    }
