"""Writing the search index: what each kind of record puts in it, kept fresh one record at a
time (signals.py) and rebuilt in batches (`rebuild_search_index`).

Visibility is decided here, when a record is indexed, and stored on its entry: a portal page is
indexed only while published; news is public from its publication moment (a draft is internal to
its working group); knowledge articles and documents are public or internal by their flag.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import NoReverseMatch
from django.utils import translation

from sinergi.knowledge.models import Article
from sinergi.lib.text import plain_text
from sinergi.library.models import Document, DocumentVersion
from sinergi.news.models import Post
from sinergi.pages.models import Page
from sinergi.search.models import SearchEntry
from sinergi.search.stemming import stems

# Text beyond this many characters (about 80 pages) is neither searched nor shown.
MAX_TEXT_CHARS = 200_000
Kind = SearchEntry.Kind


def _clean(*parts: str) -> str:
    """The parts as one line of text, whitespace collapsed, cut at MAX_TEXT_CHARS."""
    text = " ".join(" ".join(part.split()) for part in parts if part)
    return text[:MAX_TEXT_CHARS]


def _stemmed(text: str) -> str:
    return " ".join(stems(text))


def _url(obj) -> str:
    """The record's address in the default language; "" while its page does not exist."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            return obj.get_absolute_url()
        except NoReverseMatch:
            return ""


def _entry(kind, obj, *, title, text, extra_words="", language="", **fields) -> SearchEntry:
    return SearchEntry(
        kind=kind,
        object_id=obj.pk,
        language=language,
        title=title[:300],
        text=text,
        title_stems=_stemmed(title),
        stems=_stemmed(f"{text} {extra_words}"),
        url=_url(obj),
        **fields,
    )


def page_entries(page: Page) -> list[SearchEntry]:
    """One entry per language: a visitor searches the text of the language they read."""
    if not page.is_published:
        return []
    texts = {"id": (page.title_id, page.body_id), "en": (page.title_en, page.body_en)}
    return [
        _entry(
            Kind.PAGE,
            page,
            title=title,
            text=_clean(plain_text(body)),
            language=language,
            is_public=True,
            date=page.updated,
        )
        for language, (title, body) in texts.items()
    ]


def post_entries(post: Post) -> list[SearchEntry]:
    return [
        _entry(
            Kind.NEWS,
            post,
            title=post.title,
            text=_clean(post.summary, plain_text(post.body)),
            working_group_id=post.working_group_id,
            is_public=post.published_at is not None,
            public_from=post.published_at,
            date=post.published_at or post.updated,
        )
    ]


def article_entries(article: Article) -> list[SearchEntry]:
    tags = " ".join(tag.name for tag in article.tags.all())
    return [
        _entry(
            Kind.ARTICLE,
            article,
            title=article.title,
            text=_clean(plain_text(article.body)),
            extra_words=tags,
            working_group_id=article.working_group_id,
            is_public=article.is_public,
            date=article.updated,
        )
    ]


def document_entries(document: Document) -> list[SearchEntry]:
    """The document's description and the text of its newest version."""
    text = getattr(document, "current_text", None)
    if text is None:
        newest = document.versions.order_by("-number").values_list("text", flat=True)
        text = newest.first()
    return [
        _entry(
            Kind.DOCUMENT,
            document,
            title=document.title,
            text=_clean(document.description, text or ""),
            working_group_id=document.working_group_id,
            is_public=document.is_public,
            date=document.updated,
        )
    ]


@dataclass(frozen=True)
class Source:
    """A kind of record in the index: how to read it in batches and what it puts in."""

    kind: str
    model: type
    entries: Any  # record -> list[SearchEntry]
    batch_size: int

    def queryset(self) -> QuerySet:
        if self.model is Document:
            newest = DocumentVersion.objects.filter(document=OuterRef("pk")).order_by("-number")
            return Document.objects.annotate(current_text=Subquery(newest.values("text")[:1]))
        if self.model is Article:
            return Article.objects.select_related("working_group__region").prefetch_related("tags")
        return self.model.objects.all()


# Documents carry up to MAX_TEXT_CHARS each: smaller batches keep the memory flat.
SOURCES = [
    Source(Kind.PAGE, Page, page_entries, 200),
    Source(Kind.NEWS, Post, post_entries, 200),
    Source(Kind.ARTICLE, Article, article_entries, 200),
    Source(Kind.DOCUMENT, Document, document_entries, 25),
]
SOURCE_OF = {source.model: source for source in SOURCES}


def index_record(record) -> None:
    """Put `record` (a Page, Post, Article or Document) in the index as it is now."""
    source = SOURCE_OF[type(record)]
    entries = source.entries(record)
    with transaction.atomic():
        SearchEntry.objects.filter(kind=source.kind, object_id=record.pk).delete()
        SearchEntry.objects.bulk_create(entries)


def remove_record(model, pk) -> None:
    SearchEntry.objects.filter(kind=SOURCE_OF[model].kind, object_id=pk).delete()


def rebuild(batch_size: int | None = None) -> dict[str, int]:
    """Index every record again, batch by batch, and drop the entries of records that are
    gone. Idempotent. Returns the number of entries of each kind."""
    counts = {}
    for source in SOURCES:
        size, last = batch_size or source.batch_size, 0
        while True:
            batch = list(source.queryset().filter(pk__gt=last).order_by("pk")[:size])
            if not batch:
                break
            last = batch[-1].pk
            entries = [entry for record in batch for entry in source.entries(record)]
            with transaction.atomic():
                ids = [record.pk for record in batch]
                SearchEntry.objects.filter(kind=source.kind, object_id__in=ids).delete()
                SearchEntry.objects.bulk_create(entries)
        existing = source.model.objects.values("pk")
        SearchEntry.objects.filter(kind=source.kind).exclude(object_id__in=existing).delete()
        counts[source.kind] = SearchEntry.objects.filter(kind=source.kind).count()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # Re-reads every entry into FTS5, whatever happened to the table outside Django.
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    return counts
