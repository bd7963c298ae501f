"""Who may start a working group where there is none.

A rule on top of `pokja.access.scope_of`, not a second scope: a region without a working group
has no secretariat of its own, so the one above it starts the formation (or registers the
equivalent forum) — the provincial secretariat for the kabupaten/kota of its province, the
national secretariat (and an administrator) for any province or kabupaten/kota. Once the group
exists, everything goes through `pokja.access`.
"""

from django.db.models import Q

from sinergi.pokja.access import scope_of
from sinergi.regions.models import Region

LEVELS = (Region.Level.PROVINCE, Region.Level.REGENCY)


def may_start_anywhere(user) -> bool:
    scope = scope_of(user)
    return scope.read_all or bool(scope.read_provinces)


def may_start_in(user, region) -> bool:
    """Whether `user` may start a working group in `region` (whether it has one aside)."""
    if region.level not in LEVELS:
        return False
    scope = scope_of(user)
    if scope.read_all:
        return True
    return region.level == Region.Level.REGENCY and region.code[:2] in scope.read_provinces


def regions_in_reach(user):
    """The provinces and kabupaten/kota where `user` may start a working group."""
    scope = scope_of(user)
    regions = Region.objects.filter(level__in=LEVELS)
    if scope.read_all:
        return regions
    condition = Q(pk__in=[])
    for code in sorted(scope.read_provinces):
        condition |= Q(level=Region.Level.REGENCY, code__startswith=f"{code}.")
    return regions.filter(condition)


def startable_regions(user):
    """The regions in reach of `user` that have no working group yet, in code order."""
    return regions_in_reach(user).filter(working_group__isnull=True).order_by("code")
