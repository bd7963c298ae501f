from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from sinergi.regions import lookup
from sinergi.regions.forms import SearchForm
from sinergi.regions.models import Region


@login_not_required
def detail(request, code=Region.NATIONAL_CODE):
    region = get_object_or_404(Region, code=code)
    children = region.children.select_related("working_group").order_by("code")
    if region.level < Region.Level.DISTRICT:
        children = children.annotate(children_count=Count("children"))
    context = {"region": region, "ancestors": region.ancestors(), "children": children}
    return render(request, "regions/detail.html", context)


@login_not_required
@require_GET
@cache_control(public=True, max_age=300)
def search(request):
    """The regions whose name or code starts with `q` (at least two characters), at or below
    the region `di`, of the level `tingkat`: the suggestions of static/js/region-picker.js.
    Region names are public data."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    data = form.cleaned_data
    query = lookup.clean_text(data["q"])
    regions = lookup.suggest(query, data["di"], data["tingkat"]) if len(query) >= 2 else []
    results = [
        {"code": r.code, "name": r.name, "level": r.level, "label": lookup.label(r)}
        for r in regions
    ]
    return JsonResponse(
        {"results": results}, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")}
    )
