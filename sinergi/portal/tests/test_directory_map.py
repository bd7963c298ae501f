import datetime
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from sinergi.decrees.models import Decree, LegalStatus
from sinergi.pokja.models import WorkingGroup
from sinergi.portal.directory import coverage
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, make_region

# The seven kabupaten/kota without a shape in the boundary data, drawn as circles instead.
UNSHAPED = ["12.73", "12.76", "13.74", "13.75", "31.01", "33.71", "35.76"]


def decree(group, valid_from, valid_until):
    return Decree.objects.create(
        working_group=group,
        number=f"SK {group.pk}/{valid_from.year}",
        signed_on=valid_from,
        signatory="Bupati",
        valid_from=valid_from,
        valid_until=valid_until,
    )


class DirectoryMapDataTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        today = timezone.localdate()
        year = datetime.timedelta(days=365)
        decree(cls.bandung_group, today - year, today + year)
        decree(cls.kupang_group, today - 2 * year, today - year)

    def get_data(self, query=""):
        r = self.client.get(f"/pokja/peta.json?{query}")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/json")
        return r.json()

    def test_a_visitor_needs_no_login(self):
        r = self.client.get("/pokja/peta.json")
        self.assertEqual(r.status_code, 200)

    def test_it_is_cached_publicly_for_five_minutes(self):
        r = self.client.get("/pokja/peta.json")
        directives = {d.strip() for d in r["Cache-Control"].split(",")}
        self.assertEqual(directives, {"public", "max-age=300"})

    def test_it_gives_every_region_its_status_group_and_profile(self):
        regions = self.get_data()["regions"]
        self.assertEqual(list(regions), ["32", "32.04", "32.73", "53", "53.01"])
        self.assertEqual(
            regions["32.04"],
            {
                "name": "Kabupaten Bandung",
                "level": 2,
                "status": "active",
                "status_label": str(LegalStatus.ACTIVE.label),
                "group": "Pokja AMPL Kabupaten Bandung",
                "url": "/pokja/32.04/",
                # A valid decree (15) and the neutral half of action items and facilities (10).
                "activeness": 25,
                "activeness_url": "/pokja/32.04/keaktifan/",
            },
        )
        self.assertEqual(regions["53.01"]["status"], "expired")
        self.assertEqual(regions["32"]["status"], "forming")
        self.assertEqual(regions["32"]["level"], 1)
        self.assertEqual(regions["32.73"]["status"], "none")
        self.assertIsNone(regions["32.73"]["group"])
        self.assertIsNone(regions["32.73"]["activeness"])

    def test_it_speaks_the_language_of_its_address(self):
        r = self.client.get("/en/pokja/peta.json")
        regions = r.json()["regions"]
        self.assertEqual(regions["32.04"]["status_label"], "Valid decree")
        self.assertEqual(regions["53.01"]["status_label"], "Decree expired")
        self.assertEqual(regions["32.04"]["url"], "/en/pokja/32.04/")

    def test_it_selects_the_same_regions_as_the_list(self):
        for query in [
            "",
            "provinsi=32",
            "status=forming",
            "status=active",
            "jenis=ppas",
            "q=bandung",
        ]:
            with self.subTest(query=query):
                page = self.client.get(f"/pokja/?{query}").context
                data = self.get_data(query)
                self.assertEqual(list(data["regions"]), [row.code for row in page["rows"]])
                self.assertEqual(data["counts"], page["coverage"])
                self.assertEqual(data["counts"], coverage(page["rows"]))

    def test_the_province_filter_keeps_that_province_only(self):
        data = self.get_data("provinsi=32")
        self.assertEqual(list(data["regions"]), ["32", "32.04", "32.73"])
        self.assertEqual(
            data["counts"],
            {
                "provinces": {"total": 1, "with_group": 1, "active": 0},
                "regencies": {"total": 2, "with_group": 1, "active": 1},
            },
        )

    def test_the_status_filter_counts_like_the_list(self):
        data = self.get_data("status=forming")
        self.assertEqual(list(data["regions"]), ["32", "53"])
        self.assertEqual(data["counts"]["provinces"], {"total": 2, "with_group": 2, "active": 0})
        self.assertEqual(data["counts"]["regencies"], {"total": 0, "with_group": 0, "active": 0})

    def test_invalid_filters_are_ignored_as_in_the_list(self):
        data = self.get_data("provinsi=99&status=bogus")
        self.assertEqual(len(data["regions"]), 5)

    def test_query_count_does_not_grow_with_regions(self):
        # 2 for the rows, 9 for the activeness index of every group (sinergi/activeness).
        with self.assertNumQueries(11):
            self.get_data()
        today = timezone.localdate()
        jatim = make_region("35", "Jawa Timur", Region.Kind.PROVINCE, self.nation)
        for n in range(1, 6):
            region = make_region(f"35.{n:02}", f"Kabupaten {n}", Region.Kind.REGENCY, jatim)
            decree(WorkingGroup.objects.create(region=region, name=f"Pokja {n}"), today, today)
        with self.assertNumQueries(11):
            data = self.get_data()
        self.assertEqual(data["counts"]["regencies"]["active"], 6)


class DirectoryMapPartialTestCase(BaseTestCase):
    def test_the_directory_page_carries_the_map_with_its_filters(self):
        r = self.client.get("/pokja/?provinsi=32&status=active")
        self.assertContains(r, 'id="coverage-map"')
        self.assertContains(r, 'data-data-url="/pokja/peta.json?provinsi=32&amp;status=active"')
        self.assertContains(r, "/static/vendor/leaflet/leaflet.js")
        self.assertContains(r, "/static/js/directory-map.js")
        html = r.content.decode()  # the shared constants load first
        self.assertLess(html.index("/static/js/map-common.js"), html.index("js/directory-map.js"))
        self.assertContains(r, "/static/data/boundaries/maps/kabupaten-kota/32.geojson")
        self.assertContains(r, "<noscript>")

    def test_its_strings_are_valid_json(self):
        r = self.client.get("/en/pokja/")
        attribute = re.search(r"data-i18n='([^']*)'", r.content.decode())
        strings = json.loads(attribute.group(1))
        self.assertEqual(strings["expired"], "Decree expired")
        self.assertIn("Badan Informasi Geospasial", strings["attribution"])
        self.assertIn("Ardian Saputra Hasibuan", strings["attribution"])


class DirectoryMapAssetsTestCase(BaseTestCase):
    def read(self, path):
        found = finders.find(path)
        self.assertIsNotNone(found, path)
        return Path(found).read_text(encoding="utf-8")

    def test_leaflet_ships_with_its_licence(self):
        self.assertIn('version="1.9.4"', self.read("vendor/leaflet/leaflet.js"))
        self.assertIn(".leaflet-pane", self.read("vendor/leaflet/leaflet.css"))
        self.assertIn("BSD 2-Clause", self.read("vendor/leaflet/LICENSE"))
        self.assertIsNotNone(finders.find("vendor/leaflet/images/layers.png"))

    def test_the_boundaries_ship_with_their_licence_notice(self):
        readme = self.read("data/boundaries/README.md")
        self.assertIn("MIT", readme)
        self.assertIn("Ardian Saputra Hasibuan", readme)
        self.assertIn("Badan Informasi Geospasial", readme)

    def test_the_boundaries_have_a_code_for_every_shape(self):
        provinces = json.loads(self.read("data/boundaries/provinces-38.geojson"))
        regencies = json.loads(self.read("data/boundaries/kabupaten-kota.geojson"))
        province_codes = {f["properties"]["code"] for f in provinces["features"]}
        regency_codes = {f["properties"]["code"] for f in regencies["features"]}
        self.assertEqual(len(provinces["features"]), 38)
        self.assertEqual(len(province_codes), 38)
        self.assertTrue(all(re.fullmatch(r"\d\d", c) for c in province_codes))
        self.assertEqual(len(regencies["features"]), 507)
        self.assertEqual(len(regency_codes), 507)
        self.assertTrue(all(re.fullmatch(r"\d\d\.\d\d", c) for c in regency_codes))
        self.assertTrue(all(c[:2] in province_codes for c in regency_codes))
        self.assertFalse(regency_codes & set(UNSHAPED))

    def test_the_script_places_every_region_without_a_shape(self):
        script = self.read("js/map-common.js")  # shared by the three maps
        for code in UNSHAPED:
            self.assertIn(f'"{code}": [', script)


def _is_local(url, base):
    return url.startswith("data:") or urlparse(url).netloc == urlparse(base).netloc


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_map_draws_every_region_with_its_legend_and_no_outside_request(live_server, demo, page):
    errors, outside = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda r: _is_local(r.url, live_server.url) or outside.append(r.url))

    page.goto(live_server.url + "/en/pokja/")
    shapes = page.locator("#coverage-map path.leaflet-interactive")
    shapes.first.wait_for()
    # Every kabupaten/kota is in the unfiltered list: 507 shapes and 7 circles.
    assert shapes.count() == 514
    assert page.get_by_role("region", name=re.compile("^Coverage map")).is_visible()
    legend = page.locator(".map-legend")
    assert legend.is_visible()
    assert "Decree expired" in legend.inner_text()
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert "Badan Informasi Geospasial" in attribution
    assert "Ardian Saputra Hasibuan" in attribution

    page.goto(live_server.url + "/en/pokja/?provinsi=32")
    page.locator("#coverage-map path.leaflet-interactive").first.wait_for()
    # Jawa Barat's 18 kabupaten and 9 kota; the rest of the country is drawn but inert.
    assert page.locator("#coverage-map path.leaflet-interactive").count() == 27
    assert "Not in the selection" in page.locator(".map-legend").inner_text()
    assert errors == []
    assert outside == []
