"""Onboarding pages (pokja/onboarding.py): the bulk invitation of the secretariats by the national
secretariat, and access requests — asked from a working group's public page, decided by the
secretariat above."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe

from sinergi.lib.fields import ModelForm
from sinergi.pokja import onboarding
from sinergi.pokja.access import (
    access_requests_filter,
    can_onboard_network,
    get_access_request_group,
    is_member,
)
from sinergi.pokja.models import AccessRequest, WorkingGroup

# The skipped groups named one by one in the message after a bulk invitation.
SKIPPED_SHOWN = 20


class AccessRequestForm(ModelForm):
    class Meta:
        model = AccessRequest
        fields = ["job_title", "institution_name", "note"]
        labels = {"institution_name": gettext_lazy("Your institution")}
        help_texts = {
            "job_title": gettext_lazy("For example Kepala Subbidang Perumahan dan Permukiman."),
            "institution_name": gettext_lazy("Usually the Bappeda of the region."),
            "note": gettext_lazy("Why you need access; the secretariat that decides reads it."),
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class DecisionForm(forms.Form):
    request = forms.CharField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("approve", gettext_lazy("Approve")), ("refuse", gettext_lazy("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Needed to refuse; the requester sees it."),
    )

    def clean_request(self):
        value = self.cleaned_data["request"]
        if not value.isdigit():
            raise forms.ValidationError(_("This request does not exist."))
        return int(value)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the request is refused."))
        return data


def invite_secretariats(request):
    if not can_onboard_network(request.user):
        raise PermissionDenied
    if request.method == "POST":
        ids = [int(pk) for pk in request.POST.getlist("groups") if pk.isdigit()]
        if not ids:
            messages.error(request, _("Choose at least one working group."))
            return redirect("pokja:invite_secretariats")
        result = onboarding.do_invite_secretariats(ids, request.user, settings.SITE_URL)
        sent = len(result.invited)
        messages.success(
            request,
            ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent)
            % {"count": sent},
        )
        if result.skipped:
            skipped = "; ".join(
                f"{group.name}: {reason}" for group, reason in result.skipped[:SKIPPED_SHOWN]
            )
            count = len(result.skipped)
            messages.warning(
                request,
                ngettext(
                    "%(count)d working group skipped: %(list)s",
                    "%(count)d working groups skipped: %(list)s",
                    count,
                )
                % {"count": count, "list": skipped},
            )
        return redirect("pokja:invite_secretariats")
    candidates = onboarding.secretariat_candidates()
    context = {
        "ready": [c for c in candidates if c.can_invite],
        "blocked": [c for c in candidates if not c.can_invite],
    }
    return render(request, "pokja/onboarding/invite_secretariats.html", context)


def request_access(request, code):
    group = get_object_or_404(WorkingGroup.objects.select_related("region"), region__code=code)
    has_access = is_member(request.user, group)
    form = AccessRequestForm()
    if request.method == "POST" and not has_access:
        form = AccessRequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                onboarding.do_request_access(
                    request.user, group, data["job_title"], data["institution_name"], data["note"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Your request has been sent. The secretariat that decides will see it "
                        "in Sinergi; its answer appears on this page."
                    ),
                )
                return redirect("pokja:request_access", code=group.code)
    requests = AccessRequest.objects.filter(user=request.user, working_group=group).select_related(
        "decided_by"
    )
    context = {
        "group": group,
        "form": form,
        "has_access": has_access,
        "requests": requests,
        "pending": any(r.is_pending for r in requests),
    }
    return render(request, "pokja/onboarding/request_access.html", context)


@require_safe
def access_requests(request):
    """The pending requests the user may decide, every group together."""
    pending = (
        AccessRequest.objects.filter(access_requests_filter(request.user))
        .filter(status=AccessRequest.Status.PENDING)
        .select_related("user", "working_group__region")
        .order_by("created")
    )
    return render(request, "pokja/onboarding/access_requests.html", {"pending": pending})


def group_access_requests(request, code):
    group = get_access_request_group(request, code)
    requests = group.access_requests.select_related("user", "decided_by")
    form = None
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            access_request = get_object_or_404(requests, pk=data["request"])
            try:
                onboarding.do_decide_access_request(
                    access_request, data["decision"] == "approve", request.user, data["reason"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                name = access_request.user.full_name or access_request.user.email
                if data["decision"] == "approve":
                    message = _("%(name)s now has secretariat access.") % {"name": name}
                else:
                    message = _("The request of %(name)s has been refused.") % {"name": name}
                messages.success(request, message)
            return redirect("pokja:group_access_requests", code=group.code)
    context = {
        "group": group,
        "pending": [r for r in requests if r.is_pending],
        "decided": [r for r in requests if not r.is_pending][:50],
        "form": form,
        "failed": form.data.get("request") if form is not None else None,
    }
    return render(request, "pokja/onboarding/group_access_requests.html", context)
