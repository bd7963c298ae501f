"""The dashboards and their map from the shared cache (issue 18, item 3): computed once, served
to every reader of the same visibility until a value is written, and never showing a draft to
a reader who may not see it.

In a test everything runs inside the test's transaction, which never commits: lib/cache.py then
computes without storing once a topic was written in it. `served()` clears that mark, as a
worker answering after the commit would see it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.lib import cache as shared
from sinergi.monitoring.tests.base import MonitoringTestCase, value
from sinergi.monitoring.values import ValueRow, write_values
from sinergi.regions.models import Region
from sinergi.test import form_values, make_region

PROVINCE = "/pemantauan/32/?indikator=am-layak&tahun=2024"
MAP = "/pemantauan/peta.json?indikator=am-layak&tahun=2024&wilayah=32"
# Jawa Barat in 2024: 85,66% of the verified values; 85,63% with Kota Bandung's draft (10 of
# 1,000 households).
PUBLISHED, WITH_DRAFT = "85,66%", "85,63%"


def served():
    shared.forget_pending()


class DashboardCacheTestCase(MonitoringTestCase):
    def setUp(self):
        super().setUp()
        served()

    def warm_queries(self, url):
        self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            r = self.client.get(url)
        self.assertEqual(r.status_code, 200)
        return r, [q["sql"] for q in queries.captured_queries]

    def test_a_dashboard_is_served_from_the_cache_without_reading_values(self):
        r, queries = self.warm_queries(PROVINCE)
        self.assertContains(r, PUBLISHED)
        self.assertNotIn("monitoring_", " ".join(queries))
        self.assertEqual(len(queries), 2)  # the region and its ancestors

    def test_the_cached_page_costs_the_same_queries_for_more_data(self):
        _r, few = self.warm_queries("/pemantauan/")
        jatim = make_region("35", "Jawa Timur", Region.Kind.PROVINCE, self.nation)
        for n in range(1, 8):
            regency = make_region(f"35.{n:02}", f"Kabupaten {n}", Region.Kind.REGENCY, jatim)
            for year in (2022, 2023, 2024):
                value(self.water, regency, year, 500 + n, 1_000)
        served()
        r, many = self.warm_queries("/pemantauan/")
        self.assertContains(r, "Jawa Timur")
        self.assertEqual(len(many), len(few))
        _r, few = self.warm_queries("/pemantauan/peta.json?indikator=am-layak&tahun=2024")
        self.assertEqual(len(few), 1)  # the region

    def test_a_value_saved_changes_the_dashboard_at_once(self):
        self.client.force_login(self.provincial)
        url = "/pemantauan/32/?indikator=am-layak&tahun=2023"
        self.assertNotContains(self.client.get(url), "50,00%")
        self.assertNotContains(self.client.get(url), "50,00%")  # now from the cache
        row = ValueRow("am-layak", "32.73", 2023, numerator="500", denominator="1000")
        summary, problems = write_values([row], self.provincial)
        self.assertEqual(problems, [])
        served()
        self.assertContains(self.client.get(url), "50,00%")  # Kota Bandung, a draft in scope

    def test_verifying_a_draft_shows_it_to_visitors_at_once(self):
        self.assertContains(self.client.get(PROVINCE), PUBLISHED)
        self.assertContains(self.client.get(PROVINCE), PUBLISHED)  # from the cache
        self.assertIsNone(self.client.get(MAP).json()["regions"]["32.73"]["value"])
        self.client.force_login(self.provincial)
        page = "/pokja/32.73/data/verifikasi/?tahun=2024&indikator=am-layak"
        r = self.client.post(page, form_values(self.client.get(page)))
        self.assertEqual(r.status_code, 302)
        self.client.logout()
        served()
        self.assertContains(self.client.get(PROVINCE), WITH_DRAFT)
        self.assertEqual(self.client.get(MAP).json()["regions"]["32.73"]["value"], 1.0)

    def test_a_draft_cached_for_its_scope_is_never_shown_to_a_visitor(self):
        self.client.force_login(self.provincial)
        self.assertContains(self.client.get(PROVINCE), WITH_DRAFT)
        self.assertEqual(self.client.get(MAP).json()["regions"]["32.73"]["value"], 1.0)
        for reader in (None, self.outsider):
            with self.subTest(reader=reader):
                self.client.logout()
                if reader:
                    self.client.force_login(reader)
                r = self.client.get(PROVINCE)
                self.assertContains(r, PUBLISHED)
                self.assertNotContains(r, WITH_DRAFT)
                self.assertNotContains(r, "Draft values included.")
                data = self.client.get(MAP).json()
                self.assertIsNone(data["regions"]["32.73"]["value"])
                self.assertFalse(data["drafts"])

    def test_what_a_visitor_was_served_is_not_what_the_scope_sees(self):
        self.assertContains(self.client.get(PROVINCE), PUBLISHED)
        self.client.get(MAP)
        self.client.force_login(self.provincial)
        self.assertContains(self.client.get(PROVINCE), WITH_DRAFT)
        self.assertEqual(self.client.get(MAP).json()["regions"]["32.73"]["value"], 1.0)

    def test_each_language_has_its_own_page(self):
        self.assertContains(self.client.get(PROVINCE), PUBLISHED)
        r = self.client.get(f"/en{PROVINCE}")
        self.assertContains(r, "85.66%")
        self.assertContains(r, "3 of 4 regencies and cities reported")
        self.assertEqual(self.client.get(f"/en{MAP}").json()["regions"]["32.01"]["label"], "87.50%")
