from decimal import Decimal

from sinergi.monitoring.models import Indicator
from sinergi.monitoring.tests.base import MonitoringTestCase, indicator, value
from sinergi.monitoring.views import NO_DATA, PALETTE
from sinergi.regions.models import Region
from sinergi.test import make_region


class MapDataTestCase(MonitoringTestCase):
    def get_data(self, query="indikator=am-layak&tahun=2024&wilayah=32", prefix=""):
        r = self.client.get(f"{prefix}/pemantauan/peta.json?{query}")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/json")
        return r

    def test_a_visitor_gets_the_regions_below_with_their_reports(self):
        data = self.get_data().json()
        self.assertEqual(list(data["regions"]), ["32.01", "32.04", "32.18", "32.73"])
        self.assertEqual(
            data["regions"]["32.01"],
            {
                "name": "Kabupaten Bogor",
                "value": 87.5,
                "label": "87,50%",
                # Entered for the kabupaten itself (issue 16: where each figure comes from).
                "source": "direct",
                "reported": 0,
                "expected": 0,
                "coverage": 100.0,
                "partial": False,
                "reported_label": data["regions"]["32.01"]["reported_label"],
                "colour": data["regions"]["32.01"]["colour"],
                "url": "/pemantauan/32.01/?indikator=am-layak&tahun=2024",
            },
        )
        # Kota Bandung has a draft only: no data for a visitor.
        self.assertIsNone(data["regions"]["32.73"]["value"])
        self.assertEqual(data["regions"]["32.73"]["colour"], NO_DATA)
        self.assertEqual(data["direction"], Indicator.Direction.HIGHER)
        self.assertEqual(data["year"], 2024)
        self.assertFalse(data["drafts"])

    def test_it_is_cached_publicly_for_five_minutes(self):
        r = self.get_data()
        directives = {d.strip() for d in r["Cache-Control"].split(",")}
        self.assertEqual(directives, {"public", "max-age=300"})

    def test_drafts_in_scope_are_private(self):
        self.client.force_login(self.provincial)
        r = self.get_data()
        self.assertEqual(r["Cache-Control"], "private")
        self.assertEqual(r.json()["regions"]["32.73"]["value"], 1.0)
        self.assertTrue(r.json()["drafts"])

    def test_the_national_map_says_how_many_reported_in_each_province(self):
        data = self.get_data("indikator=am-layak&tahun=2024", prefix="/en").json()
        self.assertEqual(list(data["regions"]), ["32", "53"])
        self.assertEqual(data["regions"]["32"]["reported"], 3)
        self.assertEqual(data["regions"]["32"]["expected"], 4)
        self.assertEqual(
            data["regions"]["32"]["reported_label"],
            "3 of 4 regencies and cities reported, covering 75.0% of seluruh rumah tangga"
            " · partial",
        )
        self.assertEqual(data["regions"]["32"]["coverage"], 75.0)
        self.assertTrue(data["regions"]["32"]["partial"])
        self.assertEqual(data["regions"]["32"]["label"], "85.66%")
        self.assertEqual(
            data["regions"]["32"]["url"], "/en/pemantauan/32/?indikator=am-layak&tahun=2024"
        )

    def test_the_dashboard_and_the_map_show_the_same_number(self):
        data = self.get_data("indikator=am-layak&tahun=2024&wilayah=ID").json()
        page = self.client.get("/pemantauan/?indikator=am-layak&tahun=2024")
        rows = {row.region.code: row for row in page.context["ranking"]}
        for code, region in data["regions"].items():
            with self.subTest(code=code):
                self.assertEqual(Decimal(str(region["value"])), rows[code].figure.value)
                self.assertEqual(region["label"], rows[code].label)
                self.assertEqual(region["reported"], rows[code].figure.reported)
        self.assertContains(page, "<span>85,66%</span>", html=True)
        # …and the province's own dashboard leads with that number too.
        province = self.client.get("/pemantauan/32/")
        self.assertContains(province, '<span class="stat">85,66%</span>', html=True)
        self.assertEqual(data["regions"]["32"]["label"], "85,66%")

    def test_the_legend_runs_from_light_to_dark_towards_the_better_values(self):
        data = self.get_data().json()
        self.assertEqual(
            [(c["label"], c["colour"]) for c in data["legend"]],
            [("25,00%", PALETTE[0]), ("87,50%", PALETTE[2]), ("90,00%", PALETTE[4])],
        )
        self.assertEqual(data["regions"]["32.18"]["colour"], PALETTE[0])
        self.assertEqual(data["regions"]["32.04"]["colour"], PALETTE[4])
        self.assertEqual(data["no_data"]["colour"], NO_DATA)

    def test_lower_is_better_reverses_the_colours(self):
        data = self.get_data("indikator=san-babs&tahun=2024&wilayah=32").json()
        self.assertEqual(data["direction"], Indicator.Direction.LOWER)
        self.assertEqual(data["regions"]["32.01"]["colour"], PALETTE[4])  # 1 %, the best
        self.assertEqual(data["regions"]["32.18"]["colour"], PALETTE[0])  # 10 %, the worst

    def test_five_classes_of_about_equal_size(self):
        jatim = make_region("35", "Jawa Timur", Region.Kind.PROVINCE, self.nation)
        for n in range(1, 11):
            regency = make_region(f"35.{n:02}", f"Kabupaten {n}", Region.Kind.REGENCY, jatim)
            value(self.water, regency, 2024, n * 10 - 5, 100)
        data = self.get_data("indikator=am-layak&tahun=2024&wilayah=35").json()
        self.assertEqual(
            [(c["min"], c["max"], c["colour"]) for c in data["legend"]],
            [
                (5.0, 15.0, PALETTE[0]),
                (25.0, 35.0, PALETTE[1]),
                (45.0, 55.0, PALETTE[2]),
                (65.0, 75.0, PALETTE[3]),
                (85.0, 95.0, PALETTE[4]),
            ],
        )
        self.assertEqual(data["legend"][0]["label"], "5,00% – 15,00%")

    def test_it_speaks_the_language_of_its_address(self):
        data = self.get_data(prefix="/en").json()
        self.assertEqual(data["indicator"]["name"], "Access to adequate drinking water")
        self.assertEqual(data["regions"]["32.01"]["label"], "87.50%")
        self.assertEqual(data["no_data"]["label"], "No data")

    def test_bad_choices_fall_back_and_unknown_places_are_not_found(self):
        data = self.get_data("indikator=nope&tahun=x&wilayah=32").json()
        self.assertEqual((data["indicator"]["code"], data["year"]), ("am-layak", 2024))
        r = self.client.get("/pemantauan/peta.json?indikator=am-layak&wilayah=99")
        self.assertEqual(r.status_code, 404)

    def test_an_indicator_that_is_not_public_is_for_the_scope_only(self):
        hidden = indicator("internal", "Indikator internal", "Internal", is_public=False)
        value(hidden, self.bogor, 2024, 1, 2)
        data = self.get_data("indikator=internal&wilayah=32").json()
        self.assertEqual(data["indicator"]["code"], "am-layak")
        self.client.force_login(self.provincial)
        data = self.get_data("indikator=internal&wilayah=32").json()
        self.assertEqual(data["regions"]["32.01"]["value"], 50.0)

    def test_query_count_does_not_grow_with_regions(self):
        with self.assertNumQueries(7):
            self.get_data("indikator=am-layak&tahun=2024")
        jatim = make_region("35", "Jawa Timur", Region.Kind.PROVINCE, self.nation)
        for n in range(1, 8):
            regency = make_region(f"35.{n:02}", f"Kabupaten {n}", Region.Kind.REGENCY, jatim)
            value(self.water, regency, 2024, n, 10)
        with self.assertNumQueries(7):
            data = self.get_data("indikator=am-layak&tahun=2024").json()
        self.assertEqual(data["regions"]["35"]["reported"], 7)
        self.assertEqual(data["regions"]["35"]["expected"], 7)
