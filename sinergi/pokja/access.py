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
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.pokja.models import Handover, Membership, Role, WorkingGroup
from sinergi.regions.models import Region, at_or_below, below, is_at_or_below


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
    return any(is_at_or_below(code, c) for c in codes)


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
        # A role gives rights up to its last day (that of the membership it comes from).
        roles = (
            Role.objects.in_force()
            .filter(user=user)
            .values_list(
                "working_group_id",
                "kind",
                "working_group__region__level",
                "working_group__region__code",
            )
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
    return Q(pk__in=scope.read_ids) | below(scope.read_provinces, "region__code")


def editable_filter(user) -> Q:
    """A filter on WorkingGroup for the groups `user` may edit."""
    scope = scope_of(user)
    return Q() if scope.edit_all else Q(pk__in=scope.edit_ids)


def can_view(user, group: WorkingGroup) -> bool:
    return scope_of(user).can_view(group)


def can_edit(user, group: WorkingGroup) -> bool:
    return scope_of(user).can_edit(group)


def is_member(user, group: WorkingGroup) -> bool:
    """Has a role in `group` itself (does the members' part of its work), not only oversight."""
    return scope_of(user).is_member(group)


def own_groups_filter(user) -> Q:
    """A filter on WorkingGroup for the groups where `user` holds a role now (member or
    secretariat): their own groups, not those they only oversee."""
    if user.is_authenticated and user.is_superuser:
        # An administrator's scope is everything, computed without their roles.
        return Q(roles__user=user)
    return Q(pk__in=scope_of(user).read_ids)


def in_scope_or_public(user, public: Q, group_field: str = "working_group") -> Q:
    """A filter for records of working groups (documents, articles, posts): the public ones,
    described by `public`, of every group, and all of those of the groups `user` may read."""
    scope = scope_of(user)
    if scope.read_all:
        return Q()
    if not (scope.read_ids or scope.read_provinces):
        return public
    groups = WorkingGroup.objects.filter(visible_filter(user)).values("pk")
    return public | Q(**{f"{group_field}__in": groups})


# Region data (indicator values, facilities and their inspections) belongs to a region, not a
# group: the regions of a user's groups and those below them, and for the secretariat of a
# province or the nation every region below it.


def can_view_region(user, region) -> bool:
    """May read the private data of `region`: draft values, non-public indicators."""
    return scope_of(user).can_view_region(region)


def can_edit_region(user, region) -> bool:
    """May write the data (indicator values, facilities, inspections) of `region`."""
    return scope_of(user).can_edit_region(region)


def region_filter(user, field: str = "region__code", edit: bool = False) -> Q:
    """A filter on rows whose region code (`field`) is a region whose private data `user` may
    read (or, with `edit`, write): `can_view_region` and `can_edit_region` as a filter."""
    scope = scope_of(user)
    if scope.edit_all if edit else scope.read_all:
        return Q()
    codes = scope.edit_codes if edit else scope.read_codes | scope.read_provinces
    return at_or_below(codes, field)


# Indicator values (monitoring.DataValue, named by its fields: pokja sits below monitoring).
# The one rule for every page, export, feed and API endpoint that shows values or figures made
# of them: the verified values of public indicators are open data; drafts and the values of
# non-public indicators are read only within scope.
PUBLISHED_VALUES = Q(status="terverifikasi", indicator__is_public=True)


def visible_values_filter(user) -> Q:
    """A filter on DataValue for the values `user` may read, each by its own region."""
    regions = region_filter(user)
    # Q() is every row, but `X | Q()` is X: "all regions" must not be combined.
    return PUBLISHED_VALUES | regions if regions else Q()


def can_view_indicator(user, indicator, region) -> bool:
    """Whether `indicator` is offered with the figures of `region`. A figure of a region (a
    dashboard, the map, a roll-up, a ranking) is made of every value when `user` may read the
    region's private data, else of PUBLISHED_VALUES only: never a mix, so a figure is public
    (and cacheable) or private as a whole."""
    return indicator.is_public or can_view_region(user, region)


def get_region_data_group(request, code: str) -> tuple[WorkingGroup, bool]:
    """The working group of region `code` and whether the user may write its region's data
    (values, targets, facilities); 404 to outsiders."""
    group = get_group_for_user(request, code)[0]
    return group, can_edit_region(request.user, group.region)


def get_rw_region_data_group(request, code: str) -> WorkingGroup:
    """The working group of region `code` for writing its region's data: 404 to outsiders, 403
    to those who may only read it."""
    group, editable = get_region_data_group(request, code)
    if not editable:
        raise PermissionDenied
    return group


# Verifying indicator values: those who may write a region's data verify its drafts (the
# secretariat of its working group, of its province and of the nation), whether or not the
# region has a working group of its own, but never a value they entered themselves, unless the
# installation allows it (settings.VALUES_SELF_VERIFICATION, for one-person offices).


def can_verify_region(user, region) -> bool:
    """May verify the draft values of `region` (those entered by someone else)."""
    return scope_of(user).can_edit_region(region)


def can_verify_value(user, value) -> bool:
    """May verify `value` (a monitoring.DataValue): a second person's act, unless the
    installation allows verifying one's own entries."""
    if not can_verify_region(user, value.region):
        return False
    # A pending change of a verified value is its proposer's entry.
    author = value.revised_by_id if value.revised_at is not None else value.entered_by_id
    return author != user.pk or settings.VALUES_SELF_VERIFICATION


def verifiable_values_filter(user) -> Q:
    """A filter on DataValue for the values `user` may verify among those of a region they may
    verify (`can_verify_value` as a filter): the values, and the pending changes of verified
    values, someone else entered."""
    if settings.VALUES_SELF_VERIFICATION:
        return Q(pk__isnull=False)  # every value, in a form that can also be negated
    pending = Q(revised_at__isnull=False)
    return (~pending & ~Q(entered_by=user.pk)) | (pending & ~Q(revised_by=user.pk))


def get_verify_region_for_user(request, code: str) -> tuple[Region, WorkingGroup | None]:
    """Region `code` for verifying its values, and its working group (None when it has none):
    404 to those who may not read its private data, 403 to those who may only read it."""
    region = get_object_or_404(Region.objects.select_related("working_group"), code=code)
    if not can_view_region(request.user, region):
        raise Http404
    if not can_verify_region(request.user, region):
        raise PermissionDenied
    group = region.working_group if hasattr(region, "working_group") else None
    return region, group


# Oversight: the secretariat of a province reads every working group of the province, that of
# the nation every group.
ALL_PROVINCES = "all"


def overseen_provinces(user):
    """The province codes whose every working group `user` reads, ALL_PROVINCES for the
    nation, or None when they oversee no province."""
    scope = scope_of(user)
    if scope.read_all:
        return ALL_PROVINCES
    return scope.read_provinces or None


def oversees_province(user, code: str) -> bool:
    """Whether `user` reads every working group of province `code` (its private summaries)."""
    provinces = overseen_provinces(user)
    return provinces == ALL_PROVINCES or (provinces is not None and code in provinces)


def oversees_nation(user) -> bool:
    """Whether `user` reads every working group of the country (the national summaries)."""
    return overseen_provinces(user) == ALL_PROVINCES


def can_manage_pages(user) -> bool:
    """Whether `user` edits the portal pages: the secretariat of the national working group and
    administrators. No query: the scope is computed once per request."""
    scope = scope_of(user)
    return scope.edit_all or Region.NATIONAL_CODE in scope.edit_codes


def can_onboard_network(user) -> bool:
    """Whether `user` imports the directory of working groups and invites their secretariats
    in bulk (pokja/onboarding.py): the national secretariat and administrators."""
    return can_manage_pages(user)


def has_secretariat_account_filter(day=None) -> Q:
    """A filter on WorkingGroup for the groups with an active account holding their secretariat
    role in force on `day` (today by default): groups without one cannot edit themselves."""
    roles = Role.objects.in_force(day).filter(
        working_group=OuterRef("pk"), kind=Role.Kind.SECRETARIAT, user__is_active=True
    )
    return Q(Exists(roles))


def can_decide_access_request(user, group) -> bool:
    """Whether `user` approves or refuses a request for secretariat access to `group`: the
    secretariat of the group itself and of those above it (the province for a kabupaten/kota,
    the nation for every group), and administrators."""
    return can_edit_region(user, group.region)


def access_requests_filter(user, field: str = "working_group__region__code") -> Q:
    """A filter on AccessRequest for the requests `user` may decide (`can_decide_access_request`
    as a filter)."""
    return region_filter(user, field, edit=True)


def access_request_deciders(group) -> list:
    """The accounts told of a request for secretariat access to `group`: those holding the
    secretariat role of the nearest working group above it that has any (the province's for a
    kabupaten/kota, else the national one). One query."""
    code = group.region.code
    above = [code[:2], Region.NATIONAL_CODE] if "." in code else [Region.NATIONAL_CODE]
    roles = (
        Role.objects.in_force()
        .filter(
            kind=Role.Kind.SECRETARIAT,
            user__is_active=True,
            working_group__region__code__in=[c for c in above if c != code],
        )
        .select_related("user", "working_group__region")
    )
    nearest = max((role.working_group.region.level for role in roles), default=None)
    return [role.user for role in roles if role.working_group.region.level == nearest]


def get_access_request_group(request, code: str) -> WorkingGroup:
    """The working group of region `code` for deciding its access requests: 404 to outsiders,
    403 to those who only read it."""
    group = get_group_for_user(request, code)[0]
    if not can_decide_access_request(request.user, group):
        raise PermissionDenied
    return group


# Forming a working group: a region without one has no secretariat of its own, so the one above
# it starts the formation (or registers an equivalent forum): the provincial secretariat for the
# kabupaten/kota of its province, the national secretariat (and an administrator) for any
# province or kabupaten/kota. Once the group exists, the rules above apply.
FORMATION_LEVELS = (Region.Level.PROVINCE, Region.Level.REGENCY)


def can_start_formation_anywhere(user) -> bool:
    return overseen_provinces(user) is not None


def can_start_formation(user, region) -> bool:
    """Whether `user` may start a working group in `region` (whether it has one aside)."""
    if region.level not in FORMATION_LEVELS:
        return False
    if region.level == Region.Level.PROVINCE:
        return overseen_provinces(user) == ALL_PROVINCES
    return oversees_province(user, region.code[:2])


def formation_regions(user):
    """The provinces and kabupaten/kota where `user` may start a working group."""
    regions = Region.objects.filter(level__in=FORMATION_LEVELS)
    provinces = overseen_provinces(user)
    if provinces == ALL_PROVINCES:
        return regions
    return regions.filter(below(provinces or ()), level=Region.Level.REGENCY)


# Action items and calendar feeds.


def can_close_action_item(user, item) -> bool:
    """Whether `user` may close `item` (open or not): the secretariat of its working group, or
    its owner, the roster person linked to the user's account."""
    scope = scope_of(user)
    if scope.edit_all or item.working_group_id in scope.edit_ids:
        return True
    return (
        user.is_authenticated
        and item.owner_person_id is not None
        and item.owner_person.user_id == user.pk
    )


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


# People: a person may sit in several working groups (found again by NIP), so what one
# group may see or change of them depends on all of their groups.


def _groups_of(person):
    return WorkingGroup.objects.filter(memberships__person=person).select_related("region")


def can_read_person_details(user, person) -> bool:
    """Whether `user` may read `person`'s e-mail and phone (and, in the API, NIP): only when
    they may read every working group the person sits or sat in. Adding someone to one's
    roster by NIP therefore reveals nothing one could not read before."""
    scope = scope_of(user)
    if scope.read_all:
        return True
    groups = list(_groups_of(person).distinct())
    return bool(groups) and all(scope.can_view(group) for group in groups)


def person_details_filter(user) -> Q:
    """A filter on Person for the people whose contact details `user` may read (the rule of
    can_read_person_details)."""
    if scope_of(user).read_all:
        return Q(pk__isnull=False)  # everyone, in a form that can also be annotated
    visible = WorkingGroup.objects.filter(visible_filter(user))
    memberships = Membership.objects.filter(person=OuterRef("pk"))
    return Q(Exists(memberships.filter(working_group__in=visible))) & ~Q(
        Exists(memberships.exclude(working_group__in=visible))
    )


def can_edit_person(user, person) -> bool:
    """Whether `user` may change `person`'s name, NIP, e-mail, phone or account link: the
    national secretariat and administrators always, others only when they may edit every
    working group the person sits or sat in. Otherwise a secretariat could change the e-mail
    of someone another group relies on (and so reach their account)."""
    scope = scope_of(user)
    if scope.edit_all or scope.read_all:
        return True
    groups = list(_groups_of(person).distinct())
    return bool(groups) and all(scope.can_edit(group) for group in groups)


def person_editable_filter(user) -> Q:
    """A filter on Person for the people `user` may change (the rule of can_edit_person)."""
    scope = scope_of(user)
    if scope.edit_all or scope.read_all:
        return Q(pk__isnull=False)
    editable = WorkingGroup.objects.filter(editable_filter(user))
    memberships = Membership.objects.filter(person=OuterRef("pk"))
    return Q(Exists(memberships.filter(working_group__in=editable))) & ~Q(
        Exists(memberships.exclude(working_group__in=editable))
    )


# Handovers: the leaving member writes their own notes, also for a while after their last day,
# when their role (and with it every other right in the group) has ended.

HANDOVER_ACCESS_DAYS = 30


def is_leaver_in_handover_time(user, handover, day=None) -> bool:
    """Whether `user` is the leaving member of `handover` and it is at most
    HANDOVER_ACCESS_DAYS after their last day."""
    leaving = handover.leaving
    if not user.is_authenticated or leaving.person.user_id != user.pk:
        return False
    day = day or timezone.localdate()
    return leaving.ended_on is None or day <= leaving.ended_on + timedelta(
        days=HANDOVER_ACCESS_DAYS
    )


def can_write_handover_notes(user, handover) -> bool:
    """The group's secretariat, or the leaving member in their handover time."""
    return can_edit(user, handover.working_group) or is_leaver_in_handover_time(user, handover)


def get_handover_for_user(request, code: str, pk: int) -> tuple[Handover, bool]:
    """Handover `pk` of the working group of region `code`, and whether the user may edit the
    group. Readers of the group see it; its leaving member also after their last day, in their
    handover time; everyone else gets 404."""
    handover = get_object_or_404(
        Handover.objects.select_related(
            "leaving__person", "leaving__working_group__region", "successor__person"
        ),
        pk=pk,
        leaving__working_group__region__code=code,
    )
    scope = scope_of(request.user)
    group = handover.leaving.working_group
    if not (scope.can_view(group) or is_leaver_in_handover_time(request.user, handover)):
        raise Http404
    return handover, scope.can_edit(group)


def secretariat_after(group: WorkingGroup, day, leaving_user_id=None) -> bool:
    """Whether an account other than `leaving_user_id` holds `group`'s secretariat role in
    force on `day`: who else may edit the group once the leaving member's role has ended."""
    roles = Role.objects.in_force(day).filter(
        working_group=group, kind=Role.Kind.SECRETARIAT, user__is_active=True
    )
    return roles.exclude(user_id=leaving_user_id).exists()


def is_last_secretariat(membership, ended_on) -> bool:
    """Whether ending `membership` on `ended_on` ends the only secretariat access of its group:
    its person's account holds the group's secretariat role, no other open membership of
    theirs keeps it, and no other account holds that role the day after."""
    user_id = membership.person.user_id
    group = membership.working_group
    if (
        user_id is None
        or not Role.objects.filter(user=user_id, working_group=group, kind=Role.Kind.SECRETARIAT)
        .in_force()
        .exists()
    ):
        return False
    others = group.memberships.filter(person=membership.person_id, ended_on__isnull=True)
    if others.exclude(pk=membership.pk).exists():
        return False
    return not secretariat_after(group, ended_on + timedelta(days=1), user_id)


def handover_leaves_no_secretariat(handover) -> bool:
    """Whether the leaving member of `handover` held the group's secretariat role and no other
    account (a successor's included) holds it the day after their last day."""
    leaving = handover.leaving
    user_id = leaving.person.user_id
    group = leaving.working_group
    if user_id is None or leaving.ended_on is None:
        return False
    if not Role.objects.filter(
        user=user_id, working_group=group, kind=Role.Kind.SECRETARIAT
    ).exists():
        return False
    return not secretariat_after(group, leaving.ended_on + timedelta(days=1), user_id)


# Removing a record entered by mistake (pokja/removal.py). The secretariat of a group removes
# what never should have been recorded; what is part of the record of what happened (an adopted
# plan, a meeting with minutes, a membership a decree appointed, a published post) is ended,
# cancelled or corrected instead. Each rule reads the record's own fields and relations by
# name: the domain apps sit above this module.


def _refuse_work_plan(plan, group) -> str:
    if plan.activities.filter(reports__isnull=False).exists():
        return _(
            "Realisation has been reported for its activities: the work plan is in use. Remove "
            "the activities entered by mistake one by one instead."
        )
    return ""


def _refuse_strategic_plan(plan, group) -> str:
    if plan.status != "draf":
        return _(
            "An adopted strategic plan is part of the record and cannot be removed; a revised "
            "plan is adopted in its place."
        )
    return ""


def _refuse_programme(programme, group) -> str:
    if programme.registered_by_id != group.pk:
        return _(
            "Another working group registered this programme: only its secretariat may remove it."
        )
    if programme.intakes.exclude(working_group=group).exists():
        return _(
            "Other working groups have recorded the intake of this programme: it cannot be "
            "removed. Correct it instead."
        )
    return ""


def _refuse_meeting(meeting, group) -> str:
    if (
        meeting.minutes
        or meeting.minutes_file
        or meeting.attendance_file
        or meeting.decisions.exists()
        or meeting.participants.exclude(attendance="").exists()
    ):
        return _(
            "The meeting has minutes, decisions or recorded attendance: it is part of the "
            "record and cannot be removed."
        )
    if meeting.is_cancelled:
        return ""
    if meeting.starts_at <= timezone.now():
        return _(
            "The meeting has already begun. If it did not take place, cancel it; a cancelled "
            "meeting can then be removed."
        )
    if meeting.participants.exists():
        return _(
            "People have been invited to this meeting. Cancel it first, so that they receive "
            "the cancellation; then it can be removed."
        )
    return ""


def _refuse_post(post, group) -> str:
    if post.is_published:
        return _(
            "A published post cannot be removed. To take it off the portal, withdraw it to "
            "draft; a draft can be removed."
        )
    return ""


def _membership_on_record(membership) -> str:
    """Why `membership` is part of the record (a decree or a handover names it), or ""."""
    name = membership.person.full_name
    if membership.appointed_by_decree():
        return _(
            "A decree appointed this membership of %(name)s: it is part of the record. End the "
            "membership instead."
        ) % {"name": name}
    if Handover.objects.filter(Q(leaving=membership) | Q(successor=membership)).exists():
        return _(
            "A handover depends on this membership of %(name)s. End the membership instead."
        ) % {"name": name}
    return ""


def _has_role(person, group) -> bool:
    return (
        person.user_id is not None
        and Role.objects.filter(user=person.user_id, working_group=group).exists()
    )


def _refuse_membership(membership, group) -> str:
    refusal = _membership_on_record(membership)
    if refusal:
        return refusal
    # A duplicate may go; the membership an account's access comes from is ended instead.
    others = group.memberships.filter(person=membership.person_id).exclude(pk=membership.pk)
    if _has_role(membership.person, group) and not others.exists():
        return _(
            "%(name)s has access to this working group through this membership. End the "
            "membership instead: the access ends on its last day."
        ) % {"name": membership.person.full_name}
    return ""


def _refuse_person(person, group) -> str:
    memberships = list(person.memberships.all())
    if any(m.working_group_id != group.pk for m in memberships):
        return _(
            "%(name)s also sits in another working group: remove only the membership entered "
            "by mistake."
        ) % {"name": person.full_name}
    # The person goes with all of their memberships: one that is on record keeps them.
    for membership in memberships:
        membership.person = person
        refusal = _membership_on_record(membership)
        if refusal:
            return refusal
    if _has_role(person, group):
        return _(
            "%(name)s has access to this working group. End their membership instead: the "
            "access ends on its last day."
        ) % {"name": person.full_name}
    return ""


def _removable(obj, group) -> str:
    return ""


REMOVAL_RULES = {
    "planning.Activity": _removable,
    "planning.WorkPlan": _refuse_work_plan,
    "planning.StrategicPlan": _refuse_strategic_plan,
    "programmes.Programme": _refuse_programme,
    "facilities.Facility": _removable,
    "meetings.Meeting": _refuse_meeting,
    "library.Document": _removable,
    "news.Post": _refuse_post,
    "pokja.Membership": _refuse_membership,
    "pokja.Person": _refuse_person,
}


def removal_refusal(obj, group) -> str:
    """Why `obj`, a record of `group`, cannot be removed as entered by mistake; "" when it can.
    Records that others depend on through protected links are refused by the removal itself."""
    rule = REMOVAL_RULES.get(obj._meta.label)
    if rule is None:
        return _("Records of this kind cannot be removed.")
    return rule(obj, group)


def can_remove(user, group, obj) -> bool:
    """Whether `user` may remove `obj`, a record of `group` entered by mistake: those who edit
    the group (for a facility, its region's data) and only while the record may go."""
    if obj._meta.label == "facilities.Facility":
        editable = can_edit_region(user, group.region)
    else:
        editable = can_edit(user, group)
    return editable and not removal_refusal(obj, group)
