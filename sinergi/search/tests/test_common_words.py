"""Common words are read newest first, rare ones through the engine's index: the choice of the
plan (query.is_common) never changes what is found, and the cap holds across kinds."""

from unittest import mock

from django.contrib.auth.models import AnonymousUser
from django.db import connection

from sinergi.search.models import SearchEntry
from sinergi.search.query import Results, is_common, query_stems, visible_entries
from sinergi.search.tests.base import SearchTestCase, make_article, make_post
from sinergi.search.views import TEXT_KINDS


class CommonWordsTestCase(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for number in range(12):
            make_article(cls.bandung_group, f"Jamban {number}", "jamban sehat", is_public=True)
            make_post(cls.kupang_group, f"Berita jamban {number}", "jamban sehat")
        make_article(cls.kupang_group, "Langka", "jamban langka", is_public=True)

    def found(self, query, common, kinds=TEXT_KINDS):
        entries = visible_entries(AnonymousUser(), "id")
        results = Results(entries, query_stems(query), kinds, common)
        found = results.fetch(0, 100, load=False)
        return found.entries, found.total, found.more

    def test_the_plan_never_changes_what_is_found(self):
        for query in ["jamban", "jamban sehat", "langka", "jamban langka", "tidak ada"]:
            with self.subTest(query=query):
                self.assertEqual(self.found(query, True), self.found(query, False))
        self.assertEqual(self.found("jamban", True)[1], 25)
        kinds = [SearchEntry.Kind.ARTICLE]
        self.assertEqual(self.found("jamban", True, kinds), self.found("jamban", False, kinds))

    def test_the_cap_holds_across_kinds(self):
        with (
            mock.patch("sinergi.search.query.MAX_RANKED", 4),
            mock.patch("sinergi.search.views.MAX_RANKED", 4),
        ):
            response = self.search("jamban", prefix="/en")
            ids, total, more = self.found("jamban", True)
        self.assertContains(response, "More than 4 results for")
        self.assertEqual((total, more), (4, True))
        # The best four of the five newest matches of any kind (news and articles alike).
        matches = SearchEntry.objects.filter(kind__in=TEXT_KINDS, stems__contains="jamban")
        newest = set(matches.order_by("-pk").values_list("pk", flat=True)[:5])
        self.assertLessEqual(set(ids), newest)
        titles = self.titles(response)
        self.assertIn("Jamban 11", titles)
        self.assertIn("Berita jamban 11", titles)
        self.assertNotIn("Jamban 0", titles)

    def test_other_engines_ask_for_no_shares(self):
        if connection.vendor == "postgresql":
            self.skipTest("PostgreSQL reads the shares")
        with self.assertNumQueries(0):
            self.assertFalse(is_common(["jamban"]))


class SharesTestCase(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for number in range(20):
            make_post(cls.kupang_group, f"Berita {number}", "jamban sehat")
        make_post(cls.kupang_group, "Langka", "jamban langka")

    def test_a_word_is_common_when_the_statistics_say_so(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
        self.assertTrue(is_common(["jamban"]))
        self.assertTrue(is_common(["jamban", "sehat"]))
        # "langka" is in one entry of 21, a word never seen in none: rare.
        self.assertFalse(is_common(["langka"]))
        self.assertFalse(is_common(["jamban", "langka"]))
        self.assertFalse(is_common(["tidakada"]))
        self.assertFalse(is_common([]))
