from sinergi.test import BaseTestCase


class RegionsApiTestCase(BaseTestCase):
    def test_visitor_lists_regions_paginated(self):
        r = self.client.get("/api/regions/")
        self.assertEqual(r.status_code, 200)
        body = r.json()
        self.assertEqual(body["count"], 8)
        self.assertEqual(
            body["results"][0],
            {"code": "32", "name": "Jawa Barat", "level": 1, "kind": "provinsi", "parent": "ID"},
        )

    def test_it_filters_by_level_and_parent(self):
        provinces = self.client.get("/api/regions/?level=1").json()["results"]
        self.assertEqual([p["code"] for p in provinces], ["32", "53"])
        below = self.client.get("/api/regions/?parent=32").json()["results"]
        self.assertEqual([p["code"] for p in below], ["32.04", "32.73"])

    def test_a_bad_filter_is_a_clear_400(self):
        r = self.client.get("/api/regions/?level=9")
        self.assertEqual(r.status_code, 400)
        self.assertIn("level", r.json())

    def test_page_size_is_bounded(self):
        r = self.client.get("/api/regions/?page_size=2&page=2")
        self.assertEqual([p["code"] for p in r.json()["results"]], ["32.04.05", "32.04.05.2001"])
        self.assertEqual(self.client.get("/api/regions/?page=99").status_code, 404)

    def test_detail_by_code(self):
        r = self.client.get("/api/regions/32.04.05.2001/")
        self.assertEqual(r.json()["name"], "Cinunuk")
        self.assertEqual(self.client.get("/api/regions/99/").status_code, 404)

    def test_regions_are_read_only(self):
        self.client.force_login(self.national)
        self.assertEqual(self.client.delete("/api/regions/32/").status_code, 405)

    def test_query_count_is_constant(self):
        with self.assertNumQueries(2):
            self.client.get("/api/regions/?page_size=1000")
