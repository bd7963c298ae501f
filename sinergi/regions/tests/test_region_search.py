from django.db import connection

from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, make_region

URL = "/wilayah/cari/"


class RegionSearchTestCase(BaseTestCase):
    """The suggestions of the region picker: public, scoped, short, and never a 500."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        K = Region.Kind
        for n in range(1, 26):
            make_region(f"32.04.05.{2100 + n}", f"Sukamulya {n:02d}", K.VILLAGE, cls.cileunyi)
        cls.kupang_district = make_region("53.01.01", "Semau", K.DISTRICT, cls.kab_kupang)
        make_region("53.01.01.2001", "Sukamulya Timur", K.VILLAGE, cls.kupang_district)

    def results(self, query, status=200):
        r = self.client.get(URL + query)
        self.assertEqual(r.status_code, status, r.content)
        return r.json()["results"] if status == 200 else r.json()

    def test_anyone_gets_names_with_their_parents_and_codes(self):
        self.assertEqual(
            self.results("?q=cinu"),
            [
                {
                    "code": "32.04.05.2001",
                    "name": "Cinunuk",
                    "level": 4,
                    "label": "Cinunuk — Kec. Cileunyi, Kab. Bandung (32.04.05.2001)",
                }
            ],
        )

    def test_it_finds_kabupaten_and_kota_by_the_name_alone_or_abbreviated(self):
        labels = [r["label"] for r in self.results("?q=Bandung")]
        self.assertEqual(
            labels, ["Kabupaten Bandung — Jawa Barat (32.04)", "Kota Bandung — Jawa Barat (32.73)"]
        )
        self.assertEqual([r["code"] for r in self.results("?q=Kab.+Band")], ["32.04"])
        self.assertEqual([r["code"] for r in self.results("?q=Kec.+Cil")], ["32.04.05"])

    def test_it_searches_below_a_region_and_at_one_level(self):
        everywhere = self.results("?q=Sukamulya+T")
        self.assertEqual([r["code"] for r in everywhere], ["53.01.01.2001"])
        self.assertEqual(self.results("?q=Sukamulya+T&di=32.04"), [])
        self.assertEqual([r["code"] for r in self.results("?q=cil&di=32")], ["32.04.05"])
        self.assertEqual(self.results("?q=cil&di=32&tingkat=4"), [])
        self.assertEqual(self.results("?q=cil&di=99"), [])

    def test_it_finds_codes_by_their_beginning(self):
        codes = [r["code"] for r in self.results("?q=32.04.05.20")]
        self.assertEqual(codes, ["32.04.05.2001"])

    def test_it_answers_at_most_twenty_in_one_query(self):
        with self.assertNumQueries(1):
            results = self.results("?q=suka&di=32.04&tingkat=4")
        self.assertEqual(len(results), 20)
        self.assertEqual(results[0]["name"], "Sukamulya 01")

    def test_too_short_or_wildcard_texts_find_nothing(self):
        with self.assertNumQueries(0):
            self.assertEqual(self.results("?q=c"), [])
        self.assertEqual(self.results(""), [])
        self.assertEqual(self.results("?q=%25%25"), [])
        self.assertEqual(self.results("?q=__"), [])

    def test_bad_parameters_are_a_400(self):
        for query in (
            "?q=cinu&di=32.4",
            "?q=cinu&di=x",
            "?q=cinu&tingkat=9",
            "?q=cinu&tingkat=0",
            "?q=cinu&tingkat=desa",
            "?q=" + "a" * 201,
        ):
            with self.subTest(query):
                self.assertIn("errors", self.results(query, status=400))

    def test_it_is_read_only(self):
        self.assertEqual(self.client.post(URL, {"q": "cinu"}).status_code, 405)

    def test_names_are_indexed_for_the_search(self):
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, "regions_region")
        self.assertIn("region_name_search", constraints)
