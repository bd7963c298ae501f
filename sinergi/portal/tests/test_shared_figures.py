"""The directory, the compliance overview and the home page read the nation's figures from the
shared cache (lib/cache.py): their query counts do not grow with the regions, whether the cache is
cold or warm, the directory reverses no address per row, and a write shows at once."""

import datetime
from unittest import mock

import pytest
from django import urls
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sinergi.decrees.models import Decree
from sinergi.lib.cache import invalidate
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, make_region

YEAR = datetime.timedelta(days=365)


def decree(group, number="1/2026", valid_until=None):
    today = timezone.localdate()
    return Decree.objects.create(
        working_group=group,
        number=number,
        signatory="Bupati",
        signed_on=today - YEAR,
        valid_from=today - YEAR,
        valid_until=valid_until or today + YEAR,
    )


class QueryCountTestCase(BaseTestCase):
    """Each page measured cold (its figures computed afresh: a test's own writes are never
    cached), with 5 and then 17 provinces and kabupaten/kota; warm below."""

    def grow(self):
        for n in range(1, 13):
            region = make_region(f"53.{n + 10}", f"Kabupaten {n}", Region.Kind.REGENCY, self.ntt)
            if n % 2:
                decree(WorkingGroup.objects.create(region=region, name=f"Pokja {n}"), f"{n}/2026")

    def counts(self, url):
        """The queries of `url` with its figures computed afresh."""
        invalidate("groups", "values", "plans")
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_the_directory(self):
        small = self.counts("/pokja/")
        self.grow()
        self.assertEqual(self.counts("/pokja/"), small)
        self.assertEqual(small, 11)  # 2 for the rows, 9 for the activeness index

    def test_the_directory_map_data_and_api(self):
        paths = ["/pokja/peta.json", "/api/directory/"]
        small = [self.counts(path) for path in paths]
        self.grow()
        self.assertEqual([self.counts(path) for path in paths], small)

    def test_the_compliance_overview(self):
        self.client.force_login(self.national)
        small = self.counts("/kepatuhan/")
        self.grow()
        self.assertEqual(self.counts("/kepatuhan/"), small)

    def test_the_home_page(self):
        small = self.counts("/")
        self.grow()
        self.assertEqual(self.counts("/"), small)

    def test_the_directory_reverses_no_address_per_row(self):
        def reversals():
            with mock.patch.object(urls, "reverse", wraps=urls.reverse) as reverse:
                self.client.get("/pokja/")
            return reverse.call_count

        small = reversals()
        self.grow()
        self.assertEqual(reversals(), small)


class WriteShowsAtOnceTestCase(BaseTestCase):
    """In one test client, without clearing the cache: the second request of each page reads
    the figures the first one stored, and a write changes them right away."""

    def test_a_new_group_and_decree_show_on_the_home_page_and_directory(self):
        r = self.client.get("/")
        self.assertEqual(r.context["status_summary"]["by_value"]["group"].total.count, 4)
        self.client.get("/pokja/")
        group = WorkingGroup.objects.create(region=self.kota_bandung, name="Pokja Kota Bandung")
        r = self.client.get("/")
        self.assertEqual(r.context["status_summary"]["by_value"]["group"].total.count, 5)
        self.assertEqual(r.context["status_summary"]["by_value"]["valid"].total.count, 0)
        self.assertContains(self.client.get("/pokja/"), "Pokja Kota Bandung")
        decree(group)
        r = self.client.get("/")
        self.assertEqual(r.context["status_summary"]["by_value"]["valid"].total.count, 1)

    def test_a_new_decree_shows_in_the_compliance_overview(self):
        self.client.force_login(self.national)
        r = self.client.get("/kepatuhan/")
        self.assertNotContains(r, "77/2026")
        decree(self.kupang_group, "77/2026")
        self.assertContains(self.client.get("/kepatuhan/"), "77/2026")


# Outside a test transaction the figures are really stored and read back, and a committed write
# makes the next request compute them again.


@pytest.fixture
def regions(transactional_db):
    nation = make_region("ID", "Indonesia", Region.Kind.NATION, None)
    jabar = make_region("32", "Jawa Barat", Region.Kind.PROVINCE, nation)
    make_region("32.04", "Kabupaten Bandung", Region.Kind.REGENCY, jabar)
    return jabar


def summary(client):
    r = client.get("/")
    return {v: line.total.count for v, line in r.context["status_summary"]["by_value"].items()}


def test_the_home_figures_are_stored_and_dropped_by_a_write(regions, django_assert_num_queries):
    client = Client()
    assert summary(client)["group"] == 0
    with django_assert_num_queries(2):  # the latest news and documents
        assert summary(client)["group"] == 0
    group = WorkingGroup.objects.create(region=regions, name="Pokja AMPL Jawa Barat")
    assert summary(client)["group"] == 1
    assert summary(client)["forming"] == 1
    decree(group)
    counts = summary(client)
    assert (counts["valid"], counts["forming"]) == (1, 0)


def test_the_directory_is_stored_and_dropped_by_a_write(regions, django_assert_num_queries):
    client = Client()
    client.get("/pokja/")
    with django_assert_num_queries(0):
        client.get("/pokja/")
    WorkingGroup.objects.create(region=regions, name="Pokja AMPL Jawa Barat")
    r = client.get("/pokja/")
    assert b"Pokja AMPL Jawa Barat" in r.content
    assert client.get("/api/directory/").json()[0]["working_group"] == "Pokja AMPL Jawa Barat"


WARM = {
    "/": 2,  # the latest news and documents
    "/pokja/": 0,
    "/pokja/peta.json": 0,
    "/api/directory/": 0,
    "/keaktifan/": 1,  # the provinces of the filter
    "/pokja/32/": 9,  # the group's own roster, decrees, plan, names, history and regencies
}


def warm_counts(client):
    result = {}
    for url in WARM:
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        result[url] = len(queries)
    return result


def test_warm_pages_cost_the_same_with_more_regions(regions):
    client = Client()
    WorkingGroup.objects.create(region=regions, name="Pokja AMPL Jawa Barat")
    assert warm_counts(client) == WARM
    for n in range(1, 13):
        region = make_region(f"32.{n + 10}", f"Kabupaten {n}", Region.Kind.REGENCY, regions)
        decree(WorkingGroup.objects.create(region=region, name=f"Pokja {n}"), f"{n}/2026")
    assert warm_counts(client) == WARM
