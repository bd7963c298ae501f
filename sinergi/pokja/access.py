"""Scope: which working groups a user may see and edit.

This module is the one door. Every view, form, export and API endpoint that touches a working
group's internal data asks here, so the rules live in one place:

- a member (Role.Kind.MEMBER) reads the internal pages of that working group, and does the
  members' part of its work: records attendance, owns action items, writes knowledge articles
  and handover notes, uploads documents (`get_member_group_for_user`);
- a secretariat (Role.Kind.SECRETARIAT) reads and edits its own working group;
- the secretariat of a provincial working group also reads every working group in its province;
- the secretariat of the national working group reads every working group;
- a superuser (administrator) reads and edits everything.

Outsiders get 404, so a region's private records do not even reveal that they exist; a reader
who may not edit gets 403.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from sinergi.pokja.models import Role, WorkingGroup
from sinergi.regions.models import Region


@dataclass(frozen=True)
class Scope:
    read_all: bool = False
    edit_all: bool = False
    read_ids: frozenset[int] = field(default_factory=frozenset)
    edit_ids: frozenset[int] = field(default_factory=frozenset)
    # Codes of provinces whose every working group may be read.
    read_provinces: frozenset[str] = field(default_factory=frozenset)
    # Region codes of the groups with a role, and of those with the secretariat role: region
    # data (indicator values) is read and written for these regions and the regions below.
    read_codes: frozenset[str] = field(default_factory=frozenset)
    edit_codes: frozenset[str] = field(default_factory=frozenset)

    def can_view(self, group: WorkingGroup) -> bool:
        return (
            self.read_all
            or group.pk in self.read_ids
            or group.region.code[:2] in self.read_provinces
        )

    def can_edit(self, group: WorkingGroup) -> bool:
        return self.edit_all or group.pk in self.edit_ids

    def is_member(self, group: WorkingGroup) -> bool:
        """Has a role (member or secretariat) in `group` itself, not only oversight of it."""
        return self.edit_all or group.pk in self.read_ids

    def can_view_region(self, region) -> bool:
        """May read the private data (e.g. draft values) of `region`."""
        codes = self.read_codes | self.read_provinces
        return self.read_all or _covered(region.code, codes)

    def can_edit_region(self, region) -> bool:
        """May write the data (e.g. indicator values) of `region`."""
        return self.edit_all or _covered(region.code, self.edit_codes)


def _covered(code: str, codes) -> bool:
    """Whether region `code` is one of `codes` or lies below one of them."""
    if Region.NATIONAL_CODE in codes:
        return True
    return any(code == c or code.startswith(f"{c}.") for c in codes)


def scope_of(user) -> Scope:
    """The user's scope, computed with one query and kept on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return Scope()
    cached = getattr(user, "_sinergi_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(read_all=True, edit_all=True)
    else:
        read_ids, edit_ids, provinces, read_all = set(), set(), set(), False
        read_codes, edit_codes = set(), set()
        roles = Role.objects.filter(user=user).values_list(
            "working_group_id",
            "kind",
            "working_group__region__level",
            "working_group__region__code",
        )
        for group_id, kind, level, code in roles:
            read_ids.add(group_id)
            read_codes.add(code)
            if kind == Role.Kind.SECRETARIAT:
                edit_ids.add(group_id)
                edit_codes.add(code)
                if level == Region.Level.NATIONAL:
                    read_all = True
                elif level == Region.Level.PROVINCE:
                    provinces.add(code)
        scope = Scope(
            read_all=read_all,
            read_ids=frozenset(read_ids),
            edit_ids=frozenset(edit_ids),
            read_provinces=frozenset(provinces),
            read_codes=frozenset(read_codes),
            edit_codes=frozenset(edit_codes),
        )
    user._sinergi_scope = scope
    return scope


def visible_filter(user) -> Q:
    """A filter on WorkingGroup for the groups `user` may read."""
    scope = scope_of(user)
    if scope.read_all:
        return Q()
    condition = Q(pk__in=scope.read_ids)
    for code in sorted(scope.read_provinces):
        condition |= Q(region__code__startswith=f"{code}.")
    return condition


def editable_filter(user) -> Q:
    """A filter on WorkingGroup for the groups `user` may edit."""
    scope = scope_of(user)
    return Q() if scope.edit_all else Q(pk__in=scope.edit_ids)


def can_view(user, group: WorkingGroup) -> bool:
    return scope_of(user).can_view(group)


def can_edit(user, group: WorkingGroup) -> bool:
    return scope_of(user).can_edit(group)


def _get_group(code: str) -> WorkingGroup:
    try:
        return WorkingGroup.objects.select_related("region", "contact_institution").get(
            region__code=code
        )
    except WorkingGroup.DoesNotExist:
        raise Http404 from None


def get_group_for_user(request, code: str) -> tuple[WorkingGroup, bool]:
    """The working group of region `code` and whether the user may edit it; 404 to outsiders."""
    group = _get_group(code)
    scope = scope_of(request.user)
    if not scope.can_view(group):
        raise Http404
    return group, scope.can_edit(group)


def get_rw_group_for_user(request, code: str) -> WorkingGroup:
    """The working group of region `code` for a change: 404 to outsiders, 403 to readers."""
    group, editable = get_group_for_user(request, code)
    if not editable:
        raise PermissionDenied
    return group


def get_member_group_for_user(request, code: str) -> WorkingGroup:
    """The working group of region `code` for a member's own work (attendance, documents,
    articles): 404 to outsiders, 403 to those who only oversee it."""
    group, _editable = get_group_for_user(request, code)
    if not scope_of(request.user).is_member(group):
        raise PermissionDenied
    return group
