from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sinergi.lib.history import history_for
from sinergi.pokja.access import get_group_for_user, get_rw_group_for_user, scope_of
from sinergi.pokja.forms import WorkingGroupForm
from sinergi.pokja.models import Role, WorkingGroup
from sinergi.regions.models import Region


def dashboard(request):
    roles = request.user.roles.select_related("working_group__region")
    visible = (
        WorkingGroup.objects.visible_to(request.user)
        .exclude(roles__user=request.user)
        .select_related("region")
    )
    page = Paginator(visible, 50).get_page(request.GET.get("page"))
    return render(request, "pokja/dashboard.html", {"roles": roles, "page": page})


@login_not_required
def detail(request, code):
    region = get_object_or_404(Region, code=code, level__lte=Region.Level.REGENCY)
    group = (
        WorkingGroup.objects.filter(region=region)
        .select_related("region", "contact_institution")
        .prefetch_related("member_institutions")
        .first()
    )
    can_view = group is not None and scope_of(request.user).can_view(group)
    context = {"region": region, "group": group, "can_view": can_view}
    return render(request, "pokja/detail.html", context)


def workspace(request, code):
    group, can_edit = get_group_for_user(request, code)
    roles = Role.objects.filter(working_group=group).select_related("user")
    history = history_for(group)
    context = {"group": group, "can_edit": can_edit, "roles": roles, "history": history}
    return render(request, "pokja/workspace.html", context)


def edit(request, code):
    group = get_rw_group_for_user(request, code)
    form = WorkingGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The working group has been saved."))
        return redirect("pokja:workspace", code=group.code)
    return render(request, "pokja/edit.html", {"group": group, "form": form})
