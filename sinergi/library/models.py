"""The library (pustaka): documents of a working group or of the national secretariat, public
or internal, each with its versions."""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sinergi.lib.uploads import DOCUMENT_KINDS, FileKindValidator
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import Region, at_or_below


class DocumentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def visible_to(self, user):
        """Public documents of every group, and the internal ones of the groups `user` may
        read (see pokja/access.py)."""
        from sinergi.pokja.access import in_scope_or_public

        return self.filter(in_scope_or_public(user, Q(is_public=True)))

    def of_groups_at_or_below(self, code: str):
        """The documents of the working group of region `code` and of the groups below it. For
        the national code, those of the national group only: all documents is no filter."""
        if code == Region.NATIONAL_CODE:
            return self.filter(working_group__region__code=code)
        return self.filter(at_or_below(code, "working_group__region__code"))

    def with_latest(self):
        """Annotate the number, size, file name and date of each document's newest version
        (subqueries, so a list costs one query whatever its length)."""
        latest = DocumentVersion.objects.filter(document=OuterRef("pk")).order_by("-number")
        return self.annotate(
            latest_number=Subquery(latest.values("number")[:1]),
            latest_size=Subquery(latest.values("size")[:1]),
            latest_filename=Subquery(latest.values("filename")[:1]),
            latest_at=Subquery(latest.values("created")[:1]),
        )


class Document(models.Model):
    class Category(models.TextChoices):
        GUIDE = "panduan", _("Guide")
        REGULATION = "regulasi", _("Regulation")
        DECREE_TEMPLATE = "contoh_sk", _("Decree template")
        STRATEGIC_PLAN = "renstra", _("Strategic plan")
        REPORT = "laporan", _("Report")
        STUDY = "kajian", _("Study")
        TRAINING = "pelatihan", _("Training material")
        OTHER = "lainnya", _("Other")

    class Language(models.TextChoices):
        INDONESIAN = "id", _("Indonesian")
        ENGLISH = "en", _("English")
        OTHER = "lainnya", _("Other")

    # The national secretariat's documents belong to the national working group.
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=300)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.INDONESIAN
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Public documents can be downloaded by anyone.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-updated", "-pk"]
        indexes = [
            models.Index(fields=["is_public", "category"]),
            models.Index(fields=["working_group", "-updated"]),
            # The year filter of /pustaka/.
            models.Index(fields=["year"]),
            # The newest documents first, as /pustaka/ and /api/documents/ list them: a page
            # reads its 50 rows in order instead of sorting every document.
            models.Index(fields=["-updated", "-id"], name="document_newest"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:document", args=[self.pk])

    def get_download_url(self):
        return reverse("library:document_download", args=[self.pk])


def version_path(instance, filename):
    return f"pustaka/{instance.document_id}/v{instance.number}/{filename}"


class DocumentVersion(models.Model):
    """One file of a document. The newest version is the one shown and downloaded by default;
    older ones stay available."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(
        _("file"), upload_to=version_path, validators=[FileKindValidator(DOCUMENT_KINDS)]
    )
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    # Text extracted from PDF and Office files, for the full-text search.
    text = models.TextField(blank=True)
    # The text is extracted after the upload's response (library/actions.py); until then the
    # version waits here, and `extract_document_text` catches up with any left behind.
    text_pending = models.BooleanField(default=False, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="document_version_number_unique"
            ),
        ]
        indexes = [
            # The versions `extract_document_text` still has to read: few, at any time.
            models.Index(
                fields=["id"], condition=Q(text_pending=True), name="document_version_pending"
            ),
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"

    def get_download_url(self):
        return reverse("library:document_version_download", args=[self.document_id, self.number])
