"""Writes that touch several records or have side effects. The HTML views and the API call
these, each inside one transaction."""

import datetime
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sinergi.pokja.handover import position_changed, successor_named
from sinergi.pokja.models import GroupName, Handover, Invitation, Membership, Person, Role

INVITATION_DAYS = 14


@transaction.atomic
def do_update_group(form, since=None, note=""):
    """Save a working group's profile; a new name or kind is recorded in its name history."""
    group = form.instance
    if form.identity_changed():
        record_new_name(group, form.initial["name"], form.initial["kind"], since, note)
    form.save()
    return group


def record_new_name(group, old_name, old_kind, since=None, note=""):
    """Add the group's (new) name and kind to its name history, and the old one if the history
    is still empty. Call inside the transaction that saves the group."""
    if not group.names.exists():
        GroupName.objects.create(
            working_group=group, name=old_name, kind=old_kind, since=group.formed_on
        )
    GroupName.objects.create(
        working_group=group,
        name=group.name,
        kind=group.kind,
        since=since or timezone.localdate(),
        note=note,
    )


@transaction.atomic
def do_add_member(group, person, membership, institution=None):
    """Put `person` on `group`'s roster with `membership` (unsaved: position, field, duties,
    institution, start). A new person (unsaved) is saved first; a person already registered
    joins as stored, unless they already hold a position in the group then (ValidationError).
    `institution`, new and unsaved, is saved first and becomes the one the membership (and a
    new person) represents; otherwise the membership represents the person's institution
    unless it names one."""
    if institution is not None:
        institution.save()
        membership.institution = institution
        if person.pk is None:
            person.institution = institution
    if person.pk is None:
        person.save()
    else:
        _lock(person)
    membership.person = person
    membership.working_group = group
    membership.institution = membership.institution or person.institution
    membership.check_no_overlap()
    membership.save()
    return membership


def _lock(person):
    """Hold `person`'s row until the transaction ends, so that two writes of their
    memberships (a double click, two secretaries) are checked one after the other."""
    Person.objects.select_for_update().filter(pk=person.pk).exists()


@transaction.atomic
def do_change_position(membership, starts_on, position, field="", institution=None):
    """Change a member's position, field or institution from `starts_on`: `membership` (open)
    ends the day before with the reason "change of position", and the person's next membership
    starts on `starts_on` with the new values, the duties and the knowledge-holder mark. What
    a decree appointed stays as it was recorded, and the roster of an earlier date shows the
    old position. Access roles follow the person, so theirs continues without a gap; what the
    apps above pokja keep on the membership follows it (pokja/handover.py). Returns the new
    membership; ValidationError when the membership ended meanwhile or the dates do not fit."""
    _lock(membership.person)
    current = Membership.objects.select_related("person").get(pk=membership.pk)
    if current.ended_on is not None:
        raise ValidationError(_("This membership has ended meanwhile."), code="ended")
    if starts_on <= current.started_on:
        raise ValidationError(
            _("The new position must start after %(day)s, when the current one started.")
            % {"day": date_format(current.started_on, "j F Y")},
            code="too_early",
        )
    follower = Membership(
        person=current.person,
        working_group_id=current.working_group_id,
        position=position,
        field=field,
        duties=current.duties,
        institution=institution,
        started_on=starts_on,
        is_knowledge_holder=current.is_knowledge_holder,
    )
    _end_for_next_position(current, follower)
    return follower


def _end_for_next_position(current, follower):
    """End `current` on the day before `follower` (unsaved, same person and group) starts,
    then save `follower`. Call inside a transaction."""
    current.ended_on = follower.started_on - datetime.timedelta(days=1)
    current.end_reason = Membership.EndReason.POSITION_CHANGE
    current.save(update_fields=["ended_on", "end_reason"])
    follower.full_clean()
    follower.check_no_overlap()
    follower.save()
    position_changed(current, follower)


@transaction.atomic
def do_end_membership(membership, ended_on, reason, actor=None):
    """End a membership. A transfer or promotion opens a handover. The access role of the
    person's account ends on the same last day, and their open invitations to the group end
    now, unless another membership of theirs in the group remains open."""
    membership.ended_on = ended_on
    membership.end_reason = reason
    membership.full_clean()
    membership.save(update_fields=["ended_on", "end_reason"])
    end_access_of(membership)
    if reason in Membership.HANDOVER_REASONS:
        # The leaving member writes the notes: until the last day with their role, then for
        # access.HANDOVER_ACCESS_DAYS on the handover page alone.
        handover, _created = Handover.objects.get_or_create(
            leaving=membership, defaults={"created_by": actor}
        )
        return handover
    return None


def end_access_of(membership):
    """Give the access role of the membership's person in the group the membership's last day,
    and withdraw their open invitations to the group, unless another membership of theirs in
    the group remains open."""
    group = membership.working_group
    others = group.memberships.filter(person=membership.person_id, ended_on__isnull=True)
    if others.exclude(pk=membership.pk).exists():
        return
    Invitation.objects.open().filter(person=membership.person_id, working_group=group).update(
        revoked=timezone.now()
    )
    user_id = Person.objects.filter(pk=membership.person_id).values_list("user", flat=True)[0]
    if user_id is not None:
        Role.objects.filter(user=user_id, working_group=group).update(ends_on=membership.ended_on)


@transaction.atomic
def do_name_successor(handover, data, actor=None, site_url=""):
    """Start the successor's membership in the leaving member's position, with the handover.
    The successor's account (or, with `data["invite"]`, an invitation) gets the leaver's access
    role from the first day; the group's contact person and what the apps above pokja
    registered (action items, stewarded articles) follow the position."""
    leaving = handover.leaving
    group = leaving.working_group
    person = data.get("person")
    if person is None:
        person = Person.objects.create(
            full_name=data["new_full_name"].strip(),
            is_civil_servant=data.get("new_is_civil_servant", False),
            nip=data.get("new_nip", ""),
            email=data.get("new_email", ""),
            phone=data.get("new_phone", ""),
            job_title=data.get("new_job_title", ""),
            institution=data.get("institution"),
        )
    else:
        _lock(person)
    successor = Membership(
        person=person,
        working_group=group,
        position=leaving.position,
        field=leaving.field,
        duties=leaving.duties,
        institution=data.get("institution") or person.institution,
        started_on=data["started_on"],
    )
    # A member who takes over changes position: their current membership ends the day before.
    current = group.memberships.filter(person=person, ended_on__isnull=True).first()
    if current is not None and current.started_on < successor.started_on:
        _end_for_next_position(current, successor)
    else:
        successor.check_no_overlap()
        successor.save()
    handover.successor = successor
    handover.completed = timezone.now()
    handover.save(update_fields=["successor", "completed"])
    # The public profile names whoever holds the position now.
    if group.contact_person_id == leaving.person_id:
        group.contact_person = person
        group.save(update_fields=["contact_person"])
    # What follows the position in the apps above pokja (the open action items of meetings,
    # the articles kept by the leaver), registered in sinergi/pokja/handover.py; in this
    # transaction.
    successor_named(handover, person)
    kind = leaver_access_kind(leaving) or (Role.Kind.MEMBER if data.get("invite") else None)
    if kind and person.user_id is not None:
        grant_role(person.user, group, kind, person)
    elif kind and data.get("invite"):
        # Last, so that nothing after the e-mail can undo the invitation it announces.
        email = data.get("invite_email") or person.email
        do_invite(person, group, kind, actor, site_url, email=email)
    return successor


def leaver_access_kind(membership):
    """The access role (Role.Kind) the membership's person had in its group, or None."""
    user_id = membership.person.user_id
    if user_id is None:
        return None
    return (
        Role.objects.filter(user=user_id, working_group=membership.working_group_id)
        .values_list("kind", flat=True)
        .first()
    )


def grant_role(user, group, kind, person):
    """Give `user` `kind` access to `group` for the period of `person`'s open and upcoming
    memberships there: from the first day when that is still ahead, to the last. A role in
    force keeps going (and widens to the secretariat when `kind` is that); an ended one is
    replaced. Call inside a transaction."""
    first_day = _first_day_in(group, person)
    role, created = Role.objects.get_or_create(
        user=user, working_group=group, defaults={"kind": kind, "starts_on": first_day}
    )
    if not created and not role_in_force(role):
        role.kind, role.starts_on = kind, first_day
    elif kind == Role.Kind.SECRETARIAT:
        # Already inside the group: one role per account, so it widens now.
        role.kind = Role.Kind.SECRETARIAT
    role.ends_on = _last_day_in(group, person)
    role.save(update_fields=["kind", "starts_on", "ends_on"])
    return role


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_address(person) -> str:
    """Where an invitation for `person` goes: the address of their account when they have one
    (an invitation only ever adds a role to that account), else the roster's address."""
    return person.user.email if person.user_id else person.email


@transaction.atomic
def do_invite(person, group, kind, invited_by, site_url, email=None):
    """Send a one-time link that gives `person` `kind` access to `group`: a new account, or a
    role for the account they already have. It replaces their earlier open invitations. It
    goes to `email` when given and the person has no account yet."""
    email = invitation_address(person) if person.user_id or not email else email
    Invitation.objects.open().filter(person=person, working_group=group).update(
        revoked=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        person=person,
        working_group=group,
        kind=kind,
        email=email,
        token_hash=_token_hash(token),
        invited_by=invited_by,
        expires=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
    )
    # Invitations speak Indonesian: the people invited read the portal in it by default.
    with translation.override("id"):
        context = {
            "invitation": invitation,
            "link": site_url + reverse("pokja:accept_invitation", args=[token]),
            "days": INVITATION_DAYS,
            "has_account": person.user_id is not None
            or get_user_model().objects.filter(email__iexact=email).exists(),
        }
        send_mail(
            render_to_string("pokja/email/invitation_subject.txt", context).strip(),
            render_to_string("pokja/email/invitation.txt", context),
            None,
            [email],
        )
    return invitation


def do_revoke_invitation(invitation):
    Invitation.objects.open().filter(pk=invitation.pk).update(revoked=timezone.now())


def find_invitation(token: str):
    return (
        Invitation.objects.select_related("person__user", "working_group__region")
        .filter(token_hash=_token_hash(token))
        .first()
    )


def invited_account(invitation):
    """The account an invitation adds its role to, None when it creates one, or False when
    it cannot be accepted: its person has no membership in the group open today or starting
    later (a successor accepts before their first day), or the account's address is no longer
    the one invited."""
    group, person = invitation.working_group, invitation.person
    if not _open_or_upcoming(group, person).exists():
        return False
    User = get_user_model()
    user = person.user or User.objects.filter(email__iexact=invitation.email).first()
    if user is not None and user.email.casefold() != invitation.email.casefold():
        return False
    return user


@transaction.atomic
def do_accept_invitation(invitation, user=None, password=None):
    """Give the role to `user` (the invited account, signed in), or create the account with
    `password` when none exists. An existing account's password is never set here. Returns
    the account, or None when the invitation was used or withdrawn meanwhile."""
    if not Invitation.objects.select_for_update().get(pk=invitation.pk).is_usable():
        return None
    person = invitation.person
    if user is None:
        User = get_user_model()
        user = User.objects.create_user(invitation.email, password, full_name=person.full_name)
    # An account links to at most one person: an account that already stands for someone
    # else keeps that link.
    if person.user_id is None and not Person.objects.filter(user=user).exists():
        person.user = user
        person.save(update_fields=["user"])
    # The role lasts as long as the person's open and upcoming memberships in the group.
    grant_role(user, invitation.working_group, invitation.kind, person)
    invitation.accepted = timezone.now()
    invitation.save(update_fields=["accepted"])
    return user


def role_in_force(role, day=None) -> bool:
    day = day or timezone.localdate()
    started = role.starts_on is None or role.starts_on <= day
    return started and (role.ends_on is None or role.ends_on >= day)


def _open_or_upcoming(group, person):
    """`person`'s memberships in `group` that have not ended before today."""
    return group.memberships.filter(person=person).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate())
    )


def _first_day_in(group, person):
    """None when one of `person`'s memberships in `group` is open today, else the first day of
    the next one."""
    today = timezone.localdate()
    days = list(_open_or_upcoming(group, person).values_list("started_on", flat=True))
    if not days or min(days) <= today:
        return None
    return min(days)


def _last_day_in(group, person):
    """The last day of `person`'s open and upcoming memberships in `group`; None when one is
    open-ended."""
    days = _open_or_upcoming(group, person).values_list("ended_on", flat=True)
    return None if None in days else max(days, default=None)
