"""Keep the index fresh: a saved or deleted page, post, article, document, institution or
programme (or a new version of a document, a change of an article's tags or of a programme's
locations) updates its entry in the same transaction."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from sinergi.knowledge.models import Article, Tag
from sinergi.library.models import Document, DocumentVersion
from sinergi.programmes.models import Programme
from sinergi.search import index


def _saved(sender, instance, raw=False, **kwargs):
    # Fixtures (raw saves) may arrive before their related rows; rebuild_search_index after.
    if not raw:
        index.index_record(instance)


def _deleted(sender, instance, **kwargs):
    index.remove_record(sender, instance.pk)


def _version_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    # When the whole document is being deleted, its own post_delete removes the entry.
    document = Document.objects.filter(pk=instance.document_id).first()
    if document is not None:
        index.index_record(document)


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        index.index_record(instance)
    elif action != "post_clear":
        # Articles added to or removed from a tag (the reverse side).
        for article in Article.objects.filter(pk__in=pk_set):
            index.index_record(article)


def _locations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        index.index_record(instance)
    elif action != "post_clear":
        for programme in Programme.objects.filter(pk__in=pk_set):
            index.index_record(programme)


def _tag_renamed(sender, instance, created, raw=False, **kwargs):
    if not (created or raw):
        for article in instance.articles.all():
            index.index_record(article)


def _tag_deleting(sender, instance, **kwargs):
    instance._search_article_ids = list(instance.articles.values_list("pk", flat=True))


def _tag_deleted(sender, instance, **kwargs):
    for article in Article.objects.filter(pk__in=getattr(instance, "_search_article_ids", [])):
        index.index_record(article)


def connect():
    for model in index.SOURCE_OF:
        uid = f"search-{model._meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-deleted")
    post_save.connect(_version_changed, sender=DocumentVersion, dispatch_uid="search-version-saved")
    post_delete.connect(
        _version_changed, sender=DocumentVersion, dispatch_uid="search-version-deleted"
    )
    m2m_changed.connect(_tags_changed, sender=Article.tags.through, dispatch_uid="search-tags")
    m2m_changed.connect(
        _locations_changed, sender=Programme.locations.through, dispatch_uid="search-locations"
    )
    post_save.connect(_tag_renamed, sender=Tag, dispatch_uid="search-tag-renamed")
    pre_delete.connect(_tag_deleting, sender=Tag, dispatch_uid="search-tag-deleting")
    post_delete.connect(_tag_deleted, sender=Tag, dispatch_uid="search-tag-deleted")
