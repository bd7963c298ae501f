"""News and advocacy posts: public once published, drafts only for readers in scope, written
and published by the working group's secretariat."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sinergi.lib.downloads import serve_file
from sinergi.news.forms import PostForm
from sinergi.news.models import Post
from sinergi.pokja.access import get_rw_group_for_user, scope_of
from sinergi.pokja.models import WorkingGroup
from sinergi.pokja.removal import confirm_remove
from sinergi.regions.models import Region, at_or_below

PAGE_SIZE = 20


def _posts():
    return Post.objects.select_related("working_group__region")


def _public_group(code) -> WorkingGroup:
    """The working group of region `code`, for its public pages (404 when there is none)."""
    return get_object_or_404(WorkingGroup.objects.select_related("region"), region__code=code)


def _visible_post(request, pk) -> Post:
    """A published post for anyone; a draft for readers in scope. Anyone else, visitors too,
    gets the 404 of a post that does not exist (as in the library): sending a visitor to sign
    in would tell them which ids are drafts."""
    post = get_object_or_404(_posts(), pk=pk)
    if not (post.is_published or scope_of(request.user).can_view(post.working_group)):
        raise Http404
    return post


@login_not_required
@require_safe
def news_list(request):
    provinces = list(Region.objects.filter(level=Region.Level.PROVINCE).order_by("code"))
    province, kind = request.GET.get("provinsi", ""), request.GET.get("jenis", "")
    # A list shows titles and summaries: the bodies stay in the database.
    posts = _posts().defer("body").published()
    if province in {p.code for p in provinces}:
        posts = posts.filter(at_or_below(province, "working_group__region__code"))
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
    posts = _posts().defer("body").filter(working_group=group)
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
    post = _visible_post(request, pk)
    context = {"post": post, "can_edit": scope_of(request.user).can_edit(post.working_group)}
    return render(request, "news/detail.html", context)


@login_not_required
@require_safe
def post_image(request, pk):
    """The image of a post: media files are not served by the web server in production, and
    a draft's image must stay as private as the draft."""
    post = _visible_post(request, pk)
    # A draft's image is kept by no cache; a published one by any, for a day.
    return serve_file(post.image, inline=True, max_age=86400 if post.is_published else None)


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


def remove_post(request, code, pk):
    """Remove a draft written by mistake, with its image (pokja/removal.py)."""
    group = get_rw_group_for_user(request, code)
    post = get_object_or_404(Post, pk=pk, working_group=group)
    return confirm_remove(
        request,
        group,
        post,
        done=reverse("news:group_news", args=[group.code]),
        back=reverse("news:post_edit", args=[group.code, post.pk]),
    )
