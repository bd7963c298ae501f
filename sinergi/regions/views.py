from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from sinergi.regions.models import Region


@login_not_required
def detail(request, code=Region.NATIONAL_CODE):
    region = get_object_or_404(Region, code=code)
    children = region.children.select_related("working_group").order_by("code")
    if region.level < Region.Level.DISTRICT:
        children = children.annotate(children_count=Count("children"))
    context = {"region": region, "ancestors": region.ancestors(), "children": children}
    return render(request, "regions/detail.html", context)
