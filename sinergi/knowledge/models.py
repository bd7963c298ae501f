"""The knowledge base: articles that keep what members know (how things are done in this
region, contacts, lessons learned), so it stays when they leave."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sinergi.pokja.models import Membership, WorkingGroup


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Article(models.Model):
    class Kind(models.TextChoices):
        HOW_TO = "cara_kerja", _("How things are done")
        CONTACTS = "kontak", _("Contacts")
        LESSON = "pelajaran", _("Lesson learned")
        OTHER = "lainnya", _("Other")

    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="articles",
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.HOW_TO)
    # Markdown; raw HTML is shown as text (sinergi.lib.text.render_markdown).
    body = models.TextField(_("text"))
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    # A knowledge holder of the group (e.g. a university member) who keeps the article current.
    steward = models.ForeignKey(
        Membership,
        verbose_name=_("steward"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stewarded_articles",
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Internal articles are read only by the working group and its supervisors."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")
        ordering = ["-updated", "-pk"]
        indexes = [models.Index(fields=["working_group", "-updated"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("knowledge:article", args=[self.working_group.region.code, self.pk])
