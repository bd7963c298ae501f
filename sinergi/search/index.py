"""Writing the search index: what each kind of record puts in it, kept fresh one record at a
time (signals.py) and rebuilt in batches (`rebuild_search_index`).

Visibility is decided here, when a record is indexed, and stored on its entry: a portal page is
indexed only while published; news is public from its publication moment (a draft is internal to
its working group); knowledge articles and documents are public or internal by their flag;
institutions and programmes are public, as their pages are.

Regions and working groups are not in this index: they are found by name (search/places.py).
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import urlencode

from sinergi.knowledge.models import Article
from sinergi.lib.text import plain_text
from sinergi.library.models import Document, DocumentVersion
from sinergi.news.models import Post
from sinergi.pages.models import Page
from sinergi.pokja.models import Institution
from sinergi.programmes.models import Programme
from sinergi.regions.lookup import short_name
from sinergi.regions.models import Region
from sinergi.search.models import SearchEntry
from sinergi.search.stemming import stems

# Text beyond this many characters (about 80 pages) is neither searched nor shown.
MAX_TEXT_CHARS = 200_000
Kind = SearchEntry.Kind
# The three regions above a village (district, regency, province), read with it.
PARENTS = "__parent__parent__parent"


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


def _entry(
    kind, obj, *, title, text, extra_words="", language="", url=None, **fields
) -> SearchEntry:
    return SearchEntry(
        kind=kind,
        object_id=obj.pk,
        language=language,
        title=title[:300],
        text=text,
        title_stems=_stemmed(title),
        stems=_stemmed(f"{text} {extra_words}"),
        url=_url(obj) if url is None else url,
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


def region_chain(region: Region | None) -> list[Region]:
    """`region` and the regions above it, nearest first, without the nation. Read it with
    select_related of three parents, or it costs a query per level."""
    chain = []
    while region is not None and region.level != Region.Level.NATIONAL:
        chain.append(region)
        if region.level == Region.Level.PROVINCE:
            break  # the nation above it is not read
        region = region.parent
    return chain


def where(region: Region | None) -> str:
    """ "Kec. Cileunyi, Kab. Bandung, Jawa Barat": where a record is, for people who know that
    names repeat across the country."""
    return ", ".join(short_name(r) for r in region_chain(region))


def _region_words(regions) -> str:
    """The names of `regions` as written in full and short ("Kabupaten Kupang", "Kab. Kupang"),
    so that either finds the record."""
    return " ".join(f"{r.name} {short_name(r)}" for r in regions)


def institution_entries(institution: Institution) -> list[SearchEntry]:
    """Institutions are public (the catalogue /lembaga/ lists them all); the entry links to the
    catalogue filtered by the name, where its category and region are shown."""
    with translation.override(settings.LANGUAGE_CODE):
        url = reverse("pokja:institutions")
    chain = region_chain(institution.region)
    acronym = f"{institution.acronym} · " if institution.acronym else ""
    return [
        _entry(
            Kind.INSTITUTION,
            institution,
            title=institution.name,
            text=_clean(f"{acronym}{where(institution.region)}"),
            extra_words=f"{institution.category} {_region_words(chain)}",
            is_public=True,
            url=f"{url}?{urlencode({'q': institution.name[:100]})}",
        )
    ]


def programme_entries(programme: Programme) -> list[SearchEntry]:
    """Programmes are public (/program/<id>/): their funder, implementer and locations are
    searched, so "Kupang" finds the programmes working there."""
    locations = list(programme.locations.all())
    parts = [programme.funder, programme.implementer, ", ".join(r.name for r in locations[:50])]
    return [
        _entry(
            Kind.PROGRAMME,
            programme,
            title=programme.name,
            text=_clean(" · ".join(part for part in parts if part)),
            extra_words=" ".join(
                [
                    programme.kind,
                    programme.sector,
                    programme.registered_by.name,
                    _region_words(region_chain(programme.registered_by.region)),
                    _region_words(locations[:200]),
                ]
            ),
            working_group_id=programme.registered_by_id,
            is_public=True,
            date=programme.updated,
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
        if self.model is Institution:
            return Institution.objects.select_related(f"region{PARENTS}")
        if self.model is Programme:
            return Programme.objects.select_related(
                f"registered_by__region{PARENTS}"
            ).prefetch_related("locations")
        return self.model.objects.all()


# Documents carry up to MAX_TEXT_CHARS each: smaller batches keep the memory flat.
SOURCES = [
    Source(Kind.PAGE, Page, page_entries, 200),
    Source(Kind.NEWS, Post, post_entries, 200),
    Source(Kind.ARTICLE, Article, article_entries, 200),
    Source(Kind.DOCUMENT, Document, document_entries, 25),
    Source(Kind.INSTITUTION, Institution, institution_entries, 500),
    Source(Kind.PROGRAMME, Programme, programme_entries, 200),
]
SOURCE_OF = {source.model: source for source in SOURCES}


def index_record(record) -> None:
    """Put `record` (a Page, Post, Article, Document, Institution or Programme) in the index
    as it is now."""
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
