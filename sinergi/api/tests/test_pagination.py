"""Pages of API lists stay cheap at any size: the count stops at EXACT_COUNT rows and is
estimated beyond, pages go on as long as rows exist, and the values list reads its rows in
the order of an index."""

from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.api import pagination
from sinergi.monitoring.models import DataValue, Indicator
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase


class ValuesPagesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.water = Indicator.objects.create(
            code="am-layak",
            name_id="Akses air minum layak",
            name_en="Adequate water",
            unit="persen",
            sector="air_minum",
            aggregation="rasio",
            denominator_label="rumah tangga",
            source="BPS",
        )
        cls.villages = list(Region.objects.filter(level=Region.Level.VILLAGE).order_by("code")[:2])
        cls.regions = [cls.kab_bandung, cls.kota_bandung, cls.kab_kupang, *cls.villages]

    def add_values(self, count, start_year=2001):
        """`count` verified values, over the regions and the years from `start_year`."""
        for n in range(count):
            DataValue.objects.create(
                indicator=self.water,
                region=self.regions[n % len(self.regions)],
                year=start_year + n // len(self.regions),
                source="bps_susenas",
                numerator=50,
                denominator=100,
                value=50,
                status="terverifikasi",
            )

    def test_the_queries_of_a_page_do_not_grow_with_the_values(self):
        self.add_values(3)
        with CaptureQueriesContext(connection) as small:
            body = self.client.get("/api/data-values/").json()
        self.assertEqual(body["count"], 3)
        self.add_values(9, start_year=2010)
        with self.assertNumQueries(len(small)):
            body = self.client.get("/api/data-values/").json()
        self.assertEqual((body["count"], len(body["results"])), (12, 12))

    def test_beyond_the_exact_count_the_pages_go_on_to_the_last_row(self):
        self.add_values(12)
        with mock.patch.object(pagination, "EXACT_COUNT", 5):
            with CaptureQueriesContext(connection) as first:
                body = self.client.get("/api/data-values/?page_size=5").json()
            # An estimate: more than the rows counted, and on SQLite the exact number.
            self.assertGreater(body["count"], 5)
            if connection.vendor == "sqlite":
                self.assertEqual(body["count"], 12)
            # The count, its estimate and the page: three queries, whatever the size.
            self.assertEqual(len(first), 3)
            self.add_values(8, start_year=2010)
            seen, url = [], "/api/data-values/?page_size=5"
            while url:
                with self.assertNumQueries(3):
                    body = self.client.get(url).json()
                seen += [row["id"] for row in body["results"]]
                url = body["next"]
            self.assertEqual(len(seen), 20)
            self.assertEqual(len(set(seen)), 20)
            self.assertEqual(
                self.client.get("/api/data-values/?page_size=5&page=5").status_code, 404
            )

    def test_an_estimate_short_of_the_rows_still_reaches_them(self):
        self.add_values(12)
        with (
            mock.patch.object(pagination, "EXACT_COUNT", 5),
            mock.patch.object(pagination, "estimated_count", return_value=1),
        ):
            body = self.client.get("/api/data-values/?page_size=5").json()
            self.assertEqual(body["count"], 6)  # never under EXACT_COUNT + 1
            last = self.client.get("/api/data-values/?page_size=5&page=3").json()
        self.assertEqual((len(last["results"]), last["next"]), (2, None))
        self.assertIsNotNone(last["previous"])

    def test_values_come_in_the_order_of_their_key(self):
        self.add_values(10)
        rows = self.client.get("/api/data-values/").json()["results"]
        stored = {v.pk: v for v in DataValue.objects.all()}
        keys = [
            (stored[r["id"]].indicator_id, stored[r["id"]].region_id, r["year"], r["period"])
            for r in rows
        ]
        self.assertEqual(keys, sorted(keys))
        self.assertEqual(len(keys), 10)

    def test_below_a_region_takes_the_values_of_the_regions_under_it(self):
        self.add_values(10)
        rows = self.client.get("/api/data-values/?below=32").json()["results"]
        self.assertEqual(
            {r["region"] for r in rows},
            {"32.04", "32.73", *(v.code for v in self.villages if v.code.startswith("32."))},
        )
        self.assertNotIn("53.01", {r["region"] for r in rows})

    def test_the_schema_says_what_count_means(self):
        schema = self.client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
        page = schema["components"]["schemas"]["PaginatedDataValueList"]
        self.assertIn("estimate", page["properties"]["count"]["description"])


class EstimateTestCase(BaseTestCase):
    def test_the_estimate_is_a_number_of_rows(self):
        estimate = pagination.estimated_count(Region.objects.all())
        self.assertGreater(estimate, 0)
        if connection.vendor == "sqlite":
            self.assertEqual(estimate, Region.objects.count())
