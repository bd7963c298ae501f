from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.lib.downloads import serve_file
from sinergi.lib.history import history_for
from sinergi.pokja import actions
from sinergi.pokja.access import (
    access_requests_filter,
    can_edit_person,
    can_onboard_network,
    can_read_person_details,
    can_view,
    can_write_handover_notes,
    get_group_for_user,
    get_handover_for_user,
    get_rw_group_for_user,
    handover_leaves_no_secretariat,
    is_last_secretariat,
    person_details_filter,
)
from sinergi.pokja.forms import (
    AcceptInvitationForm,
    ChangePositionForm,
    EndMembershipForm,
    HandoverForm,
    InstitutionForm,
    InvitationForm,
    MembershipForm,
    NewInstitutionForm,
    PersonForm,
    RosterDateForm,
    SuccessorForm,
    WorkingGroupForm,
)
from sinergi.pokja.models import (
    AccessRequest,
    Handover,
    Institution,
    Invitation,
    Membership,
    Person,
    Role,
    WorkingGroup,
)
from sinergi.pokja.removal import confirm_remove


def dashboard(request):
    roles = request.user.roles.in_force().select_related("working_group__region")
    visible = (
        WorkingGroup.objects.visible_to(request.user)
        .exclude(pk__in=roles.values("working_group"))
        .select_related("region")
    )
    page = Paginator(visible, 50).get_page(request.GET.get("page"))
    context = {
        "roles": roles,
        "page": page,
        # The network's tasks: bringing groups in (national secretariat), and the requests for
        # secretariat access this user may decide.
        "can_onboard": can_onboard_network(request.user),
        "pending_requests": AccessRequest.objects.filter(
            access_requests_filter(request.user), status=AccessRequest.Status.PENDING
        ).count(),
    }
    return render(request, "pokja/dashboard.html", context)


def workspace(request, code):
    group, can_edit = get_group_for_user(request, code)
    context = {
        "group": group,
        "can_edit": can_edit,
        "roles": Role.objects.in_force().filter(working_group=group).select_related("user"),
        "pending_handovers": Handover.objects.filter(
            leaving__working_group=group, successor__isnull=True
        ).select_related("leaving__person"),
        "invitations": _open_invitations(request.user, group) if can_edit else [],
        "history": history_for(group, zone=group.time_zone),
        # Records removed as entered by mistake (pokja/removal.py), with why and by whom.
        "removals": group.removals.select_related("removed_by")[:20],
    }
    return render(request, "pokja/workspace.html", context)


def _open_invitations(user, group):
    """The group's open invitations, each with `show_email`: the address is that of a person
    whose details the user may read."""
    invitations = list(group.invitations.open().select_related("person"))
    readable = _readable_people(user, [i.person_id for i in invitations])
    for invitation in invitations:
        invitation.show_email = invitation.person_id in readable
    return invitations


def _readable_people(user, person_ids):
    """Of `person_ids`, those whose contact details `user` may read."""
    people = Person.objects.filter(person_details_filter(user), pk__in=person_ids)
    return set(people.values_list("pk", flat=True))


@require_POST
def revoke_invitation(request, code, pk):
    group = get_rw_group_for_user(request, code)
    invitation = get_object_or_404(Invitation, pk=pk, working_group=group)
    actions.do_revoke_invitation(invitation)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("pokja:workspace", code=group.code)


def strategic_plan_file(request, code):
    group, _can_edit = get_group_for_user(request, code)
    return serve_file(group.strategic_plan_file)


def edit(request, code):
    group = get_rw_group_for_user(request, code)
    form = WorkingGroupForm(request.POST or None, request.FILES or None, instance=group)
    if request.method == "POST" and form.is_valid():
        actions.do_update_group(
            form, since=form.cleaned_data["name_since"], note=form.cleaned_data["name_note"]
        )
        messages.success(request, _("The working group has been saved."))
        return redirect("portal:profile", code=group.code)
    return render(request, "pokja/edit.html", {"group": group, "form": form})


@login_not_required
def institutions(request):
    query = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("kategori", "")
    found = Institution.objects.select_related("region").order_by("name")
    if query:
        found = found.filter(
            Q(name__icontains=query)
            | Q(acronym__icontains=query)
            | Q(region__name__icontains=query)
        )
    if category in Institution.Category.values:
        found = found.filter(category=category)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "category": category,
        "categories": Institution.Category.choices,
    }
    return render(request, "pokja/institutions.html", context)


def add_institution(request, code):
    group = get_rw_group_for_user(request, code)
    form = InstitutionForm(request.POST or None, region=group.region)
    if request.method == "POST" and form.is_valid():
        institution = form.save()
        messages.success(request, _("%(name)s has been added.") % {"name": institution.name})
        next_url = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            return redirect(next_url)
        return redirect("pokja:add_member", code=group.code)
    return render(request, "pokja/institution_form.html", {"group": group, "form": form})


def roster(request, code):
    group, can_edit = get_group_for_user(request, code)
    date_form = RosterDateForm(request.GET or None)
    day = timezone.localdate()
    if date_form.is_valid() and date_form.cleaned_data["tanggal"]:
        day = date_form.cleaned_data["tanggal"]
    show_history = request.GET.get("riwayat") == "1"
    memberships = group.memberships.select_related("person", "institution", "handover_out")
    memberships = memberships.order_by("started_on") if show_history else memberships.active_on(day)
    order = {value: i for i, value in enumerate(Membership.Position.values)}
    memberships = sorted(memberships, key=lambda m: (order[m.position], m.person.full_name))
    sections = {}
    for membership in memberships:
        sections.setdefault(membership.get_position_display(), []).append(membership)
    if can_edit:
        _add_row_links(group, memberships)
    context = {
        "group": group,
        "can_edit": can_edit,
        "day": day,
        "date_form": date_form,
        "show_history": show_history,
        "memberships": memberships,
        "sections": sections,
        "readable": _readable_people(request.user, [m.person_id for m in memberships]),
    }
    return render(request, "pokja/roster.html", context)


# A number no record reaches, reversed in place of each row's id (see _add_row_links).
_ROW = 987654321


def _add_row_links(group, memberships):
    """The links of each roster row, from one URL reversal per kind rather than one per row:
    the rows' URLs differ only in the id."""
    links = {
        name: reverse(f"pokja:{name}", args=[group.code, _ROW])
        for name in ("edit_member", "edit_person", "change_position", "end_member", "invite_member")
    }

    def link(name, pk):
        return links[name].replace(str(_ROW), str(pk))

    for m in memberships:
        m.edit_url = link("edit_member", m.pk)
        m.person_url = link("edit_person", m.person_id)
        m.position_url = link("change_position", m.pk)
        m.end_url = link("end_member", m.pk)
        m.invite_url = link("invite_member", m.pk)


def add_member(request, code):
    group = get_rw_group_for_user(request, code)
    # A person already registered (by NIP, e.g. in another working group) joins as they are:
    # their stored details are neither shown nor changed here (see access.can_edit_person).
    nip = request.POST.get("person-nip", "").strip()
    existing = Person.objects.filter(nip=nip).first() if nip else None
    person_form = PersonForm(request.POST or None, prefix="person", group=group)
    membership_form = MembershipForm(request.POST or None, prefix="m", group=group, person=existing)
    # A missing institution is added here, so that nothing typed is lost on the way.
    institution_form = NewInstitutionForm(request.POST or None, prefix="inst", region=group.region)
    new_institution = institution_form.is_filled()
    person_ok = existing is not None or person_form.is_valid()
    institution_ok = not new_institution or _new_institution_ok(
        institution_form, person_form, membership_form
    )
    if request.method == "POST" and person_ok and membership_form.is_valid() and institution_ok:
        person = existing or person_form.save(commit=False)
        try:
            actions.do_add_member(
                group,
                person,
                membership_form.save(commit=False),
                institution=institution_form.save(commit=False) if new_institution else None,
            )
        except ValidationError as error:  # they joined meanwhile (a double click)
            membership_form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s has joined the roster.") % {"name": person})
            return redirect("pokja:roster", code=group.code)
    context = {
        "group": group,
        "person_form": person_form,
        "membership_form": membership_form,
        "institution_form": institution_form,
    }
    return render(request, "pokja/member_form.html", context)


def _new_institution_ok(institution_form, person_form, membership_form) -> bool:
    """A new institution is valid and not named beside an existing one."""
    if not institution_form.is_valid():
        return False
    chosen = person_form.data.get(
        person_form.add_prefix("institution")
    ) or membership_form.data.get(membership_form.add_prefix("institution"))
    if chosen:
        institution_form.add_error(
            "name", _("Choose an existing institution or name a new one, not both.")
        )
        return False
    return True


def _membership(group, pk):
    return get_object_or_404(
        Membership.objects.select_related("person", "institution"), pk=pk, working_group=group
    )


def edit_member(request, code, pk):
    group = get_rw_group_for_user(request, code)
    membership = _membership(group, pk)
    form = MembershipForm(request.POST or None, instance=membership, prefix="m", group=group)
    if request.method == "POST" and form.is_valid():
        # Saved with its history (auditlog): a correction of what no decree appointed.
        form.save()
        messages.success(request, _("The membership has been saved."))
        return redirect("pokja:roster", code=group.code)
    context = {
        "group": group,
        "membership": membership,
        "membership_form": form,
        "history": history_for(membership, zone=group.time_zone),
    }
    return render(request, "pokja/member_form.html", context)


def change_position(request, code, pk):
    """A change of position, field or institution from a date: the current membership ends
    the day before and the next one starts (actions.do_change_position)."""
    group = get_rw_group_for_user(request, code)
    membership = _membership(group, pk)
    if membership.ended_on:
        raise Http404
    form = ChangePositionForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_change_position(
                membership, data["starts_on"], data["position"], data["field"], data["institution"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s holds the new position from %(day)s.")
                % {"name": membership.person, "day": date_format(data["starts_on"], "j F Y")},
            )
            return redirect("pokja:roster", code=group.code)
    context = {"group": group, "membership": membership, "form": form}
    return render(request, "pokja/change_position.html", context)


def end_member(request, code, pk):
    group = get_rw_group_for_user(request, code)
    membership = _membership(group, pk)
    if membership.ended_on:
        raise Http404
    form = EndMembershipForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        handover = actions.do_end_membership(
            membership,
            form.cleaned_data["ended_on"],
            form.cleaned_data["end_reason"],
            actor=request.user,
        )
        if handover:
            messages.success(
                request, _("A handover has been opened: record what the successor must know.")
            )
            if form.leaves_no_secretariat:
                day = date_format(form.cleaned_data["ended_on"], "j F Y")
                messages.warning(
                    request,
                    _(
                        "Nobody else has secretariat access: name a successor and invite them "
                        "before %(day)s."
                    )
                    % {"day": day},
                )
            return redirect("pokja:handover", code=group.code, pk=handover.pk)
        messages.success(request, _("The membership has ended."))
        return redirect("pokja:roster", code=group.code)
    context = {
        "group": group,
        "membership": membership,
        "form": form,
        # Said before anything is saved: ending this membership needs a successor.
        "last_secretariat": is_last_secretariat(membership, timezone.localdate()),
    }
    return render(request, "pokja/end_member.html", context)


@require_POST
def invite_member(request, code, pk):
    group = get_rw_group_for_user(request, code)
    membership = _membership(group, pk)
    form = InvitationForm(request.POST)
    person = membership.person
    if membership.ended_on:
        messages.error(request, _("%(name)s is no longer a member.") % {"name": person})
    elif not actions.invitation_address(person):
        messages.error(request, _("%(name)s has no e-mail address yet.") % {"name": person})
    elif person.user and person.user.roles.in_force().filter(working_group=group).exists():
        messages.error(request, _("%(name)s already has access.") % {"name": person})
    elif form.is_valid():
        invitation = actions.do_invite(
            person, group, form.cleaned_data["kind"], request.user, settings.SITE_URL
        )
        if can_read_person_details(request.user, person):
            message = _("An invitation has been sent to %(email)s.") % {"email": invitation.email}
        else:
            message = _("An invitation has been sent to %(name)s.") % {"name": person}
        messages.success(request, message)
    return redirect("pokja:roster", code=group.code)


def edit_person(request, code, pk):
    group = get_rw_group_for_user(request, code)
    person = get_object_or_404(
        Person.objects.filter(memberships__working_group=group).distinct(), pk=pk
    )
    if not can_edit_person(request.user, person):
        # They also sit in a working group this user may not edit: only someone who may edit
        # all of their groups changes who they are and how to reach them.
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "pokja/person_form.html", {"group": group, "person": person})
    form = PersonForm(request.POST or None, instance=person, group=group)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(name)s has been saved.") % {"name": person})
        return redirect("pokja:roster", code=group.code)
    return render(
        request, "pokja/person_form.html", {"group": group, "person": person, "form": form}
    )


def handovers(request, code):
    group, can_edit = get_group_for_user(request, code)
    items = Handover.objects.filter(leaving__working_group=group).select_related(
        "leaving__person", "successor__person"
    )
    return render(
        request, "pokja/handovers.html", {"group": group, "can_edit": can_edit, "handovers": items}
    )


def handover(request, code, pk):
    item, can_edit = get_handover_for_user(request, code, pk)
    group = item.leaving.working_group
    may_write_notes = can_write_handover_notes(request.user, item)
    notes_form = HandoverForm(instance=item)
    successor_form = SuccessorForm(handover=item) if can_edit and item.is_pending else None
    if request.method == "POST":
        if "name_successor" in request.POST:
            if not (can_edit and item.is_pending):
                raise PermissionDenied
            successor_form = SuccessorForm(request.POST, handover=item)
            if successor_form.is_valid():
                successor = actions.do_name_successor(
                    item, successor_form.cleaned_data, request.user, settings.SITE_URL
                )
                messages.success(
                    request,
                    _("%(name)s takes over; the handover pack is ready.")
                    % {"name": successor.person},
                )
                return redirect("pokja:handover", code=group.code, pk=item.pk)
        else:
            if not may_write_notes:
                raise PermissionDenied
            notes_form = HandoverForm(request.POST, instance=item)
            if notes_form.is_valid():
                notes_form.save()
                messages.success(request, _("The handover notes have been saved."))
                return redirect("pokja:handover", code=group.code, pk=item.pk)
    context = {
        "group": group,
        "handover": item,
        # After their last day the leaving member sees this page alone (their notes).
        "can_view_group": can_view(request.user, group),
        "can_edit": can_edit,
        "may_write_notes": may_write_notes,
        "notes_form": notes_form,
        "successor_form": successor_form,
        "leaves_no_secretariat": handover_leaves_no_secretariat(item),
    }
    return render(request, "pokja/handover.html", context)


@login_not_required
def accept_invitation(request, token):
    """A new person chooses the password of their new account. Someone who has an account
    signs in as that account and confirms: an invitation never sets an existing password."""
    invitation = actions.find_invitation(token)
    account = actions.invited_account(invitation) if invitation else False
    if invitation is None or not invitation.is_usable() or account is False:
        return render(request, "pokja/invitation_invalid.html", status=404)
    context = {"invitation": invitation, "account": account}
    if account is None:
        form = AcceptInvitationForm(_InvitedUser(invitation), request.POST or None)
        if request.method == "POST" and form.is_valid():
            user = actions.do_accept_invitation(
                invitation, password=form.cleaned_data["new_password1"]
            )
            if user is None:  # used by a second click meanwhile
                return render(request, "pokja/invitation_invalid.html", status=404)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _welcome(request, invitation)
        context["form"] = form
    elif request.user == account and request.method == "POST":
        actions.do_accept_invitation(invitation, user=account)
        return _welcome(request, invitation)
    # Anyone else is asked to sign in as the invited account; a POST of theirs changes nothing.
    return render(request, "pokja/accept_invitation.html", context)


def _welcome(request, invitation):
    messages.success(request, _("Welcome to Sinergi."))
    group = invitation.working_group
    if can_view(request.user, group):
        return redirect("pokja:workspace", code=group.code)
    # A successor who accepts before their first day: the group opens to them on that day.
    role = Role.objects.filter(user=request.user, working_group=group).first()
    if role is not None and role.starts_on:
        messages.info(
            request,
            _("Your access to %(group)s starts on %(day)s.")
            % {"group": group.name, "day": date_format(role.starts_on, "j F Y")},
        )
    return redirect("pokja:dashboard")


class _InvitedUser:
    """What SetPasswordForm's validators need to know about a user who may not exist yet."""

    def __init__(self, invitation):
        self.email = invitation.email
        self.full_name = invitation.person.full_name

    def set_password(self, password):  # the account is created by do_accept_invitation
        pass


def remove_member(request, code, pk):
    """Remove a membership entered by mistake (pokja/removal.py); one that is part of the
    record (a decree, a handover, someone's access) is ended instead. When it is the person's
    only membership, the page offers to remove the person with it."""
    group = get_rw_group_for_user(request, code)
    membership = _membership(group, pk)
    person = membership.person
    offer = None
    if not person.memberships.exclude(pk=membership.pk).exists():
        offer = (
            _("It is the only membership of %(name)s: remove %(name)s altogether instead.")
            % {"name": person.full_name},
            reverse("pokja:remove_person", args=[group.code, person.pk]),
        )
    return confirm_remove(
        request,
        group,
        membership,
        done=reverse("pokja:roster", args=[group.code]),
        back=reverse("pokja:edit_member", args=[group.code, membership.pk]),
        offer=offer,
    )


def remove_person(request, code, pk):
    """Remove a person entered by mistake, with their memberships of this group; someone who
    also sits in another group keeps their record there."""
    group = get_rw_group_for_user(request, code)
    person = get_object_or_404(
        Person.objects.filter(memberships__working_group=group).distinct(), pk=pk
    )
    return confirm_remove(
        request,
        group,
        person,
        before=list(group.memberships.filter(person=person)),
        done=reverse("pokja:roster", args=[group.code]),
        back=reverse("pokja:edit_person", args=[group.code, person.pk]),
    )
