from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control

from sinergi.portal.directory import coverage, directory


@login_not_required
@cache_control(public=True, max_age=300)
def directory_map_data(request):
    """The rows of the directory for its coverage map, chosen by the same filters as the list,
    with the legal status and the activeness index that colour it."""
    _form, rows = directory(request.GET)
    regions = {
        row.code: {
            "name": row.region.name,
            "level": int(row.region.level),
            "status": str(row.status),
            "status_label": str(row.status.label),
            "group": row.group.name if row.group else None,
            "url": reverse("portal:profile", args=[row.code]),
            "activeness": row.activeness,
            "activeness_url": (reverse("activeness:group", args=[row.code]) if row.group else None),
        }
        for row in rows
    }
    return JsonResponse(
        {"regions": regions, "counts": coverage(rows)},
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )
