"""The search index: one row per searchable record (per language for portal pages).

The rows are derived data, written only by `sinergi.search.index`. The database's own
full-text engine indexes `title_stems` and `stems`: an FTS5 table on SQLite and a generated
`tsvector` column on PostgreSQL, both created by migration 0002 (see docs/search.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.pokja.models import WorkingGroup


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        PAGE = "halaman", _("Portal page")
        NEWS = "berita", _("News")
        ARTICLE = "artikel", _("Knowledge article")
        DOCUMENT = "dokumen", _("Document")
        INSTITUTION = "lembaga", _("Institution")
        PROGRAMME = "program", _("Programme")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    # "" for a record written in one language; "id" or "en" for each text of a portal page.
    language = models.CharField(max_length=2, blank=True)
    # Empty for portal pages and institutions, which belong to no working group.
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    is_public = models.BooleanField()
    # A public entry is shown to visitors from this moment on (news published for later);
    # empty: at once.
    public_from = models.DateTimeField(null=True, blank=True)
    # The date shown in the results (publication of news, last change of the others).
    date = models.DateTimeField(null=True, blank=True)
    title = models.CharField(max_length=300)
    # The record's address in the default language (no /en/ prefix).
    url = models.CharField(max_length=500, blank=True)
    # Plain text, whitespace collapsed, for the snippets.
    text = models.TextField(blank=True)
    # The stemmed words of the title and of the text, what the full-text engine indexes.
    title_stems = models.TextField(blank=True)
    stems = models.TextField(blank=True)
    indexed = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="search_entry_unique"
            ),
        ]
        indexes = [
            # Covers the scope subquery of every search (visibility, language, kind, group), so
            # it never reads the wide rows.
            models.Index(
                fields=["is_public", "language", "public_from", "kind", "working_group"],
                name="search_entry_scope",
            ),
            # The newest matches of each kind, read in order until enough are found
            # (query.Results on PostgreSQL): a common word stops after a few hundred rows.
            models.Index(fields=["kind", "-id"], name="search_entry_newest"),
        ]

    def __str__(self):
        return self.title
