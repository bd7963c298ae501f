"""The library: the national list and the documents' pages for everyone (internal documents
only in scope), the working group's list for its readers, and uploads by its secretariat.

Files are served only through these views (media files are not public in production), so the
same scope decides who may download what."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sinergi.lib.downloads import serve_file
from sinergi.lib.history import history_for
from sinergi.library.actions import do_add_document, do_add_version
from sinergi.library.forms import DocumentForm, FileForm, LibraryFilterForm, MemberDocumentForm
from sinergi.library.models import Document
from sinergi.pokja.access import (
    get_member_group_for_user,
    get_rw_group_for_user,
    scope_of,
)
from sinergi.pokja.models import WorkingGroup
from sinergi.pokja.removal import confirm_remove

PAGE_SIZE = 50
DOWNLOAD = "library:document_download"


def _listing(request, documents, filters):
    """A page of the filtered `documents` with their newest version, and the count of each
    category (with every filter but the category's)."""
    counts = dict(
        filters.filter(documents, skip=["kategori"])
        .order_by()
        .values_list("category")
        .annotate(count=Count("pk"))
    )
    documents = (
        filters.filter(documents)
        .with_latest()
        .select_related("working_group__region")
        .order_by("-updated", "-pk")
    )
    paginator = Paginator(documents, PAGE_SIZE)
    # The category counts already add up to the total: no second count of every document.
    category = filters.cleaned_data.get("kategori")
    paginator.count = counts.get(category, 0) if category else sum(counts.values())
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = _label(page.object_list)
    return {
        "filters": filters,
        "page": page,
        "categories": [
            (value, label, counts.get(value, 0)) for value, label in Document.Category.choices
        ],
    }


def _label(documents) -> list:
    """The labels and addresses of each listed document, worked out once per page: the
    model's get_..._display translates every choice again for each row, and reversing two
    URLs a row costs more than the rest of the row."""
    documents = list(documents)
    categories = {value: str(label) for value, label in Document.Category.choices}
    languages = {value: str(label) for value, label in Document.Language.choices}
    # "/pustaka/0/" and "/pustaka/0/unduh/" (with the language prefix), with each id for 0.
    detail, download = (reverse(name, args=[0]) for name in ["library:document", DOWNLOAD])
    for document in documents:
        document.category_label = categories.get(document.category, document.category)
        document.language_label = languages.get(document.language, document.language)
        document.url = detail.replace("/0/", f"/{document.pk}/")
        document.download_url = download.replace("/0/", f"/{document.pk}/")
    return documents


@login_not_required
@require_safe
def library(request):
    filters = LibraryFilterForm(request.GET)
    context = _listing(request, Document.objects.visible_to(request.user), filters)
    return render(request, "library/list.html", context)


@login_not_required
@require_safe
def group_library(request, code):
    """A group's documents: the public ones for everyone, the internal ones too in scope."""
    group = get_object_or_404(WorkingGroup.objects.select_related("region"), region__code=code)
    scope = scope_of(request.user)
    can_edit = scope.can_edit(group)
    documents = Document.objects.filter(working_group=group)
    if not scope.can_view(group):
        documents = documents.public()
    filters = LibraryFilterForm(request.GET, by_region=False)
    context = _listing(request, documents, filters)
    can_upload = scope.is_member(group)
    context.update(group=group, can_edit=can_edit, can_upload=can_upload)
    return render(request, "library/group_list.html", context)


def _visible_document(request, pk):
    """The document `pk` with whether the user is in its group's scope; 404 when it is
    internal and the user is not."""
    document = get_object_or_404(
        Document.objects.select_related("working_group__region", "created_by"), pk=pk
    )
    scope = scope_of(request.user)
    in_scope = scope.can_view(document.working_group)
    if not (document.is_public or in_scope):
        raise Http404
    return document, scope, in_scope


@login_not_required
@require_safe
def document(request, pk):
    document, scope, in_scope = _visible_document(request, pk)
    context = {
        "document": document,
        "group": document.working_group,
        "can_edit": scope.can_edit(document.working_group),
        "can_upload": scope.is_member(document.working_group),
        # Who uploaded a file is the group's internal business, like its history.
        "in_scope": in_scope,
        "versions": document.versions.defer("text").select_related("uploaded_by"),
        "history": history_for(document, zone=document.working_group.time_zone) if in_scope else [],
    }
    return render(request, "library/detail.html", context)


@login_not_required
@require_safe
def download(request, pk, number=None):
    document, _scope, _in_scope = _visible_document(request, pk)
    versions = document.versions.defer("text")
    version = versions.first() if number is None else versions.filter(number=number).first()
    if version is None:
        raise Http404
    return serve_file(version.file, version.filename)


def _posted(request):
    """The posted data and files, or (None, None) for a GET: the forms are bound on POST even
    when the POST is empty."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _group_document(group, pk):
    return get_object_or_404(Document.objects.filter(working_group=group), pk=pk)


def add_document(request, code):
    # Members upload documents too (DESIGN.md); describing them afterwards is the secretariat's.
    group = get_member_group_for_user(request, code)
    data, files = _posted(request)
    # Publishing to visitors is the secretariat's decision: a member's upload stays internal.
    form_class = DocumentForm if scope_of(request.user).can_edit(group) else MemberDocumentForm
    form, file_form = form_class(data), FileForm(data, files)
    if data is not None and form.is_valid() and file_form.is_valid():
        cleaned = file_form.cleaned_data
        document = do_add_document(group, form, cleaned["file"], cleaned["note"], request.user)
        messages.success(request, _("%(title)s has been added.") % {"title": document.title})
        return redirect(document)
    context = {"group": group, "form": form, "file_form": file_form}
    return render(request, "library/form.html", context)


def edit_document(request, code, pk):
    group = get_rw_group_for_user(request, code)
    document = _group_document(group, pk)
    form = DocumentForm(_posted(request)[0], instance=document)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("%(title)s has been saved.") % {"title": document.title})
        return redirect(document)
    context = {"group": group, "form": form, "document": document}
    return render(request, "library/form.html", context)


def add_version(request, code, pk):
    group = get_member_group_for_user(request, code)
    document = _group_document(group, pk)
    if document.is_public and not scope_of(request.user).can_edit(group):
        raise PermissionDenied  # a new version of a public document is published at once
    file_form = FileForm(*_posted(request))
    if file_form.is_bound and file_form.is_valid():
        cleaned = file_form.cleaned_data
        version = do_add_version(document, cleaned["file"], cleaned["note"], request.user)
        messages.success(
            request,
            _("Version %(number)d of %(title)s has been added.")
            % {"number": version.number, "title": document.title},
        )
        return redirect(document)
    context = {"group": group, "document": document, "file_form": file_form}
    return render(request, "library/version_form.html", context)


def remove_document(request, code, pk):
    """Remove a document uploaded by mistake, with every version's file (pokja/removal.py)."""
    group = get_rw_group_for_user(request, code)
    document = _group_document(group, pk)
    return confirm_remove(
        request,
        group,
        document,
        done=reverse("library:group_library", args=[group.code]),
        back=document.get_absolute_url(),
    )
