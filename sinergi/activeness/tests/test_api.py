"""The activeness index in the API: open data, counts only."""

from sinergi.activeness.tests.base import ActivenessTestCase, valid_decree
from sinergi.lib.cache import invalidate
from sinergi.test import add_member


class ActivenessApiTestCase(ActivenessTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        valid_decree(cls.bandung_group, "2000-01-01", "2099-12-31")
        add_member(cls.bandung_group, "Dadang Suherman", institution=cls.bappeda)

    def test_a_visitor_reads_the_ranking_of_every_group(self):
        r = self.client.get("/api/activeness/")
        self.assertEqual(r.status_code, 200)
        rows = r.json()
        self.assertEqual([row["code"] for row in rows], ["32.04", "32", "53", "53.01"])
        first = rows[0]
        self.assertEqual(first["index"], 26)
        self.assertEqual(first["rank"], 1)
        self.assertEqual(first["working_group"], "Pokja AMPL Kabupaten Bandung")
        self.assertEqual((first["level"], first["province"]), (2, "32"))
        self.assertEqual(first["points"]["decree"], 15)
        self.assertEqual(first["points"]["core"], 1)
        self.assertEqual(
            set(first["points"]),
            {"decree", "core", "plan", "meetings", "actions", "posts", "data", "facilities"},
        )
        self.assertNotIn("Dadang", r.content.decode())

    def test_filters_by_province_and_level(self):
        codes = [row["code"] for row in self.client.get("/api/activeness/?province=32").json()]
        self.assertEqual(codes, ["32.04", "32"])
        codes = [row["code"] for row in self.client.get("/api/activeness/?level=1").json()]
        self.assertEqual(codes, ["32", "53"])
        codes = [
            row["code"] for row in self.client.get("/api/activeness/?province=53&level=2").json()
        ]
        self.assertEqual(codes, ["53.01"])

    def test_bad_filters_get_a_clear_message(self):
        r = self.client.get("/api/activeness/?province=99&level=3")
        self.assertEqual(r.status_code, 400)
        self.assertEqual(r.json()["province"], ["Tidak ada provinsi dengan kode 99."])
        self.assertEqual(r.json()["level"], ["1 untuk provinsi atau 2 untuk kabupaten dan kota."])
        r = self.client.get("/api/activeness/?province=32.04")
        self.assertEqual(r.status_code, 400)

    def test_one_group_with_its_components(self):
        r = self.client.get("/api/activeness/32.04/")
        self.assertEqual(r.status_code, 200)
        data = r.json()
        self.assertEqual(data["index"], 26)
        components = {c["key"]: c for c in data["components"]}
        self.assertEqual(len(components), 8)
        self.assertEqual(components["core"]["points"], 1)
        self.assertEqual(components["core"]["max"], 10)
        self.assertEqual(components["core"]["url"], "/pokja/32.04/anggota/")
        self.assertIn("1 dari 10 fungsi inti", components["core"]["evidence"])
        self.assertEqual(components["decree"]["next_step"], "")
        self.assertEqual(components["meetings"]["role"], "Koordinasi")
        for code in ("32.73", "ID", "99"):
            with self.subTest(code=code):
                self.assertEqual(self.client.get(f"/api/activeness/{code}/").status_code, 404)

    def test_the_query_count_is_fixed(self):
        with self.assertNumQueries(9):
            self.client.get("/api/activeness/")
        with self.assertNumQueries(1):  # whether the province exists; the index is cached
            self.client.get("/api/activeness/?province=32")
        invalidate("meetings")  # as a new meeting would
        with self.assertNumQueries(10):
            self.client.get("/api/activeness/?province=32")

    def test_the_schema_lists_the_endpoints(self):
        paths = self.client.get("/api/schema/", headers={"Accept": "application/json"}).json()[
            "paths"
        ]
        self.assertIn("/api/activeness/", paths)
        self.assertIn("/api/activeness/{code}/", paths)
