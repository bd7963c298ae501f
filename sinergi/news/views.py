"""News and advocacy posts: public once published, drafts only for readers in scope, written
and published by the working group's secretariat."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sinergi.lib.uploads import detect_kind
from sinergi.news.forms import PostForm
from sinergi.news.models import Post
from sinergi.pokja.access import get_rw_group_for_user, scope_of
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import Region

PAGE_SIZE = 20
IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}


def _posts():
    return Post.objects.select_related("working_group__region")


def _public_group(code) -> WorkingGroup:
    """The working group of region `code`, for its public pages (404 when there is none)."""
    return get_object_or_404(WorkingGroup.objects.select_related("region"), region__code=code)


def _visible_post(request, pk) -> Post:
    """A published post for anyone; a draft for readers in scope (visitors sign in first)."""
    post = get_object_or_404(_posts(), pk=pk)
    if post.is_published:
        return post
    if not request.user.is_authenticated:
        raise _SignIn
    if not scope_of(request.user).can_view(post.working_group):
        raise Http404
    return post


class _SignIn(Exception):
    pass


@login_not_required
@require_safe
def news_list(request):
    provinces = list(Region.objects.filter(level=Region.Level.PROVINCE).order_by("code"))
    province, kind = request.GET.get("provinsi", ""), request.GET.get("jenis", "")
    posts = _posts().published()
    if province in {p.code for p in provinces}:
        posts = posts.filter(
            Q(working_group__region__code=province)
            | Q(working_group__region__code__startswith=f"{province}.")
        )
    if kind in Post.Kind.values:
        posts = posts.filter(kind=kind)
    context = {
        "page": Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page")),
        "provinces": provinces,
        "province": province,
        "kinds": Post.Kind.choices,
        "kind": kind,
    }
    return render(request, "news/list.html", context)


@login_not_required
@require_safe
def group_news(request, code):
    group = _public_group(code)
    scope = scope_of(request.user)
    posts = _posts().filter(working_group=group)
    in_scope = scope.can_view(group)
    if not in_scope:
        posts = posts.published()
    context = {
        "group": group,
        "in_scope": in_scope,
        "can_edit": scope.can_edit(group),
        "page": Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "news/group_list.html", context)


@login_not_required
@require_safe
def post_detail(request, pk):
    try:
        post = _visible_post(request, pk)
    except _SignIn:
        return redirect_to_login(request.get_full_path())
    context = {"post": post, "can_edit": scope_of(request.user).can_edit(post.working_group)}
    return render(request, "news/detail.html", context)


@login_not_required
@require_safe
def post_image(request, pk):
    """The image of a post: media files are not served by the web server in production, and
    a draft's image must stay as private as the draft."""
    try:
        post = _visible_post(request, pk)
    except _SignIn:
        return redirect_to_login(request.get_full_path())
    if not post.image:
        raise Http404
    try:
        file = post.image.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    kind = detect_kind(file)
    if kind not in IMAGE_TYPES:
        file.close()
        raise Http404
    response = FileResponse(file, content_type=IMAGE_TYPES[kind])
    if post.is_published:
        patch_cache_control(response, public=True, max_age=86400)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _edit(request, group, post):
    form = PostForm(request.POST or None, request.FILES or None, instance=post)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        post = form.save(commit=False)
        post.working_group = group
        if post.author_id is None:
            post.author = request.user
        if action == "publish" and post.published_at is None:
            post.published_at = timezone.now()
        elif action == "draft":
            post.published_at = None
        with transaction.atomic():
            post.save()
        if post.is_published:
            messages.success(request, _("The post has been published."))
        else:
            messages.success(request, _("The post has been saved as a draft."))
        return redirect(post)
    return render(request, "news/form.html", {"group": group, "form": form, "post": post})


def add_post(request, code):
    group = get_rw_group_for_user(request, code)
    return _edit(request, group, None)


def edit_post(request, code, pk):
    group = get_rw_group_for_user(request, code)
    return _edit(request, group, get_object_or_404(Post, pk=pk, working_group=group))
