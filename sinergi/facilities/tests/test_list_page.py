"""The facility list at every level: a page of facilities with filters kept across pages, and
a summary of the rest (counts by region with links to the filtered list, a short list of those
needing attention) in the same queries whatever the number of facilities (issue 18)."""

import datetime
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sinergi.facilities.models import Facility, Inspection
from sinergi.facilities.tests.base import FacilityTestCase, facility, inspect

S = Inspection.Status


class ListPageTestCase(FacilityTestCase):
    def add(self, count, village=None, start=0):
        today = timezone.localdate()
        for i in range(start, start + count):
            built = facility(f"MCK {i:02}", village or self.cinunuk, kind="mck")
            if i % 3:
                inspect(built, today, S.NOT_WORKING if i % 2 else S.WORKING, "Rusak")

    def base_needing_attention(self, names=False):
        base = Facility.objects.filter(pk__in=[self.spam.pk, self.ipal.pk])
        base = base.needing_attention(timezone.localdate())
        return list(base) if names else base.count()

    def test_the_national_page_takes_the_same_queries_whatever_the_number(self):
        self.client.force_login(self.national)
        cache.clear()
        with CaptureQueriesContext(connection) as few:
            self.client.get("/pokja/ID/sarana/")
        self.add(12, self.kupang_village)
        self.add(12, self.cileunyi_kulon, start=20)
        cache.clear()
        with self.assertNumQueries(len(few)):
            response = self.client.get("/pokja/ID/sarana/")
        stats = response.context["stats"]
        self.assertEqual([share.key for share in stats.by_region], ["32", "53"])

    @mock.patch("sinergi.facilities.views.PAGE_SIZE", 5)
    def test_the_list_is_paginated_and_the_pages_keep_the_filters(self):
        self.add(12)
        self.client.force_login(self.regency)
        response = self.client.get("/pokja/32.04/sarana/", {"jenis": "mck", "page": 2})
        self.assertEqual([row[0].name for row in response.context["rows"]][0], "MCK 05")
        self.assertEqual(len(response.context["rows"]), 5)
        self.assertContains(response, 'href="?jenis=mck&amp;page=3"')
        self.assertContains(response, 'href="?jenis=mck&amp;page=1"')
        self.assertEqual(response.context["page"].paginator.count, 12)

    def test_the_summary_counts_each_region_below_with_links(self):
        self.add(4, self.kupang_village)
        self.client.force_login(self.national)
        response = self.client.get("/pokja/ID/sarana/")
        kupang = next(s for s in response.context["stats"].by_region if s.key == "53")
        # MCK 00 and 03 never inspected, MCK 01 not working, MCK 02 working.
        self.assertEqual((kupang.total, kupang.not_working, kupang.attention), (4, 1, 3))
        self.assertContains(response, 'href="?wilayah=53&amp;status=tidak_berfungsi">1</a>')
        self.assertContains(response, 'href="?wilayah=53&amp;status=perhatian">3</a>')

    def test_the_links_of_the_summary_filter_the_list(self):
        self.add(4, self.kupang_village)
        old = facility("Sumur Bor Lama", self.cinunuk, kind=Facility.Kind.BORE_WELL)
        inspect(old, timezone.localdate() - datetime.timedelta(days=400), S.WORKING)
        self.client.force_login(self.national)

        def names(**query):
            response = self.client.get("/pokja/ID/sarana/", query)
            return sorted(row[0].name for row in response.context["rows"])

        self.assertEqual(names(wilayah="53", status="tidak_berfungsi"), ["MCK 01"])
        self.assertEqual(names(wilayah="53", status="perhatian"), ["MCK 00", "MCK 01", "MCK 03"])
        # With the two of the base once their inspection of mid-2025 is a year old.
        base = sorted(f.name for f in self.base_needing_attention(names=True))
        self.assertEqual(names(wilayah="32", status="perhatian"), [*base, "Sumur Bor Lama"])
        self.assertEqual(len(names(wilayah="32.04.05")), 3)

    @mock.patch("sinergi.facilities.stats.ATTENTION_SHOWN", 3)
    def test_it_names_a_few_needing_attention_and_links_to_all(self):
        self.add(12)
        self.client.force_login(self.regency)
        response = self.client.get("/pokja/32.04/sarana/")
        self.assertEqual(len(response.context["stats"].attention), 3)
        # 4 never inspected, 4 not working, and the two of the base if inspected too long ago.
        stale = self.base_needing_attention()
        self.assertEqual(response.context["stats"].overall.attention, 8 + stale)
        self.assertContains(response, 'href="?status=perhatian" id="all-attention"')

    @mock.patch("sinergi.facilities.views.MAP_MAX_POINTS", 3)
    def test_a_long_list_has_no_map(self):
        self.client.force_login(self.regency)
        self.assertContains(self.client.get("/pokja/32.04/sarana/"), 'id="facility-map"')
        self.add(2)
        response = self.client.get("/pokja/32.04/sarana/")
        self.assertNotContains(response, 'id="facility-map"')
        self.assertContains(response, 'id="map-too-many"')
