"""Portal pages: public to read, written by the national secretariat in both languages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sinergi.pages.forms import PageForm
from sinergi.pages.models import Page
from sinergi.pages.reference import CONTACT_SLUG
from sinergi.pokja.access import can_manage_pages
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import Region


def _require_manager(request):
    if not can_manage_pages(request.user):
        raise PermissionDenied


@login_not_required
@require_safe
def page(request, slug):
    obj = get_object_or_404(Page, slug=slug)
    can_edit = can_manage_pages(request.user)
    if not obj.is_published and not can_edit:
        raise Http404
    context = {"page": obj, "can_edit": can_edit}
    if slug == CONTACT_SLUG:
        # The national secretariat's e-mail and phone as its directory entry has them today.
        context["national"] = (
            WorkingGroup.objects.filter(region__level=Region.Level.NATIONAL)
            .select_related("region")
            .first()
        )
    return render(request, "pages/page.html", context)


@require_safe
def page_list(request):
    _require_manager(request)
    return render(request, "pages/list.html", {"pages": Page.objects.defer("body_id", "body_en")})


def _edit(request, obj):
    form = PageForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        form.instance.updated_by = request.user
        with transaction.atomic():
            saved = form.save()
        messages.success(request, _("The page has been saved."))
        return redirect(saved)
    return render(request, "pages/form.html", {"form": form, "page": obj})


def add_page(request):
    _require_manager(request)
    return _edit(request, None)


def edit_page(request, slug):
    _require_manager(request)
    return _edit(request, get_object_or_404(Page, slug=slug))
