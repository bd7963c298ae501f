from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.decrees.forms import DecreeForm
from sinergi.decrees.models import Decree, legal_status_of
from sinergi.decrees.views_drafts import draft_years
from sinergi.lib.downloads import serve_file
from sinergi.pokja.access import get_group_for_user, get_rw_group_for_user


def decrees(request, code):
    group, can_edit = get_group_for_user(request, code)
    today = timezone.localdate()
    decrees = group.decrees.select_related("replaces").order_by("-valid_from")
    items = [(d, d.status_on(today)) for d in decrees]
    context = {
        "group": group,
        "can_edit": can_edit,
        "items": items,
        "status": legal_status_of(group, today),
    }
    if can_edit:
        years, default = draft_years(group, today)
        # The year to draft first, then the other.
        context["draft_years"] = sorted(years, key=lambda year: year != default)
    return render(request, "decrees/list.html", context)


def _warn(request, form):
    """The decree is saved; say what in it is probably a mistake."""
    for warning in form.warnings():
        messages.warning(request, warning)


def _saved(form) -> bool:
    """Save the decree and its appointments in one transaction; False, with the form saying
    why, when another request recorded the same number between validation and saving."""
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        if not form.refuse_duplicate():
            raise
        return False
    return True


def _decree(group, pk):
    decrees = Decree.objects.select_related("replaces__working_group__region")
    decree = get_object_or_404(decrees, pk=pk, working_group=group)
    decree.working_group = group  # get_absolute_url reads the region without a query
    return decree


def add_decree(request, code):
    group = get_rw_group_for_user(request, code)
    form = DecreeForm(request.POST or None, request.FILES or None, group=group)
    if request.method == "POST" and form.is_valid() and _saved(form):
        decree = form.instance
        messages.success(request, _("Decree %(number)s has been recorded.") % {"number": decree})
        _warn(request, form)
        return redirect(decree)
    return render(request, "decrees/form.html", {"group": group, "form": form})


def edit_decree(request, code, pk):
    group = get_rw_group_for_user(request, code)
    decree = _decree(group, pk)
    form = DecreeForm(request.POST or None, request.FILES or None, instance=decree, group=group)
    if request.method == "POST" and form.is_valid() and _saved(form):
        messages.success(request, _("Decree %(number)s has been saved.") % {"number": decree})
        _warn(request, form)
        return redirect(decree)
    context = {"group": group, "form": form, "decree": decree}
    if form.appointments_fixed:
        context["appointments"] = decree.appointment_list()
    return render(request, "decrees/form.html", context)


def detail(request, code, pk):
    group, can_edit = get_group_for_user(request, code)
    decree = _decree(group, pk)
    context = {
        "group": group,
        "can_edit": can_edit,
        "decree": decree,
        "status": decree.status_on(timezone.localdate()),
        "appointments": decree.appointment_list(),
        "appointments_fixed": decree.appointments_fixed,
    }
    return render(request, "decrees/detail.html", context)


def scan(request, code, pk):
    group, _can_edit = get_group_for_user(request, code)
    decree = _decree(group, pk)
    return serve_file(decree.scan)
