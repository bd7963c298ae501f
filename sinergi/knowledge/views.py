"""The knowledge base of a working group: written by its members, read in scope; an article
made public is read by everyone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sinergi.knowledge.forms import ArticleForm
from sinergi.knowledge.models import Article, Tag
from sinergi.lib.history import history_for
from sinergi.pokja.access import get_member_group_for_user, scope_of
from sinergi.pokja.models import WorkingGroup

PAGE_SIZE = 30


def may_write(scope, group) -> bool:
    """Members write the knowledge base: anyone with a role in the group itself (member or
    secretariat), and administrators. Supervisors of a province or the nation only read."""
    return scope.is_member(group)


def _writable_group(request, code) -> WorkingGroup:
    """The group for a change: 404 to outsiders, 403 to readers who are not its members."""
    return get_member_group_for_user(request, code)


@login_not_required
@require_safe
def article_list(request, code):
    group = get_object_or_404(WorkingGroup.objects.select_related("region"), region__code=code)
    scope = scope_of(request.user)
    in_scope = scope.can_view(group)
    articles = Article.objects.filter(working_group=group)
    if not in_scope:
        articles = articles.filter(is_public=True)
    tags = Tag.objects.filter(articles__in=articles).distinct()
    tag = request.GET.get("tag", "")
    if tag:
        articles = articles.filter(tags__name=tag)
    articles = articles.select_related("steward__person").prefetch_related("tags")
    context = {
        "group": group,
        "in_scope": in_scope,
        "may_write": may_write(scope, group),
        "page": Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page")),
        "tags": tags,
        "tag": tag,
    }
    return render(request, "knowledge/list.html", context)


@login_not_required
@require_safe
def article_detail(request, code, pk):
    article = get_object_or_404(
        Article.objects.select_related("working_group__region", "steward__person"),
        pk=pk,
        working_group__region__code=code,
    )
    scope = scope_of(request.user)
    in_scope = scope.can_view(article.working_group)
    # Anyone out of scope, visitors too, gets the 404 of a missing article (as in the
    # library): sending a visitor to sign in would tell them which ids are internal.
    if not article.is_public and not in_scope:
        raise Http404
    context = {
        "article": article,
        "group": article.working_group,
        "tags": article.tags.all(),
        "may_write": may_write(scope, article.working_group),
        "history": (
            history_for(article, zone=article.working_group.time_zone, limit=10) if in_scope else []
        ),
        "in_scope": in_scope,
    }
    return render(request, "knowledge/detail.html", context)


def _edit(request, group, article):
    form = ArticleForm(request.POST or None, instance=article, group=group)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            saved.working_group = group
            if saved.author_id is None:
                saved.author = request.user
            saved.save()
            form.save_tags(saved)
        messages.success(request, _("The article has been saved."))
        return redirect(saved)
    return render(
        request, "knowledge/form.html", {"group": group, "form": form, "article": article}
    )


def add_article(request, code):
    return _edit(request, _writable_group(request, code), None)


def edit_article(request, code, pk):
    group = _writable_group(request, code)
    return _edit(request, group, get_object_or_404(Article, pk=pk, working_group=group))
