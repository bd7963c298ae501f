"""The activeness index pages. They are public, like the directory: the index and its components
are derived counts, and no page names a member or shows a private record."""

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from sinergi.activeness.index import (
    ROLE_LABELS,
    ROLES,
    SHORT_LABELS,
    WEIGHTS,
    index_of,
    rank,
    ranked,
)
from sinergi.regions.models import Region

PAGE_SIZE = 100


class ProvinceFilter(forms.Form):
    provinsi = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provinsi"].choices = [("", _("All"))] + [(p.code, p.name) for p in provinces]


def _columns():
    return [(key, SHORT_LABELS[key], WEIGHTS[key]) for key in WEIGHTS]


@login_not_required
@require_safe
def national(request):
    """Every working group of a province or kabupaten/kota, ranked nationally."""
    provinces = Region.objects.filter(level=Region.Level.PROVINCE).order_by("code")
    form = ProvinceFilter(request.GET or None, provinces=provinces)
    province = form.cleaned_data["provinsi"] if form.is_valid() else ""
    indexes = ranked()
    if province:
        indexes = [i for i in indexes if i.evidence.province_code == province]
    page = Paginator(indexes, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": page.object_list,
        "count": len(indexes),
        "columns": _columns(),
        "query": query.urlencode(),
    }
    return render(request, "activeness/national.html", context)


@login_not_required
@require_safe
def province(request, code):
    """The working groups of the kabupaten/kota of one province, ranked."""
    region = get_object_or_404(Region, code=code, level=Region.Level.PROVINCE)
    nation = ranked()
    own = next((i for i in nation if i.code == code), None)
    rows = rank(
        [
            index_of(i.evidence)
            for i in nation
            if i.evidence.level == Region.Level.REGENCY and i.evidence.province_code == code
        ]
    )
    context = {
        "region": region,
        "own": own,
        "national_count": len(nation),
        "rows": rows,
        "regencies": region.children.count(),
        "columns": _columns(),
    }
    return render(request, "activeness/province.html", context)


@login_not_required
@require_safe
def group(request, code):
    """One working group's index, component by component, with what to do next."""
    nation = ranked()
    index = next((i for i in nation if i.code == code), None)
    if index is None:
        raise Http404
    ev = index.evidence
    context = {
        "index": index,
        "ev": ev,
        "components": index.components(),
        "roles": [(ROLE_LABELS[role], index.roles[role], _role_max(role)) for role in ROLES],
        "national_count": len(nation),
    }
    if ev.level == Region.Level.REGENCY:
        peers = rank(
            [
                index_of(i.evidence)
                for i in nation
                if i.evidence.level == ev.level and i.evidence.province_code == ev.province_code
            ]
        )
        # Ranked among every kabupaten/kota of the province: those without a working group
        # come after all groups (they have no index), so the rank is the same; the page says
        # how many there are and how many have a group.
        context["province_rank"] = next(i.rank for i in peers if i.code == code)
        context["province_count"] = len(peers)
        context["province_regions"] = Region.objects.filter(
            parent__code=ev.province_code, level=Region.Level.REGENCY
        ).count()
    return render(request, "activeness/group.html", context)


def _role_max(role) -> int:
    return sum(WEIGHTS[key] for key in ROLES[role])
