"""Onboarding the real network: the writes that bring existing working groups and their people
into Sinergi (docs/onboarding.md).

- `do_invite_secretariats()`: after the directory import (formation/directory_io.py), invite the
  contact person of every group without a secretariat account, in one action;
- `do_request_access()` and `do_decide_access_request()`: an officer of a region asks for
  secretariat access from the region's page; the secretariat above decides;
- `make_national_secretariat()`: an account becomes the national secretariat (the
  `create_national_admin` command).

Roles are given only through `actions.grant_role()` and invitations through `actions.do_invite()`,
so the rules of the roster (a role follows a membership) hold here too.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sinergi.accounts.models import Notification
from sinergi.accounts.notifications import notify
from sinergi.pokja import actions
from sinergi.pokja.access import access_request_deciders, has_secretariat_account_filter
from sinergi.pokja.models import (
    AccessRequest,
    Institution,
    Invitation,
    Membership,
    Person,
    Role,
    WorkingGroup,
)
from sinergi.pokja.reference import national_secretariat_group
from sinergi.regions.models import Region

# The position of a contact person or an approved requester on the roster: they run the
# secretariat; the roster can change it from a date like any other.
SECRETARIAT_POSITION = Membership.Position.SECRETARIAT_STAFF


# --- bulk invitation of the secretariats -------------------------------------------------------


@dataclass
class Candidate:
    """A working group without a secretariat account, and whether its contact can be invited
    (`reason` empty) or why not."""

    group: WorkingGroup
    person: Person | None
    email: str
    reason: str = ""

    @property
    def can_invite(self) -> bool:
        return not self.reason


def secretariat_candidates(groups=None) -> list[Candidate]:
    """The regional working groups (of `groups`, all by default) with no account holding their
    secretariat role, each with its contact person and the address an invitation would go to,
    or the reason it cannot be sent. A few queries whatever the number of groups."""
    today = timezone.localdate()
    groups = (
        (groups if groups is not None else WorkingGroup.objects.all())
        .exclude(region__level=Region.Level.NATIONAL)
        .exclude(has_secretariat_account_filter())
        .select_related("region", "contact_person__user")
        .order_by("region__code")
    )
    groups = list(groups)
    ids = [g.pk for g in groups]
    on_roster = set(
        Membership.objects.filter(working_group__in=ids)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .values_list("working_group_id", "person_id")
    )
    invited = set(
        Invitation.objects.open()
        .filter(working_group__in=ids, kind=Role.Kind.SECRETARIAT)
        .values_list("working_group_id", "person_id")
    )
    found = []
    for group in groups:
        person = group.contact_person
        email = (actions.invitation_address(person) if person else "") or ""
        candidate = Candidate(group, person, email)
        if person is None:
            candidate.reason = _("No contact person.")
        elif not email:
            candidate.reason = _("The contact person has no e-mail address.")
        elif (group.pk, person.pk) not in on_roster:
            candidate.reason = _("The contact person is not on the roster.")
        elif (group.pk, person.pk) in invited:
            candidate.reason = _("Already invited; the invitation is still open.")
        found.append(candidate)
    return found


@dataclass
class InvitationResult:
    invited: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (group, reason)


def do_invite_secretariats(group_ids, invited_by, site_url) -> InvitationResult:
    """Invite, as secretariat, the contact person of each working group of `group_ids` that
    still has no secretariat account; the others are skipped with their reason. Each invitation
    is its own transaction (`actions.do_invite`): one that fails leaves the others sent."""
    result = InvitationResult()
    chosen = WorkingGroup.objects.filter(pk__in=group_ids)
    candidates = {c.group.pk: c for c in secretariat_candidates(chosen)}
    for group in chosen.select_related("region").order_by("region__code"):
        candidate = candidates.get(group.pk)
        if candidate is None:
            result.skipped.append((group, _("It already has a secretariat account.")))
        elif not candidate.can_invite:
            result.skipped.append((group, candidate.reason))
        else:
            actions.do_invite(
                candidate.person,
                group,
                Role.Kind.SECRETARIAT,
                invited_by,
                site_url,
                email=candidate.email,
            )
            result.invited.append(group)
    return result


# --- access requests ---------------------------------------------------------------------------


@transaction.atomic
def do_request_access(user, group, job_title, institution_name, note=""):
    """Record `user`'s request for secretariat access to `group`. ValidationError when a
    request of theirs is already pending there (the constraint decides, even for two posts)."""
    request = AccessRequest(
        user=user,
        working_group=group,
        job_title=" ".join(job_title.split()),
        institution_name=" ".join(institution_name.split()),
        note=note.strip(),
    )
    request.validate_constraints()
    request.save()
    with translation.override("id"):
        title = _("%(name)s asks for secretariat access to %(group)s") % {
            "name": user.full_name or user.email,
            "group": group.name,
        }
        body = f"{request.job_title}, {request.institution_name}. {request.note}".strip()
        url = reverse("pokja:group_access_requests", args=[group.region.code])
    for decider in access_request_deciders(group):
        notify(
            decider,
            Notification.Kind.ACCESS_REQUEST,
            f"access-request:{request.pk}",
            title,
            body,
            url,
        )
    return request


def _institution_for(region, name):
    """The institution of `region` called `name` (ignoring case), created when new: a Bappeda
    when its name says so, else a regional agency."""
    institution = Institution.objects.filter(region=region, name__iexact=name).first()
    if institution is None:
        category = (
            Institution.Category.BAPPEDA
            if "bappeda" in name.casefold()
            else Institution.Category.AGENCY
        )
        institution = Institution.objects.create(name=name, category=category, region=region)
    return institution


@transaction.atomic
def do_decide_access_request(access_request, approve, decided_by, reason=""):
    """Approve or refuse a pending request. An approval puts the requester on the group's
    roster as secretariat staff from today (unless a membership of theirs is open there) and
    gives their account the secretariat role; a refusal needs `reason`, which the requester
    sees. ValidationError when the request was decided meanwhile."""
    current = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if not current.is_pending:
        raise ValidationError(_("This request has already been decided."), code="decided")
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(_("Say why the request is refused."), code="reason")
    group, user = current.working_group, current.user
    if approve:
        person = Person.objects.filter(user=user).first()
        if person is None:
            person = Person(
                full_name=user.full_name or user.email,
                email=user.email,
                job_title=current.job_title,
                user=user,
            )
        institution = _institution_for(group.region, current.institution_name)
        today = timezone.localdate()
        open_here = (
            person.pk
            and group.memberships.filter(person=person)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
            .exists()
        )
        if not open_here:
            membership = Membership(
                position=SECRETARIAT_POSITION, institution=institution, started_on=today
            )
            if person.pk is None:
                person.institution = institution
            actions.do_add_member(group, person, membership)
        actions.grant_role(user, group, Role.Kind.SECRETARIAT, person)
    current.status = AccessRequest.Status.APPROVED if approve else AccessRequest.Status.REFUSED
    current.reason = reason
    current.decided_by = decided_by
    current.decided_at = timezone.now()
    current.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    with translation.override("id"):
        if approve:
            title = _("Your request for secretariat access to %(group)s was approved")
        else:
            title = _("Your request for secretariat access to %(group)s was refused")
        notify(
            user,
            Notification.Kind.ACCESS_REQUEST,
            f"access-decision:{current.pk}",
            title % {"group": group.name},
            reason,
            reverse("pokja:request_access", args=[group.region.code]),
        )
    return current


# --- the national secretariat ------------------------------------------------------------------


@transaction.atomic
def make_national_secretariat(user):
    """Make `user` the national working group's secretariat: the role (open-ended), and staff
    in the admin group that edits the reference data. The national working group must exist
    (`load_reference`): WorkingGroup.DoesNotExist otherwise."""
    group = WorkingGroup.objects.get(region__level=Region.Level.NATIONAL)
    person = Person.objects.filter(user=user).first()
    actions.grant_role(user, group, Role.Kind.SECRETARIAT, person)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(national_secretariat_group())
    return group
