"""Editable pages of the public portal (about, FAQ, how to form a Pokja, contact), written by
the national secretariat in Indonesian and English."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Page(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title_id = models.CharField(_("title (Indonesian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    # Markdown; raw HTML is shown as text (sinergi.lib.text.render_markdown).
    body_id = models.TextField(_("text (Indonesian)"))
    body_en = models.TextField(_("text (English)"))
    order = models.PositiveSmallIntegerField(_("order in the menu"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("portal page")
        verbose_name_plural = _("portal pages")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.title_id

    def get_absolute_url(self):
        return reverse("pages:page", args=[self.slug])

    @property
    def title(self) -> str:
        """The title in the language of the request."""
        return self.title_en if get_language() == "en" else self.title_id

    @property
    def body(self) -> str:
        return self.body_en if get_language() == "en" else self.body_id
