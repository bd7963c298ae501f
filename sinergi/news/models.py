"""News and advocacy posts of a working group or of the national secretariat: public once
published, listed per region and nationally, with a feed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.lib.uploads import FileKindValidator
from sinergi.pokja.models import WorkingGroup


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())


class Post(models.Model):
    class Kind(models.TextChoices):
        NEWS = "berita", _("News")
        ADVOCACY = "advokasi", _("Advocacy")

    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="posts",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("title"), max_length=300)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    # Markdown; raw HTML is shown as text (sinergi.lib.text.render_markdown).
    body = models.TextField(_("text"))
    image = models.ImageField(
        _("image"),
        upload_to="berita/%Y/",
        blank=True,
        validators=[FileKindValidator(["jpeg", "png"])],
    )
    image_description = models.CharField(
        _("image description"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    # Empty while a draft; a post is public from this moment on.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(
                fields=["-published_at"],
                condition=Q(published_at__isnull=False),
                name="post_published",
            ),
            models.Index(fields=["working_group", "-published_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:post", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()

    @property
    def image_url(self) -> str:
        """The address of the image, served through a view that checks visibility; it changes
        when the post does, so browsers may keep it for a day."""
        if not self.image:
            return ""
        return f"{reverse('news:post_image', args=[self.pk])}?v={int(self.updated.timestamp())}"
