import io

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from sinergi.library.extract import extract_text
from sinergi.search.tests.base import (
    SearchTestCase,
    add_version,
    make_article,
    make_document,
    make_page,
    make_post,
    pdf_bytes,
    shares_queries,
)

NASTY = [
    '"',
    '""',
    "'",
    "*",
    "sanitasi*",
    "AND",
    "OR NOT",
    "sanitasi AND",
    "NEAR(",
    "NEAR(sanitasi air, 2)",
    "((",
    "sanitasi)",
    "{title_stems}: x",
    "title_stems:sanitasi",
    "^sanitasi",
    "-sanitasi",
    "sanitasi:*",
    "a & b | !c <-> d",
    "\\",
    "%",
    "_",
    "'; DROP TABLE search_searchentry; --",
    "<script>alert(1)</script>",
    "😀",
    "水",
    "sanitasi " * 700,
    "x" * 5000,
]


class AcceptanceTestCase(SearchTestCase):
    """A visitor searching "sanitasi" finds public pages, news and the text inside a public
    PDF, and never an internal document."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_page("tentang", "Tentang Pokja AMPL", "Pokja mengoordinasikan **sanitasi**.")
        make_post(cls.bandung_group, "Festival jamban", "Lomba sanitasi se-kabupaten.")
        pdf = pdf_bytes("Laporan tahunan", "Akses sanitasi aman naik menjadi 12 persen.")
        public = make_document(cls.bandung_group, "Laporan tahunan 2024", is_public=True)
        add_version(public, extract_text(io.BytesIO(pdf), "laporan.pdf"), content=pdf)
        make_document(cls.bandung_group, "Notulen internal", "sanitasi internal", is_public=False)

    def test_a_visitor_finds_public_page_news_and_pdf_text_never_internal(self):
        response = self.search("sanitasi")
        self.assertCountEqual(
            self.titles(response),
            ["Tentang Pokja AMPL", "Festival jamban", "Laporan tahunan 2024"],
        )
        self.assertNotContains(response, "Notulen internal")
        self.assertContains(response, "<mark>sanitasi</mark> aman naik", html=False)
        self.assertContains(response, "3 hasil untuk")

    def test_the_groups_member_finds_the_internal_document(self):
        for user in [self.member, self.regency, self.provincial, self.national]:
            with self.subTest(user=user.email):
                response = self.search("sanitasi", user)
                self.assertIn("Notulen internal", self.titles(response))
                self.assertContains(response, "Internal")

    def test_an_outsider_does_not(self):
        response = self.search("sanitasi", self.outsider)
        self.assertNotIn("Notulen internal", self.titles(response))
        self.assertEqual(len(self.titles(response)), 3)

    def test_english_visitors_search_the_english_page(self):
        response = self.search("sanitasi", prefix="/en")
        self.assertContains(response, "3 results for")
        self.assertContains(response, 'href="/en/berita/')
        self.assertContains(response, 'href="/en/pustaka/')


class SearchPageTestCase(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_page("draf", "Draf sanitasi", "Belum terbit", is_published=False)
        make_post(cls.bandung_group, "Draf berita sanitasi", "Isi", published_at=None)
        make_article(cls.kupang_group, "Air minum Kupang", "Sanitasi di Kupang.", is_public=True)
        make_article(
            cls.bandung_group,
            "Sanitasi <b>Bandung</b>",
            "Teks <script>alert('x')</script> tentang sanitasi & air.",
            is_public=True,
        )

    def test_everyone_may_search(self):
        for user in [
            None,
            self.national,
            self.provincial,
            self.regency,
            self.member,
            self.outsider,
        ]:
            with self.subTest(user=user):
                self.search("sanitasi", user)

    def test_the_search_box_partial_sends_to_the_search_page(self):
        html = render_to_string("search/_search_box.html")
        self.assertIn('action="/cari/"', html)
        self.assertIn('name="q"', html)

    def test_an_empty_query_shows_the_form(self):
        response = self.search("")
        self.assertEqual(response.context["sections"], [])
        self.assertContains(response, 'name="q"')
        self.assertContains(response, "<h1>Cari</h1>", html=True)
        self.assertNotContains(response, "hasil untuk")

    def test_unpublished_pages_and_news_are_not_found_by_visitors(self):
        titles = self.titles(self.search("sanitasi"))
        self.assertCountEqual(titles, ["Air minum Kupang", "Sanitasi <b>Bandung</b>"])

    def test_snippets_and_titles_escape_the_source(self):
        response = self.search("sanitasi")
        content = response.content.decode()
        self.assertNotIn("<script>alert", content)
        self.assertIn("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", content)
        self.assertIn("<mark>Sanitasi</mark> &lt;b&gt;Bandung&lt;/b&gt;", content)
        self.assertIn("tentang <mark>sanitasi</mark> &amp; air.", content)

    def test_nasty_queries_never_fail(self):
        for query in NASTY:
            for user in [None, self.member]:
                with self.subTest(query=query[:40], user=user):
                    self.search(query, user, jenis="<x>", wilayah="'", page="-1")

    def test_a_nul_in_the_query_is_a_bad_request(self):
        # Refused before the view by RejectNullCharactersMiddleware (PostgreSQL cannot take it).
        response = self.client.get("/cari/", {"q": "sanitasi\x00"})
        self.assertContains(response, "Permintaan tidak valid", status_code=400)

    def test_filters_by_kind_and_province(self):
        self.assertEqual(len(self.titles(self.search("sanitasi", jenis="artikel"))), 2)
        self.assertEqual(self.titles(self.search("sanitasi", jenis="dokumen")), [])
        for region in ["53", "53.01"]:
            response = self.search("sanitasi", wilayah=region)
            self.assertEqual(self.titles(response), ["Air minum Kupang"])
        self.assertEqual(len(self.titles(self.search("sanitasi", wilayah="nonsense"))), 2)

    def test_title_matches_come_first(self):
        make_article(
            self.bandung_group, "Catatan rapat", "sanitasi sanitasi sanitasi", is_public=True
        )
        titles = self.titles(self.search("sanitasi"))
        # Kupang's article has the word once in a short text, the notes three times.
        self.assertEqual(titles, ["Sanitasi <b>Bandung</b>", "Catatan rapat", "Air minum Kupang"])

    def test_results_are_paginated(self):
        for number in range(25):
            make_article(self.ntt_group, f"Catatan {number}", "jamban", is_public=True)
        first = self.search("jamban")
        self.assertEqual(len(self.titles(first)), 20)
        self.assertContains(first, "25 hasil untuk")
        second = self.search("jamban", page=2)
        self.assertEqual(len(self.titles(second)), 5)
        self.assertFalse(set(self.titles(first)) & set(self.titles(second)))

    def test_query_count_does_not_grow_with_results(self):
        def queries(user):
            self.client.logout()
            if user:
                self.client.force_login(user)
            with CaptureQueriesContext(connection) as context:
                self.assertEqual(self.client.get("/cari/", {"q": "sanitasi"}).status_code, 200)
            return len(context)

        few = {user: queries(user) for user in [None, self.member]}
        for number in range(15):
            make_article(self.bandung_group, f"Catatan {number}", "sanitasi", is_public=True)
            make_document(self.ntt_group, f"Dokumen {number}", "sanitasi", is_public=True)
        for user, count in few.items():
            with self.subTest(user=user):
                self.assertEqual(queries(user), count)
        # A visitor: regions and working groups by name (2), the ids and counts of
        # institutions, programmes and the rest (1), their entries, the provinces; on
        # PostgreSQL the words' shares.
        self.client.logout()
        with self.assertNumQueries(5 + shares_queries()):
            self.client.get("/cari/", {"q": "sanitasi"})
