"""Writes that touch several records or have side effects. The HTML views and the API call
these, each inside one transaction."""

import datetime
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

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
def do_end_membership(membership, ended_on, reason, actor=None):
    """End a membership. A transfer or promotion opens a handover. The access role of the
    person's account ends with it (after a handover: when the successor is named), unless
    another membership of theirs in the group remains open."""
    membership.ended_on = ended_on
    membership.end_reason = reason
    membership.full_clean()
    membership.save(update_fields=["ended_on", "end_reason"])
    if reason in Membership.HANDOVER_REASONS:
        # The leaving member keeps access until the successor is named, to write the notes.
        handover, _ = Handover.objects.get_or_create(
            leaving=membership, defaults={"created_by": actor}
        )
        return handover
    end_access_of(membership)
    return None


def end_access_of(membership):
    """Remove the access role the membership's person had, unless another membership of
    theirs in the group remains open."""
    user_id = Person.objects.filter(pk=membership.person_id).values_list("user", flat=True)[0]
    if user_id is None:
        return
    group = membership.working_group
    others = group.memberships.filter(person__user=user_id, ended_on__isnull=True)
    if not others.exclude(pk=membership.pk).exists():
        Role.objects.filter(user=user_id, working_group=group).delete()


@transaction.atomic
def do_name_successor(handover, data, actor=None):
    """Start the successor's membership in the leaving member's position, with the handover."""
    leaving = handover.leaving
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
    successor = Membership.objects.create(
        person=person,
        working_group=leaving.working_group,
        position=leaving.position,
        field=leaving.field,
        duties=leaving.duties,
        institution=data.get("institution") or person.institution,
        started_on=data["started_on"],
    )
    handover.successor = successor
    handover.completed = timezone.now()
    handover.save(update_fields=["successor", "completed"])
    # The leaving member's open action items follow the position. (meetings sits above pokja.)
    from sinergi.meetings.handover import transfer_action_items  # noqa: PLC0415

    transfer_action_items(handover, person)
    end_access_of(leaving)
    return successor


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def do_invite(person, group, kind, invited_by, site_url):
    """Send a one-time link that gives `person` an account with `kind` access to `group`."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        person=person,
        working_group=group,
        kind=kind,
        email=person.email,
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
        }
        send_mail(
            render_to_string("pokja/email/invitation_subject.txt", context).strip(),
            render_to_string("pokja/email/invitation.txt", context),
            None,
            [person.email],
        )
    return invitation


def find_invitation(token: str):
    return (
        Invitation.objects.select_related("person", "working_group__region")
        .filter(token_hash=_token_hash(token))
        .first()
    )


@transaction.atomic
def do_accept_invitation(invitation, password):
    """Create or reuse the account for the invited person and give it the role."""
    person = invitation.person
    User = get_user_model()
    user = person.user or User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User.objects.create_user(invitation.email, password, full_name=person.full_name)
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    # An account links to at most one person: an account that already stands for someone
    # else keeps that link.
    if person.user_id is None and not Person.objects.filter(user=user).exists():
        person.user = user
        person.save(update_fields=["user"])
    role, created = Role.objects.get_or_create(
        user=user, working_group=invitation.working_group, defaults={"kind": invitation.kind}
    )
    if not created and invitation.kind == Role.Kind.SECRETARIAT:
        role.kind = Role.Kind.SECRETARIAT
        role.save(update_fields=["kind"])
    invitation.accepted = timezone.now()
    invitation.save(update_fields=["accepted"])
    return user
