"""Portal pages, news posts and knowledge articles in the API, read-only.

Pages and published posts are open data. Drafts and internal articles are read only by users
whose scope covers their working group (pokja.access), as on the HTML pages; anyone else gets 404
for them.
"""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from sinergi.api.filters import FilterSet
from sinergi.knowledge.models import Article
from sinergi.news.models import Post
from sinergi.pages.models import Page
from sinergi.pokja.access import in_scope_or_public


class PageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Page
        fields = ["slug", "title_id", "title_en", "body_id", "body_en", "order", "updated"]


@method_decorator(login_not_required, name="dispatch")
class PageViewSet(viewsets.ReadOnlyModelViewSet):
    """The published pages of the portal, in Indonesian and English (Markdown)."""

    serializer_class = PageSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    queryset = Page.objects.filter(is_published=True).order_by("order", "slug")


class PostSerializer(serializers.ModelSerializer):
    working_group = serializers.CharField(source="working_group.code", read_only=True)
    image = serializers.SerializerMethodField(help_text="Address of the image, if any")
    is_published = serializers.BooleanField(read_only=True)

    class Meta:
        model = Post
        fields = [
            "id",
            "working_group",
            "kind",
            "title",
            "summary",
            "body",
            "image",
            "image_description",
            "published_at",
            "is_published",
            "updated",
        ]

    def get_image(self, post) -> str | None:
        if not post.image:
            return None
        return self.context["request"].build_absolute_uri(post.image_url)


class PostFilter(FilterSet):
    working_group = filters.CharFilter(
        field_name="working_group__region__code", help_text="Region code of the working group"
    )
    kind = filters.ChoiceFilter(choices=Post.Kind.choices)

    class Meta:
        model = Post
        fields = ["working_group", "kind"]


@method_decorator(login_not_required, name="dispatch")
class PostViewSet(viewsets.ReadOnlyModelViewSet):
    """News and advocacy posts: published ones for everyone, drafts within scope."""

    serializer_class = PostSerializer
    permission_classes = [AllowAny]
    filterset_class = PostFilter

    def get_queryset(self):
        posts = Post.objects.select_related("working_group__region").order_by(
            "-published_at", "-pk"
        )
        published = Q(published_at__isnull=False, published_at__lte=timezone.now())
        return posts.filter(in_scope_or_public(self.request.user, published))


class ArticleSerializer(serializers.ModelSerializer):
    working_group = serializers.CharField(source="working_group.code", read_only=True)
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    steward = serializers.SerializerMethodField(help_text="Name of the knowledge holder")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "working_group",
            "title",
            "kind",
            "body",
            "tags",
            "steward",
            "is_public",
            "url",
            "updated",
        ]

    def get_steward(self, article) -> str | None:
        return article.steward.person.full_name if article.steward else None

    def get_url(self, article) -> str:
        path = reverse("knowledge:article", args=[article.working_group.code, article.pk])
        return self.context["request"].build_absolute_uri(path)


class ArticleFilter(FilterSet):
    working_group = filters.CharFilter(
        field_name="working_group__region__code", help_text="Region code of the working group"
    )
    tag = filters.CharFilter(field_name="tags__name", help_text="Name of a tag")
    kind = filters.ChoiceFilter(choices=Article.Kind.choices)

    class Meta:
        model = Article
        fields = ["working_group", "tag", "kind"]


@method_decorator(login_not_required, name="dispatch")
class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Knowledge articles: public ones for everyone, internal ones within scope."""

    serializer_class = ArticleSerializer
    permission_classes = [AllowAny]
    filterset_class = ArticleFilter

    def get_queryset(self):
        articles = (
            Article.objects.select_related("working_group__region", "steward__person")
            .prefetch_related("tags")
            .order_by("-updated", "-pk")
        )
        return articles.filter(in_scope_or_public(self.request.user, Q(is_public=True)))
