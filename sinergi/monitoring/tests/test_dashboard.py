from html.parser import HTMLParser

from sinergi.lib.cache import invalidate
from sinergi.monitoring.models import DataValue, Target
from sinergi.monitoring.tests.base import DRAFT, MonitoringTestCase, indicator, value
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, make_region


class Charts(HTMLParser):
    """Each <svg> of a page with the tags around it, and whether each <figure> holds a table."""

    def __init__(self):
        super().__init__()
        self.stack, self.svgs, self.figures = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.svgs.append((dict(attrs), [t for t, _ in self.stack]))
        if tag == "table":
            for open_tag, index in reversed(self.stack):
                if open_tag == "figure":
                    self.figures[index] = True
                    break
        if tag == "figure":
            self.figures.append(False)
        if tag not in ("br", "img", "input", "link", "meta", "circle", "line", "rect"):
            self.stack.append((tag, len(self.figures) - 1))

    def handle_startendtag(self, tag, attrs):
        if tag == "svg":
            self.svgs.append((dict(attrs), [t for t, _ in self.stack]))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass


class ProvinceDashboardTestCase(MonitoringTestCase):
    def test_a_province_is_the_sum_over_the_sum_and_says_how_many_reported(self):
        r = self.client.get("/pemantauan/32/")
        self.assertEqual(r.status_code, 200)
        # (1,400,000 + 900,000 + 30,000) / (1,600,000 + 1,000,000 + 120,000) = 85.66 %
        self.assertContains(r, '<span class="stat">85,66%</span>', html=True)
        self.assertContains(r, "3 dari 4 kabupaten/kota melapor")
        # Not the average of the three percentages (87.5, 90 and 25).
        self.assertNotContains(r, "67,50")
        self.assertNotContains(r, "67,5%")

    def test_it_reads_in_english(self):
        r = self.client.get("/en/pemantauan/32/")
        self.assertContains(r, '<span class="stat">85.66%</span>', html=True)
        self.assertContains(r, "3 of 4 regencies and cities reported")
        self.assertContains(r, "Access to adequate drinking water")
        self.assertContains(r, "Water and sanitation indicators: Jawa Barat")
        self.assertNotContains(r, "Akses air minum layak")

    def test_it_reads_in_indonesian(self):
        r = self.client.get("/pemantauan/32/")
        self.assertContains(r, '<html lang="id">')
        self.assertContains(r, "Akses air minum layak")
        self.assertNotContains(r, "Access to adequate drinking water")

    def test_the_trend_has_a_chart_and_a_table_with_the_same_numbers(self):
        r = self.client.get("/en/pemantauan/32/")
        # 2023: (1,300,000 + 850,000 + 24,000) / 2,720,000 = 79.93 %
        self.assertContains(r, '<td class="num">79.93%</td>', html=True)
        self.assertContains(r, '<td class="num">85.66%</td>', html=True)
        self.assertContains(r, ">79.93%</text>")
        self.assertContains(r, ">85.66%</text>")

    def test_every_chart_has_its_table(self):
        for path in ["/pemantauan/", "/pemantauan/32/", "/en/pemantauan/32.04/"]:
            with self.subTest(path=path):
                parser = Charts()
                parser.feed(self.client.get(path).content.decode())
                charts = [(a, s) for a, s in parser.svgs if a.get("role") == "img"]
                self.assertTrue(charts)
                for attrs, ancestors in charts:
                    self.assertIn("figure", ancestors)
                    self.assertTrue(attrs["aria-labelledby"].endswith("-title"))
                    self.assertTrue(attrs["aria-describedby"].endswith("-desc"))
                self.assertTrue(parser.figures)
                self.assertTrue(all(parser.figures))
                # The ranking's bars repeat the number in their own row.
                for attrs, ancestors in parser.svgs:
                    if attrs.get("role") != "img":
                        self.assertEqual(attrs["aria-hidden"], "true")
                        self.assertIn("td", ancestors)

    def test_it_shows_the_national_target_and_the_gap(self):
        r = self.client.get("/en/pemantauan/32/")
        self.assertContains(r, "100.00% (national target, 2024, RPJMN)")
        self.assertContains(r, "14.34 percentage points to go")

    def test_a_target_of_the_region_comes_before_the_national_one(self):
        Target.objects.create(indicator=self.water, region=self.jabar, year=2024, value=85)
        r = self.client.get("/en/pemantauan/32/")
        self.assertContains(r, "85.00% (2024)")
        self.assertContains(r, "target reached")

    def test_a_value_entered_for_the_province_headlines_over_a_partial_roll_up(self):
        # Issue 16: the roll-up of 3 of 4 kabupaten/kota covers 75 % of the households, under
        # the threshold of 80 %; the value entered for the province covers all of them.
        value(self.water, self.jabar, 2024, 880, 1_000, note="BPS Jawa Barat")
        r = self.client.get("/en/pemantauan/32/")
        self.assertContains(r, '<span class="stat">88.00%</span>', html=True)
        self.assertContains(r, "Rolled up from the regions below")
        self.assertContains(
            r,
            "85.66% (3 of 4 regencies and cities reported, covering 75.0% of seluruh rumah"
            " tangga · partial)",
        )
        self.assertContains(r, "The value entered for Jawa Barat is shown")

    def test_a_complete_roll_up_headlines_beside_the_value_entered_for_the_province(self):
        value(self.water, self.jabar, 2024, 880, 1_000, note="BPS Jawa Barat")
        DataValue.objects.filter(region=self.kota_bandung).update(status="terverifikasi")
        r = self.client.get("/en/pemantauan/32/")
        # (2,330,000 + 10) / (2,720,000 + 1,000)
        self.assertContains(r, '<span class="stat">85.63%</span>', html=True)
        self.assertContains(r, "Entered for Jawa Barat")
        self.assertContains(r, "88.00%")
        self.assertContains(r, "The roll-up is shown: it covers every region below")

    def test_the_ranking_lists_the_regions_below_best_first_with_links(self):
        r = self.client.get("/en/pemantauan/32/")
        rows = [(row.rank, row.region.code, row.label) for row in r.context["ranking"]]
        self.assertEqual(
            rows,
            [
                (1, "32.04", "90.00%"),
                (2, "32.01", "87.50%"),
                (3, "32.18", "25.00%"),
                (None, "32.73", ""),
            ],
        )
        self.assertContains(r, 'href="/en/pemantauan/32.04/?indikator=am-layak&amp;tahun=2024"')

    def test_lower_is_better_ranks_the_lowest_first(self):
        r = self.client.get("/en/pemantauan/32/?indikator=san-babs&tahun=2024")
        rows = [(row.rank, row.region.code) for row in r.context["ranking"]]
        self.assertEqual(rows, [(1, "32.01"), (2, "32.04"), (3, "32.18"), (None, "32.73")])
        self.assertContains(r, "Open defecation in 2024, best first (lower is better)")

    def test_the_ranking_takes_another_year_and_ignores_bad_choices(self):
        r = self.client.get("/pemantauan/32/?indikator=am-layak&tahun=2023")
        self.assertEqual(r.context["year"], 2023)
        self.assertEqual(r.context["ranking"][0].label, "85,00%")
        for query in ["indikator=nope&tahun=2023x", "tahun=99", "indikator=&tahun="]:
            with self.subTest(query=query):
                r = self.client.get(f"/pemantauan/32/?{query}")
                self.assertEqual((r.context["indicator"], r.context["year"]), (self.water, 2024))


class NationalDashboardTestCase(MonitoringTestCase):
    def test_it_rolls_up_every_kabupaten_and_ranks_the_provinces(self):
        r = self.client.get("/en/pemantauan/")
        self.assertEqual(r.status_code, 200)
        # (2,330,000 + 600) / (2,720,000 + 1,000); Kota Bandung's draft is left out.
        self.assertContains(r, '<span class="stat">85.65%</span>', html=True)
        # Issue 16: the nation counts its provinces; Jabar's missing Kota Bandung weighs as
        # much as the average of its three kabupaten.
        self.assertContains(
            r, "2 of 2 provinces reported, covering 75.0% of seluruh rumah tangga · partial"
        )
        rows = [(row.region.code, row.label, row.reported) for row in r.context["ranking"]]
        self.assertEqual(
            rows,
            [
                (
                    "32",
                    "85.66%",
                    "3 of 4 regencies and cities reported, covering 75.0% of seluruh rumah"
                    " tangga · partial",
                ),
                (
                    "53",
                    "60.00%",
                    "1 of 1 regency or city reported, covering 100.0% of seluruh rumah tangga",
                ),
            ],
        )

    def test_it_links_down_and_a_province_links_back_up(self):
        self.assertContains(self.client.get("/pemantauan/"), 'href="/pemantauan/32/?')
        r = self.client.get("/pemantauan/32/")
        self.assertContains(r, '<a href="/pemantauan/">Indonesia</a>', html=True)

    def test_a_regency_without_boundaries_below_says_so_and_a_district_works(self):
        r = self.client.get("/en/pemantauan/32.04/")
        self.assertContains(r, "Sinergi has no boundaries of districts or villages")
        self.assertNotContains(r, 'id="indicator-map"')
        self.assertEqual(self.client.get("/pemantauan/32.04.05/").status_code, 200)

    def test_a_village_or_unknown_region_is_not_found(self):
        self.assertEqual(self.client.get("/pemantauan/32.04.05.2001/").status_code, 404)
        self.assertEqual(self.client.get("/pemantauan/99/").status_code, 404)

    def test_a_regency_rolls_up_its_villages_beside_its_own_value(self):
        value(self.water, self.cinunuk, 2024, 700, 1_000)
        r = self.client.get("/en/pemantauan/32.04/")
        self.assertContains(r, '<span class="stat">70.00%</span>', html=True)
        self.assertContains(r, "1 of 1 village reported")
        self.assertContains(r, "Entered for Kabupaten Bandung")
        self.assertContains(r, "90.00%")
        # The district below is ranked from the same villages.
        self.assertEqual(r.context["ranking"][0].label, "70.00%")

    def test_the_map_shows_the_same_regions_as_the_ranking(self):
        r = self.client.get("/pemantauan/")
        self.assertContains(
            r,
            'data-data-url="/pemantauan/peta.json?indikator=am-layak&amp;tahun=2024&amp;wilayah=ID"',
        )
        self.assertContains(r, "/static/data/boundaries/maps/provinces.geojson")
        r = self.client.get("/pemantauan/32/")
        self.assertContains(r, "/static/data/boundaries/maps/kabupaten-kota/32.geojson")
        self.assertContains(r, "/static/js/indicator-map.js")
        self.assertContains(r, "<noscript>")

    def test_query_count_does_not_grow_with_the_regions(self):
        # Computed, not cached: the figures are read in a fixed number of queries.
        invalidate("values")
        with self.assertNumQueries(8):
            self.client.get("/pemantauan/")
        invalidate("values")
        with self.assertNumQueries(9):
            self.client.get("/pemantauan/32/")
        jatim = make_region("35", "Jawa Timur", Region.Kind.PROVINCE, self.nation)
        for n in range(1, 8):
            regency = make_region(f"35.{n:02}", f"Kabupaten {n}", Region.Kind.REGENCY, jatim)
            for year in (2022, 2023, 2024):
                value(self.water, regency, year, 500 + n, 1_000)
                value(self.babs, regency, year, n, 1_000)
            value(
                self.water, make_region(f"32.{80 + n}", f"Kota {n}", "kota", self.jabar), 2024, 1, 2
            )
        invalidate("values")
        with self.assertNumQueries(8):
            r = self.client.get("/pemantauan/")
        self.assertEqual(len(r.context["ranking"]), 3)
        invalidate("values")
        with self.assertNumQueries(9):
            self.client.get("/pemantauan/32/")


class DraftsTestCase(MonitoringTestCase):
    def test_visitors_and_outsiders_see_verified_values_only(self):
        self.client.force_login(self.outsider)
        for client in [self.client, self.client_class()]:
            r = client.get("/en/pemantauan/32/")
            self.assertFalse(r.context["include_drafts"])
            self.assertContains(r, '<span class="stat">85.66%</span>', html=True)
            self.assertNotContains(r, "Draft values included")
            self.assertEqual(r.context["ranking"][-1].label, "")

    def test_the_province_secretariat_sees_its_drafts_with_a_note(self):
        self.client.force_login(self.provincial)
        r = self.client.get("/en/pemantauan/32/")
        self.assertTrue(r.context["include_drafts"])
        self.assertContains(r, "Draft values included")
        # Kota Bandung's draft (10 of 1,000) is counted: 2,330,010 / 2,721,000.
        self.assertContains(r, '<span class="stat">85.63%</span>', html=True)
        self.assertContains(r, "4 of 4 regencies and cities reported")
        self.assertEqual(r.context["ranking"][-1].label, "1.00%")

    def test_a_regency_secretariat_sees_drafts_of_its_regency_only(self):
        value(self.water, self.cinunuk, 2024, 1, 10, status=DRAFT)
        self.client.force_login(self.regency)
        self.assertFalse(self.client.get("/pemantauan/32/").context["include_drafts"])
        r = self.client.get("/en/pemantauan/32.04/")
        self.assertTrue(r.context["include_drafts"])
        self.assertContains(r, '<span class="stat">10.00%</span>', html=True)

    def test_the_national_secretariat_sees_drafts_everywhere(self):
        self.client.force_login(self.national)
        self.assertTrue(self.client.get("/pemantauan/").context["include_drafts"])
        self.assertTrue(self.client.get("/pemantauan/53/").context["include_drafts"])

    def test_an_indicator_that_is_not_public_is_shown_in_scope_only(self):
        hidden = indicator("internal", "Indikator internal", "Internal indicator", is_public=False)
        value(hidden, self.bogor, 2024, 1, 2)
        self.assertNotContains(self.client.get("/en/pemantauan/32/"), "Internal indicator")
        self.client.force_login(self.provincial)
        self.assertContains(self.client.get("/en/pemantauan/32/"), "Internal indicator")

    def test_a_draft_is_never_counted_for_a_visitor_even_alone(self):
        DataValue.objects.filter(status="terverifikasi", indicator=self.babs).update(status=DRAFT)
        r = self.client.get("/en/pemantauan/32/")
        card = next(c for c in r.context["cards"] if c.indicator == self.babs)
        self.assertEqual(card.rows, [])
        self.assertContains(r, "No values yet for this region.")


class DashboardWithoutPublishedValuesTestCase(BaseTestCase):
    """A new installation has the catalogue and no values, or only drafts: the dashboards say
    so instead of failing (they answered 500 when the key indicator had no year to show)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.water = indicator("am-layak", "Akses air minum layak", "Basic water", is_key=True)

    def test_a_visitor_sees_the_dashboards_of_an_empty_installation(self):
        for url in ("/pemantauan/", "/pemantauan/32/", "/pemantauan/32.04/"):
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_a_visitor_sees_them_when_only_drafts_exist(self):
        value(self.water, self.kab_bandung, 2025, 80, 100, status=DRAFT)
        for url in ("/pemantauan/", "/pemantauan/32.04/"):
            self.assertEqual(self.client.get(url).status_code, 200, url)
