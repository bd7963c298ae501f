from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import Region


@login_not_required
def home(request):
    counts = Region.objects.aggregate(
        provinces=Count("pk", filter=Q(level=Region.Level.PROVINCE)),
        regencies=Count("pk", filter=Q(level=Region.Level.REGENCY)),
    )
    groups = WorkingGroup.objects.aggregate(
        provinces=Count("pk", filter=Q(region__level=Region.Level.PROVINCE)),
        regencies=Count("pk", filter=Q(region__level=Region.Level.REGENCY)),
    )
    return render(request, "portal/home.html", {"counts": counts, "groups": groups})


@login_not_required
@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
