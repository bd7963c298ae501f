from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.lib.history import history_for
from sinergi.pokja import actions
from sinergi.pokja.access import get_group_for_user, get_rw_group_for_user
from sinergi.pokja.forms import (
    AcceptInvitationForm,
    EndMembershipForm,
    HandoverForm,
    InstitutionForm,
    InvitationForm,
    MembershipForm,
    PersonForm,
    RosterDateForm,
    SuccessorForm,
    WorkingGroupForm,
)
from sinergi.pokja.models import Handover, Institution, Membership, Person, Role, WorkingGroup


def dashboard(request):
    roles = request.user.roles.select_related("working_group__region")
    visible = (
        WorkingGroup.objects.visible_to(request.user)
        .exclude(roles__user=request.user)
        .select_related("region")
    )
    page = Paginator(visible, 50).get_page(request.GET.get("page"))
    return render(request, "pokja/dashboard.html", {"roles": roles, "page": page})


def workspace(request, code):
    group, can_edit = get_group_for_user(request, code)
    context = {
        "group": group,
        "can_edit": can_edit,
        "roles": Role.objects.filter(working_group=group).select_related("user"),
        "pending_handovers": Handover.objects.filter(
            leaving__working_group=group, successor__isnull=True
        ).select_related("leaving__person"),
        "invitations": group.invitations.filter(accepted__isnull=True).select_related("person"),
        "history": history_for(group),
    }
    return render(request, "pokja/workspace.html", context)


def strategic_plan_file(request, code):
    group, _can_edit = get_group_for_user(request, code)
    if not group.strategic_plan_file:
        raise Http404
    return FileResponse(
        group.strategic_plan_file.open("rb"), filename=group.strategic_plan_file.name
    )


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
    context = {
        "group": group,
        "can_edit": can_edit,
        "day": day,
        "date_form": date_form,
        "show_history": show_history,
        "memberships": memberships,
        "sections": sections,
    }
    return render(request, "pokja/roster.html", context)


def add_member(request, code):
    group = get_rw_group_for_user(request, code)
    # A person already registered (by NIP, e.g. in another working group) joins as they are.
    nip = request.POST.get("person-nip", "").strip()
    existing = Person.objects.filter(nip=nip).first() if nip else None
    person_form = PersonForm(request.POST or None, prefix="person", group=group)
    membership_form = MembershipForm(request.POST or None, prefix="m", group=group)
    person_ok = existing is not None or person_form.is_valid()
    if request.method == "POST" and person_ok and membership_form.is_valid():
        with transaction.atomic():
            person = existing or person_form.save()
            membership = membership_form.save(commit=False)
            membership.person = person
            membership.working_group = group
            membership.institution = membership.institution or person.institution
            membership.save()
        messages.success(request, _("%(name)s has joined the roster.") % {"name": person})
        return redirect("pokja:roster", code=group.code)
    context = {"group": group, "person_form": person_form, "membership_form": membership_form}
    return render(request, "pokja/member_form.html", context)


def _membership(group, pk):
    return get_object_or_404(
        Membership.objects.select_related("person", "institution"), pk=pk, working_group=group
    )


def edit_member(request, code, pk):
    group = get_rw_group_for_user(request, code)
    membership = _membership(group, pk)
    form = MembershipForm(request.POST or None, instance=membership, prefix="m", group=group)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The membership has been saved."))
        return redirect("pokja:roster", code=group.code)
    context = {"group": group, "membership": membership, "membership_form": form}
    return render(request, "pokja/member_form.html", context)


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
            return redirect("pokja:handover", code=group.code, pk=handover.pk)
        messages.success(request, _("The membership has ended."))
        return redirect("pokja:roster", code=group.code)
    context = {"group": group, "membership": membership, "form": form}
    return render(request, "pokja/end_member.html", context)


@require_POST
def invite_member(request, code, pk):
    group = get_rw_group_for_user(request, code)
    membership = _membership(group, pk)
    form = InvitationForm(request.POST)
    person = membership.person
    if membership.ended_on:
        messages.error(request, _("%(name)s is no longer a member.") % {"name": person})
    elif not person.email:
        messages.error(request, _("%(name)s has no e-mail address yet.") % {"name": person})
    elif person.user and Role.objects.filter(user=person.user, working_group=group).exists():
        messages.error(request, _("%(name)s already has access.") % {"name": person})
    elif form.is_valid():
        actions.do_invite(person, group, form.cleaned_data["kind"], request.user, settings.SITE_URL)
        messages.success(
            request, _("An invitation has been sent to %(email)s.") % {"email": person.email}
        )
    return redirect("pokja:roster", code=group.code)


def edit_person(request, code, pk):
    group = get_rw_group_for_user(request, code)
    person = get_object_or_404(
        Person.objects.filter(memberships__working_group=group).distinct(), pk=pk
    )
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
    group, can_edit = get_group_for_user(request, code)
    item = get_object_or_404(
        Handover.objects.select_related("leaving__person", "successor__person"),
        pk=pk,
        leaving__working_group=group,
    )
    is_leaving_member = item.leaving.person.user_id == request.user.pk
    may_write_notes = can_edit or is_leaving_member
    notes_form = HandoverForm(instance=item)
    successor_form = SuccessorForm(handover=item) if can_edit and item.is_pending else None
    if request.method == "POST":
        if "name_successor" in request.POST:
            if not (can_edit and item.is_pending):
                raise PermissionDenied
            successor_form = SuccessorForm(request.POST, handover=item)
            if successor_form.is_valid():
                successor = actions.do_name_successor(
                    item, successor_form.cleaned_data, request.user
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
        "can_edit": can_edit,
        "may_write_notes": may_write_notes,
        "notes_form": notes_form,
        "successor_form": successor_form,
    }
    return render(request, "pokja/handover.html", context)


@login_not_required
def accept_invitation(request, token):
    invitation = actions.find_invitation(token)
    if invitation is None or not invitation.is_usable():
        return render(request, "pokja/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(_InvitedUser(invitation), request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = actions.do_accept_invitation(invitation, form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Sinergi."))
        return redirect("pokja:workspace", code=invitation.working_group.code)
    return render(request, "pokja/accept_invitation.html", {"invitation": invitation, "form": form})


class _InvitedUser:
    """What SetPasswordForm's validators need to know about a user who may not exist yet."""

    def __init__(self, invitation):
        self.email = invitation.email
        self.full_name = invitation.person.full_name

    def set_password(self, password):  # the account is created by do_accept_invitation
        pass
