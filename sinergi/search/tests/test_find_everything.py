"""/cari/ finds what a visitor names: working groups, regions of every level (with the regions
above them), institutions and programmes, alongside pages, news, articles and documents; grouped
by kind, each group capped; a fixed number of queries."""

import datetime
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.pokja.models import GroupName, Institution, WorkingGroup
from sinergi.programmes.models import Programme
from sinergi.regions.models import Region
from sinergi.search.models import SearchEntry
from sinergi.search.tests.base import SearchTestCase, make_article, make_post, shares_queries
from sinergi.test import make_region

K = Region.Kind


def make_programme(group, name, locations=(), **fields):
    programme = Programme.objects.create(
        name=name,
        kind=Programme.Kind.NATIONAL,
        sector="air_minum",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        registered_by=group,
        **fields,
    )
    programme.locations.set(locations)
    return programme


class FindEverythingTestCase(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.kota_kupang = make_region("53.71", "Kota Kupang", K.CITY, cls.ntt)
        cls.kota_kupang_group = WorkingGroup.objects.create(
            region=cls.kota_kupang, name="Pokja PKP Kota Kupang", kind=WorkingGroup.Kind.PKP
        )
        GroupName.objects.create(
            working_group=cls.kota_kupang_group,
            name="Pokja Sanitasi Kota Kupang",
            kind=WorkingGroup.Kind.SANITATION,
        )
        # A district of Kabupaten Kupang, and a second village named Cinunuk there.
        cls.kupang_barat = make_region("53.01.05", "Kupang Barat", K.DISTRICT, cls.kab_kupang)
        cls.other_cinunuk = make_region("53.01.05.2003", "Cinunuk", K.VILLAGE, cls.kupang_barat)
        cls.dinkes = Institution.objects.create(
            name="Dinas Kesehatan Kabupaten Kupang",
            acronym="Dinkes Kab. Kupang",
            category=Institution.Category.AGENCY,
            region=cls.kab_kupang,
        )
        cls.pamsimas = make_programme(
            cls.kupang_group, "PAMSIMAS Kupang Barat", [cls.kupang_barat], funder="Bank Dunia"
        )
        make_post(cls.kupang_group, "Penampungan air hujan di Kupang", "Sekolah dasar.")
        make_article(cls.kupang_group, "Catatan internal Kupang", "Rahasia.", is_public=False)
        make_post(cls.kupang_group, "Draf berita Kupang", "Belum terbit.", published_at=None)

    def test_kupang_lists_both_working_groups_of_kupang(self):
        response = self.search("kupang")
        places = self.places(response)
        self.assertEqual(places[:2], ["Pokja AMPL Kabupaten Kupang", "Pokja PKP Kota Kupang"])
        self.assertContains(response, 'href="/pokja/53.01/"')
        self.assertContains(response, 'href="/pokja/53.71/"')
        self.assertContains(response, "Kab. Kupang, Nusa Tenggara Timur")
        # And the news post about Kupang, below.
        self.assertIn("Penampungan air hujan di Kupang", self.titles(response))

    def test_the_words_before_a_name_find_both_the_one_named_first(self):
        cases = {
            "Kabupaten Kupang": "Pokja AMPL Kabupaten Kupang",
            "Kab. Kupang": "Pokja AMPL Kabupaten Kupang",
            "kab kupang": "Pokja AMPL Kabupaten Kupang",
            "Kota Kupang": "Pokja PKP Kota Kupang",
            "KOTA  KUPANG": "Pokja PKP Kota Kupang",
        }
        both = {"Pokja AMPL Kabupaten Kupang", "Pokja PKP Kota Kupang"}
        for query, first in cases.items():
            with self.subTest(query=query):
                places = self.places(self.search(query))
                self.assertEqual(places[0], first)
                self.assertEqual(set(places[:2]), both)

    def test_a_working_group_is_found_by_its_name_and_former_name(self):
        self.assertEqual(self.places(self.search("Pokja PKP")), ["Pokja PKP Kota Kupang"])
        self.assertEqual(
            self.places(self.search("Pokja Sanitasi Kota Kupang"))[0], "Pokja PKP Kota Kupang"
        )
        # A word inside another word is no match ("PP" is not "PPAS", "upang" not "Kupang").
        self.assertNotIn("Pokja PKP Kota Kupang", self.places(self.search("upang")))

    def test_a_village_is_found_with_the_regions_above_it(self):
        response = self.search("Cinunuk")
        self.assertEqual(self.places(response), ["Cinunuk", "Cinunuk"])
        self.assertContains(response, "Kec. Cileunyi, Kab. Bandung, Jawa Barat")
        self.assertContains(response, "Kec. Kupang Barat, Kab. Kupang, Nusa Tenggara Timur")
        self.assertContains(response, 'href="/wilayah/32.04.05.2001/"')
        self.assertEqual(self.places(self.search("Desa Cinunuk")), ["Cinunuk", "Cinunuk"])
        # The level said before the name is kept; a comma names a region above.
        self.assertEqual(self.places(self.search("Kec. Cinunuk")), [])
        response = self.search("Cinunuk, Cileunyi")
        self.assertEqual(self.places(response), ["Cinunuk"])
        self.assertContains(response, 'href="/wilayah/32.04.05.2001/"')
        # A province filter keeps the places of that province.
        response = self.search("Cinunuk", wilayah="53")
        self.assertContains(response, 'href="/wilayah/53.01.05.2003/"')
        self.assertNotContains(response, 'href="/wilayah/32.04.05.2001/"')

    def test_a_region_is_found_by_its_code(self):
        response = self.search("32.04.05")
        self.assertEqual(self.places(response), ["Cileunyi", "Cinunuk"])

    def test_an_institution_is_found_and_kept_current(self):
        response = self.search("dinas kesehatan")
        self.assertEqual(self.titles(response), ["Dinas Kesehatan Kabupaten Kupang"])
        self.assertContains(response, "/lembaga/?q=Dinas+Kesehatan+Kabupaten+Kupang")
        self.assertContains(response, "Dinkes Kab. Kupang · Kab. Kupang, Nusa Tenggara Timur")
        # By the short name of its region too, and in the catalogue it links to.
        self.assertIn("Dinas Kesehatan Kabupaten Kupang", self.titles(self.search("Kab. Kupang")))
        catalogue = self.client.get("/lembaga/", {"q": "Dinas Kesehatan Kabupaten Kupang"})
        self.assertContains(catalogue, "Dinas Kesehatan Kabupaten Kupang")
        self.dinkes.name = "Dinas Kesehatan dan KB Kabupaten Kupang"
        self.dinkes.save()
        self.assertEqual(self.titles(self.search("KB")), [self.dinkes.name])
        self.dinkes.delete()
        self.assertEqual(self.titles(self.search("dinas kesehatan")), [])

    def test_a_programme_is_found_by_name_funder_and_location(self):
        for query in ["pamsimas", "bank dunia", "Kupang Barat"]:
            with self.subTest(query=query):
                response = self.search(query)
                self.assertIn("PAMSIMAS Kupang Barat", self.titles(response))
                self.assertContains(response, f'href="/program/{self.pamsimas.pk}/"')
        self.assertNotIn("PAMSIMAS Kupang Barat", self.titles(self.search("Cileunyi")))
        self.pamsimas.locations.add(self.cileunyi)
        self.assertIn("PAMSIMAS Kupang Barat", self.titles(self.search("Cileunyi")))
        self.pamsimas.delete()
        self.assertNotIn("PAMSIMAS Kupang Barat", self.titles(self.search("pamsimas")))

    def test_a_visitor_never_finds_internal_articles_or_drafts(self):
        titles = self.titles(self.search("kupang"))
        self.assertNotIn("Catatan internal Kupang", titles)
        self.assertNotIn("Draf berita Kupang", titles)
        # The national secretariat reads every group: it does, marked internal.
        response = self.search("kupang", self.national)
        self.assertIn("Catatan internal Kupang", self.titles(response))
        self.assertIn("Draf berita Kupang", self.titles(response))
        self.assertContains(response, "Internal")
        # Someone from another province does not.
        titles = self.titles(self.search("kupang", self.regency))
        self.assertNotIn("Catatan internal Kupang", titles)

    def test_results_are_grouped_by_kind_in_english_too(self):
        response = self.search("kupang", prefix="/en")
        content = response.content.decode()
        headings = [
            "Regions and working groups",
            "Institutions",
            "Programmes",
            "Pages, news, articles and documents",
        ]
        positions = [content.index(f">{heading}</h2>") for heading in headings]
        self.assertEqual(positions, sorted(positions))
        self.assertContains(response, 'href="/en/pokja/53.01/"')
        self.assertContains(response, 'href="/en/wilayah/53.01/"')
        self.assertContains(response, f'href="/en/program/{self.pamsimas.pk}/"')
        self.assertContains(response, "/en/lembaga/?q=")

    def test_each_group_is_capped_with_a_link_to_all_of_its_kind(self):
        for number in range(7):
            make_programme(self.ntt_group, f"Program jamban {number}")
        response = self.search("jamban", prefix="/en")
        self.assertEqual(len(self.titles(response)), 5)
        self.assertContains(response, "7 results for")
        self.assertContains(response, "?q=jamban&amp;jenis=program")
        response = self.search("jamban", prefix="/en", jenis="program")
        self.assertEqual(len(self.titles(response)), 7)
        self.assertNotContains(response, "Regions and working groups</h2>")
        # The next pages are those of pages, news, articles and documents.
        for number in range(22):
            make_article(self.ntt_group, f"Jamban {number}", "jamban", is_public=True)
        response = self.search("jamban", prefix="/en", page=2)
        self.assertEqual(self.titles(response), [f"Jamban {n}" for n in range(20, 22)])
        self.assertNotContains(response, "Programmes</h2>")
        response = self.search("kupang", jenis="wilayah")
        self.assertEqual(self.titles(response), [])
        self.assertIn("Pokja PKP Kota Kupang", self.places(response))

    def test_counts_and_ranking_stop_at_the_cap(self):
        for number in range(6):
            make_article(self.ntt_group, f"Jamban {number}", "jamban", is_public=True)
        with (
            mock.patch("sinergi.search.query.MAX_RANKED", 4),
            mock.patch("sinergi.search.views.MAX_RANKED", 4),
        ):
            response = self.search("jamban", prefix="/en", jenis="artikel")
            self.assertContains(response, "More than 4 results for")
            # Only the newest matches are ranked (one more than the cap, to know there are
            # more), and no more than the cap is shown.
            titles = self.titles(response)
            self.assertEqual(len(titles), 4)
            self.assertNotIn("Jamban 0", titles)
        response = self.search("jamban", prefix="/en", jenis="artikel")
        self.assertContains(response, "6 results for")

    def test_the_rebuild_covers_institutions_and_programmes(self):
        SearchEntry.objects.all().delete()
        call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
        titles = self.titles(self.search("kupang"))
        self.assertIn("Dinas Kesehatan Kabupaten Kupang", titles)
        self.assertIn("PAMSIMAS Kupang Barat", titles)

    def test_the_number_of_queries_does_not_depend_on_the_data(self):
        def queries(query, user=None):
            self.client.logout()
            if user:
                self.client.force_login(user)
            with CaptureQueriesContext(connection) as context:
                self.assertEqual(self.client.get("/cari/", {"q": query}).status_code, 200)
            return len(context)

        searches = [("kupang", None), ("kupang", self.national), ("cinunuk", None)]
        small = [queries(*search) for search in searches]
        # Ten times as much of every kind, all named Kupang.
        for number in range(10):
            code = f"53.01.{10 + number}"
            district = make_region(code, f"Kupang Selatan {number}", K.DISTRICT, self.kab_kupang)
            make_region(f"{code}.2001", f"Cinunuk {number}", K.VILLAGE, district)
            GroupName.objects.create(
                working_group=self.kupang_group, name=f"Pokja Kupang {number}", kind="ampl"
            )
            Institution.objects.create(
                name=f"Lembaga Kupang {number}", category="lsm", region=self.kab_kupang
            )
            make_programme(self.kupang_group, f"Program Kupang {number}", [district])
            make_post(self.kupang_group, f"Berita Kupang {number}", "Isi.")
            make_article(self.kupang_group, f"Artikel Kupang {number}", "Isi.", is_public=True)
        self.assertEqual([queries(*search) for search in searches], small)
        # A visitor: regions and groups (2), the ids and counts of institutions, programmes
        # and the rest (1), their entries, the provinces of the filter; on PostgreSQL the
        # words' shares.
        self.assertEqual(small[0], 5 + shares_queries())


def test_the_demo_finds_both_working_groups_of_kupang(demo, client, django_assert_max_num_queries):
    """The acceptance case, on the demo data (regions down to kabupaten/kota)."""
    both = {"Pokja AMPL Kabupaten Kupang", "Pokja PKP Kota Kupang"}
    for query in ["kupang", "Kupang", "Kabupaten Kupang", "Kab. Kupang", "Kota Kupang"]:
        with django_assert_max_num_queries(5 + shares_queries()):
            response = client.get("/cari/", {"q": query})
        sections = response.context["sections"]
        places = [place.title for s in sections if s.places for place in s.items]
        assert set(places[:2]) == both, query
    content = response.content.decode()
    assert 'href="/pokja/53.01/"' in content
    assert 'href="/pokja/53.71/"' in content
