import datetime
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from sinergi.knowledge.models import Tag
from sinergi.library.models import Document
from sinergi.search.index import MAX_TEXT_CHARS, rebuild
from sinergi.search.models import SearchEntry
from sinergi.search.tests.base import (
    SearchTestCase,
    add_version,
    find,
    make_article,
    make_document,
    make_page,
    make_post,
)

Kind = SearchEntry.Kind


class IndexTestCase(SearchTestCase):
    def test_a_page_has_one_entry_per_language(self):
        make_page(
            "tentang",
            "Tentang Pokja",
            "Pokja mengurus *sanitasi*.",
            title_en="About",
            body_en="The working group handles sanitation.",
        )
        self.assertEqual(SearchEntry.objects.filter(kind=Kind.PAGE).count(), 2)
        self.assertEqual(find("sanitasi"), ["Tentang Pokja"])
        self.assertEqual(find("sanitation"), [])
        self.assertEqual(find("sanitation", language="en"), ["About"])
        entry = SearchEntry.objects.get(kind=Kind.PAGE, language="id")
        self.assertEqual(entry.text, "Pokja mengurus sanitasi.")  # Markdown gone
        self.assertIsNone(entry.working_group)

    def test_unpublishing_a_page_removes_it(self):
        page = make_page("faq", "Tanya jawab sanitasi", "Isi")
        page.is_published = False
        page.save()
        self.assertFalse(SearchEntry.objects.filter(kind=Kind.PAGE).exists())
        self.assertEqual(find("sanitasi", self.national), [])

    def test_news_is_public_from_its_publication(self):
        draft = make_post(self.bandung_group, "Draf sanitasi", "Isi", published_at=None)
        later = make_post(
            self.bandung_group,
            "Jadwal sanitasi",
            "Isi",
            published_at=timezone.now() + datetime.timedelta(days=1),
        )
        make_post(self.bandung_group, "Berita sanitasi", "Isi")
        self.assertEqual(find("sanitasi"), ["Berita sanitasi"])
        # Drafts and scheduled posts are internal to their working group.
        self.assertCountEqual(
            find("sanitasi", self.member), ["Draf sanitasi", "Jadwal sanitasi", "Berita sanitasi"]
        )
        self.assertEqual(find("sanitasi", self.outsider), ["Berita sanitasi"])
        draft.published_at = timezone.now()
        draft.save()
        self.assertCountEqual(find("sanitasi"), ["Draf sanitasi", "Berita sanitasi"])
        entry = SearchEntry.objects.get(object_id=later.pk)
        self.assertEqual(entry.public_from, later.published_at)

    def test_article_tags_are_searchable(self):
        article = make_article(self.bandung_group, "Catatan", "Isi catatan", is_public=True)
        tag = Tag.objects.create(name="persampahan")
        article.tags.add(tag)
        self.assertEqual(find("persampahan"), ["Catatan"])
        tag.name = "drainase"
        tag.save()
        self.assertEqual(find("drainase"), ["Catatan"])
        tag.delete()
        self.assertEqual(find("drainase"), [])
        other = Tag.objects.create(name="higiene")
        other.articles.add(article)
        self.assertEqual(find("higiene"), ["Catatan"])
        article.tags.clear()
        self.assertEqual(find("higiene"), [])

    def test_a_document_is_found_by_its_newest_version(self):
        document = make_document(self.bandung_group, "Laporan", "septik lama", is_public=True)
        self.assertEqual(find("septik"), ["Laporan"])
        newest = add_version(document, "jamban sehat")
        self.assertEqual(find("septik"), [])
        self.assertEqual(find("jamban"), ["Laporan"])
        newest.delete()
        self.assertEqual(find("septik"), ["Laporan"])

    def test_making_a_document_internal_hides_it(self):
        document = make_document(self.bandung_group, "Laporan", "jamban", is_public=True)
        document.is_public = False
        document.save()
        self.assertEqual(find("jamban"), [])
        self.assertEqual(find("jamban", self.member), ["Laporan"])

    def test_deleting_a_record_removes_its_entry(self):
        records = [
            make_page("p", "Halaman sanitasi", "x"),
            make_post(self.bandung_group, "Berita sanitasi", "x"),
            make_article(self.bandung_group, "Artikel sanitasi", "x", is_public=True),
            make_document(self.bandung_group, "Dokumen sanitasi", "x", is_public=True),
        ]
        self.assertEqual(len(find("sanitasi")), 4)
        for record in records:
            record.delete()
        self.assertEqual(find("sanitasi"), [])
        # What is left is the base's institution.
        self.assertEqual(list(SearchEntry.objects.values_list("kind", flat=True)), ["lembaga"])
        self.assertEqual(self.fts_rows(), 0)

    def test_deleting_a_working_group_removes_its_entries(self):
        make_document(self.kupang_group, "Dokumen Kupang", "sanitasi", is_public=True)
        self.kupang_group.delete()
        self.assertEqual(find("sanitasi"), [])
        self.assertEqual(self.fts_rows(), 0)

    def test_long_text_is_cut(self):
        document = make_document(self.bandung_group, "Besar", "kata " * 100_000, is_public=True)
        entry = SearchEntry.objects.get(object_id=document.pk, kind=Kind.DOCUMENT)
        self.assertEqual(len(entry.text), MAX_TEXT_CHARS)

    def fts_rows(self) -> int:
        """Rows the engine still knows of (FTS5 rows or tsvector values)."""
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'sanitasi'")
            else:
                cursor.execute(
                    "SELECT count(*) FROM search_searchentry "
                    "WHERE search_vector @@ plainto_tsquery('simple', 'sanitasi')"
                )
            return cursor.fetchone()[0]


class RebuildTestCase(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_page("tentang", "Tentang sanitasi", "Isi")
        make_page("draf", "Draf sanitasi", "Isi", is_published=False)
        make_post(cls.bandung_group, "Berita sanitasi", "Isi")
        make_article(cls.bandung_group, "Artikel sanitasi", "Isi", is_public=True)
        for number in range(5):
            make_document(cls.bandung_group, f"Dokumen {number}", "sanitasi", is_public=True)

    def test_it_rebuilds_the_same_index_in_batches(self):
        before = sorted(SearchEntry.objects.values_list("kind", "object_id", "language", "stems"))
        SearchEntry.objects.all().delete()
        self.assertEqual(find("sanitasi"), [])
        counts = rebuild(batch_size=2)
        self.assertEqual(
            counts,
            {"halaman": 2, "berita": 1, "artikel": 1, "dokumen": 5, "lembaga": 1, "program": 0},
        )
        after = sorted(SearchEntry.objects.values_list("kind", "object_id", "language", "stems"))
        self.assertEqual(after, before)
        self.assertEqual(len(find("sanitasi")), 8)
        # Idempotent.
        self.assertEqual(rebuild(), counts)
        self.assertEqual(len(find("sanitasi")), 8)

    def test_it_drops_entries_of_records_that_are_gone(self):
        # The entry of a record deleted without signals (raw SQL, a restored backup).
        SearchEntry.objects.create(
            kind=Kind.DOCUMENT,
            object_id=Document.objects.latest("pk").pk + 1,
            is_public=True,
            title="Hilang",
            stems="sanitasi",
        )
        self.assertEqual(len(find("sanitasi")), 9)
        rebuild()
        self.assertEqual(len(find("sanitasi")), 8)

    def test_the_command_prints_counts(self):
        out = StringIO()
        call_command("rebuild_search_index", stdout=out)
        self.assertIn("dokumen: 5", out.getvalue())
