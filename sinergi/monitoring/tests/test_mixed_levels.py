"""Issue 16: values entered at every level (nation, province, kabupaten/kota, village) give one
figure per region, with its coverage, and no household is counted twice.

The provincial table is real: BPS, "Persentase Rumah Tangga dengan Sumber Air Minum Bersih yang
Layak Menurut Provinsi, 2007-2009" (Table 3.8 of "Perkembangan Beberapa Indikator Utama
Sosial-Ekonomi Indonesia / Trends of the Selected Socio-Economic Indicators of Indonesia",
edition of May 2011, source Susenas), read at
https://yumpu.com/id/document/view/50383109/edisi-mei-2011-badan-pusat-statistik/63 — the 2009
column, 33 provinces, Indonesia 47.71 %.

BPS publishes the percentages only. The household counts below are NOT BPS figures: they are
derived, for the test, as a quarter of each province's population in the 2010 census (BPS,
"Hasil Sensus Penduduk 2010", 237,641,326 people in all), and each numerator is the published
percentage of that count, so every province's value is exactly the published percentage. The
national figure is therefore 47.42 % here, not BPS's 47.71 % (BPS weighs its own sample).
"""

import itertools
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.monitoring.models import DataValue
from sinergi.monitoring.rollups import rollup
from sinergi.monitoring.tests.base import DRAFT, VERIFIED, indicator, value
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, make_region

# (Kemendagri code, province, % of households with adequate drinking water in 2009 (BPS),
#  population in the 2010 census (BPS)).
SUSENAS_2009 = [
    ("11", "Aceh", "30.60", 4_494_410),
    ("12", "Sumatera Utara", "51.04", 12_982_204),
    ("13", "Sumatera Barat", "46.62", 4_846_909),
    ("14", "Riau", "40.96", 5_538_367),
    ("15", "Jambi", "51.19", 3_092_265),
    ("16", "Sumatera Selatan", "48.53", 7_450_394),
    ("17", "Bengkulu", "33.02", 1_715_518),
    ("18", "Lampung", "40.29", 7_608_405),
    ("19", "Kepulauan Bangka Belitung", "36.84", 1_223_296),
    ("21", "Kepulauan Riau", "37.74", 1_679_163),
    ("31", "DKI Jakarta", "34.81", 9_607_787),
    ("32", "Jawa Barat", "40.51", 43_053_732),
    ("33", "Jawa Tengah", "58.30", 32_382_657),
    ("34", "DI Yogyakarta", "60.38", 3_457_491),
    ("35", "Jawa Timur", "55.70", 37_476_757),
    ("36", "Banten", "27.47", 10_632_166),
    ("51", "Bali", "59.99", 3_890_757),
    ("52", "Nusa Tenggara Barat", "44.96", 4_500_212),
    ("53", "Nusa Tenggara Timur", "45.45", 4_683_827),
    ("61", "Kalimantan Barat", "54.02", 4_395_983),
    ("62", "Kalimantan Tengah", "36.89", 2_212_089),
    ("63", "Kalimantan Selatan", "51.97", 3_626_616),
    ("64", "Kalimantan Timur", "55.71", 3_553_143),
    ("71", "Sulawesi Utara", "44.49", 2_270_596),
    ("72", "Sulawesi Tengah", "44.36", 2_635_009),
    ("73", "Sulawesi Selatan", "50.13", 8_034_776),
    ("74", "Sulawesi Tenggara", "59.12", 2_232_586),
    ("75", "Gorontalo", "44.85", 1_040_164),
    ("76", "Sulawesi Barat", "42.92", 1_158_651),
    ("81", "Maluku", "55.50", 1_533_506),
    ("82", "Maluku Utara", "43.75", 1_038_087),
    ("91", "Papua", "35.44", 2_833_381),
    ("92", "Papua Barat", "48.08", 760_422),
]
# Provinces formed after 2009 (Kalimantan Utara in 2012, four in Papua in 2022): no 2009 value.
LATER_PROVINCES = [
    ("65", "Kalimantan Utara"),
    ("93", "Papua Selatan"),
    ("94", "Papua Tengah"),
    ("95", "Papua Pegunungan"),
    ("96", "Papua Barat Daya"),
]


def households(population):
    return population // 4


def with_access(percent, population):
    return round(households(population) * Decimal(percent) / 100)


class ProvincialTableTestCase(BaseTestCase):
    """The national secretariat enters BPS's 33 provincial values of 2009 through the API."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.water = indicator("am-layak", "Akses air minum layak", "Adequate drinking water")
        existing = {cls.jabar.code, cls.ntt.code}
        for code, name, *_ in SUSENAS_2009 + [(c, n, None, None) for c, n in LATER_PROVINCES]:
            if code not in existing:
                make_region(code, name, Region.Kind.PROVINCE, cls.nation)

    def enter_table(self, verify=True):
        rows = [
            {
                "indicator": "am-layak",
                "region": code,
                "year": 2009,
                "numerator": with_access(percent, population),
                "denominator": households(population),
                "note": "BPS, Susenas 2009 (rumah tangga: turunan SP2010)",
            }
            for code, _name, percent, population in SUSENAS_2009
        ]
        self.client.force_login(self.national)
        r = self.client.post("/api/data-values/bulk/", rows, content_type="application/json")
        self.assertEqual(r.json()["created"], 33)
        self.client.logout()
        if verify:
            DataValue.objects.update(status=VERIFIED)

    def expected_national(self):
        numerator = sum(with_access(p, n) for _c, _name, p, n in SUSENAS_2009)
        denominator = sum(households(n) for *_, n in SUSENAS_2009)
        return numerator, denominator, self.water.ratio(numerator, denominator)

    def test_the_nation_is_the_sum_over_the_sum_of_its_provinces(self):
        self.enter_table()
        numerator, denominator, national = self.expected_national()
        figure = rollup(self.water, self.nation, 2009)
        self.assertEqual((figure.numerator, figure.denominator), (numerator, denominator))
        self.assertEqual(figure.value, national)
        self.assertEqual(figure.value, Decimal("47.42"))
        self.assertEqual((figure.kind, figure.reported, figure.expected), ("rollup", 33, 38))
        # The five later provinces have no size on record: each weighs as much as the average
        # province that reported, so 33 of 38 provinces cover 33/38 of the households.
        self.assertEqual(figure.coverage, Decimal("86.8"))
        self.assertFalse(figure.partial)
        # A plain mean of the 33 percentages gives Bengkulu's 430,000 households the weight of
        # Jawa Barat's 10.8 million: 45.81 %, not the national figure.
        mean = sum(Decimal(p) for _c, _n, p, _h in SUSENAS_2009) / len(SUSENAS_2009)
        self.assertEqual(mean.quantize(Decimal("0.01")), Decimal("45.81"))
        self.assertNotEqual(mean.quantize(Decimal("0.01")), figure.value)

    def test_the_dashboard_shows_the_year_asked_with_its_coverage(self):
        self.enter_table()
        r = self.client.get("/en/pemantauan/?indikator=am-layak&tahun=2009")
        self.assertEqual(r.context["year"], 2009)
        self.assertContains(r, '<span class="stat">47.42%</span>', html=True)
        self.assertContains(
            r, "33 of 38 provinces reported, covering 86.8% of seluruh rumah tangga"
        )

    def test_the_national_ranking_lists_the_provinces_with_their_values(self):
        self.enter_table()
        r = self.client.get("/pemantauan/?indikator=am-layak&tahun=2009")
        labels = {row.region.code: row.label for row in r.context["ranking"]}
        self.assertEqual(len(labels), 38)
        self.assertEqual(labels["32"], "40,51%")
        self.assertEqual(labels["34"], "60,38%")
        self.assertEqual(
            [c for c, label in labels.items() if not label], [c for c, _ in LATER_PROVINCES]
        )
        self.assertEqual(r.context["ranking"][0].region.code, "34")  # DI Yogyakarta, the best
        self.assertContains(r, "tidak ada data", count=5)

    def test_the_map_shows_the_year_asked(self):
        self.enter_table()
        data = self.client.get("/pemantauan/peta.json?indikator=am-layak&tahun=2009").json()
        self.assertEqual((data["year"], data["has_data"]), (2009, True))
        self.assertEqual(data["regions"]["32"]["value"], 40.51)
        self.assertEqual(data["regions"]["32"]["source"], "direct")
        self.assertIsNone(data["regions"]["65"]["value"])

    def test_the_api_gives_the_national_value_and_its_coverage(self):
        self.enter_table()
        body = self.client.get("/api/rollups/?indicator=am-layak&region=ID&year=2009").json()
        _numerator, denominator, national = self.expected_national()
        self.assertEqual(Decimal(body["value"]), national)
        self.assertEqual(Decimal(body["denominator"]), denominator)
        self.assertEqual((body["reported"], body["expected"]), (33, 38))
        self.assertEqual(
            (body["coverage"], body["partial"], body["kind"]), ("86.8", False, "rollup")
        )
        self.assertIsNone(body["direct_value"])
        body = self.client.get("/api/rollups/?indicator=am-layak&region=32&year=2009").json()
        self.assertEqual(
            (body["value"], body["kind"], body["coverage"]), ("40.51", "direct", "100.0")
        )

    def test_a_year_without_values_says_so_instead_of_showing_another(self):
        self.enter_table()
        value(self.water, self.kab_bandung, 2024, 90, 100)
        r = self.client.get("/en/pemantauan/?indikator=am-layak&tahun=2010")
        self.assertEqual(r.context["year"], 2010)
        self.assertEqual(r.context["ranking"], [])
        self.assertContains(r, "No values of Adequate drinking water for 2010.")
        self.assertContains(r, "Years with values: 2009, 2024.")
        data = self.client.get("/pemantauan/peta.json?indikator=am-layak&tahun=2010").json()
        self.assertEqual((data["year"], data["has_data"]), (2010, False))
        self.assertTrue(all(region["value"] is None for region in data["regions"].values()))

    def test_drafts_stay_hidden_from_visitors(self):
        self.enter_table(verify=False)
        r = self.client.get("/en/pemantauan/?indikator=am-layak&tahun=2009")
        self.assertEqual(r.context["year"], 2009)
        self.assertContains(r, "No values of Adequate drinking water for 2009.")
        self.assertIsNone(rollup(self.water, self.nation, 2009).value)
        self.client.force_login(self.national)
        r = self.client.get("/en/pemantauan/?indikator=am-layak&tahun=2009")
        self.assertContains(r, '<span class="stat">47.42%</span>', html=True)


class MixedLevelsTestCase(BaseTestCase):
    """Jawa Barat with four kabupaten/kota; Kabupaten Bandung with 280 villages in two
    kecamatan; Nusa Tenggara Timur with one kabupaten."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.water = indicator("am-layak", "Akses air minum layak", "Adequate drinking water")
        cls.bogor = make_region("32.01", "Kabupaten Bogor", "kabupaten", cls.jabar)
        cls.pangandaran = make_region("32.18", "Kabupaten Pangandaran", "kabupaten", cls.jabar)
        cls.rancaekek = make_region("32.04.06", "Rancaekek", "kecamatan", cls.kab_bandung)
        Region.objects.bulk_create(
            [
                Region(
                    code=f"{district.code}.{2000 + n}",
                    name=f"Desa {district.name} {n}",
                    level=Region.Level.VILLAGE,
                    kind="desa",
                    parent=district,
                )
                for district, first, last in ((cls.cileunyi, 2, 140), (cls.rancaekek, 1, 140))
                for n in range(first, last + 1)
            ]
        )
        cls.villages = list(
            Region.objects.filter(level=Region.Level.VILLAGE, code__startswith="32.04.")
        )
        assert len(cls.villages) == 280

    def ten_villages(self, year, status=VERIFIED):
        # 4,033 of 5,000 households: 80.66 %.
        for n, village in enumerate(self.villages[:10]):
            value(self.water, village, year, 404 if n < 3 else 403, 500, status=status)

    def test_a_kabupaten_value_headlines_over_10_of_280_villages(self):
        value(self.water, self.kab_bandung, 2025, 600_040, 700_000)  # 85.72 %
        self.ten_villages(2025)
        figure = rollup(self.water, self.kab_bandung, 2025)
        self.assertEqual((figure.kind, figure.value), ("direct", Decimal("85.72")))
        rolled_up = figure.other
        self.assertEqual(rolled_up.value, Decimal("80.66"))
        self.assertEqual((rolled_up.reported, rolled_up.expected), (10, 280))
        self.assertEqual(rolled_up.coverage, Decimal("3.6"))
        self.assertTrue(rolled_up.partial)
        r = self.client.get("/en/pemantauan/32.04/")
        self.assertContains(r, '<span class="stat">85.72%</span>', html=True)
        self.assertContains(
            r,
            "80.66% (10 of 280 villages reported, covering 3.6% of seluruh rumah tangga · partial)",
        )
        self.assertContains(r, "The value entered for Kabupaten Bandung is shown")

    def test_a_partial_later_year_is_no_headline_and_no_trend_point(self):
        # The kabupaten: 85.72 % entered for 2024, 10 villages of 280 in 2025.
        value(self.water, self.kab_bandung, 2024, 600_040, 700_000)
        self.ten_villages(2025)
        r = self.client.get("/en/pemantauan/32.04/")
        card = r.context["cards"][0]
        self.assertEqual((card.headline.year, card.headline.label), (2024, "85.72%"))
        self.assertEqual(
            [(row.year, row.partial) for row in card.rows], [(2024, False), (2025, True)]
        )
        self.assertContains(r, '<span class="stat">85.72%</span>', html=True)
        self.assertNotContains(r, ">80.66%</text>")  # not on the chart…
        self.assertContains(r, '<td class="num">80.66%</td>', html=True)  # …but in the table
        self.assertContains(
            r,
            "<td>10 of 280 villages reported, covering 3.6% of seluruh rumah tangga · partial</td>",
        )
        self.assertContains(r, "<td>entered for Kabupaten Bandung</td>", html=True)
        self.assertContains(r, "are not used as the headline or in the chart")

    def test_a_province_value_headlines_over_partial_kabupaten_data(self):
        value(self.water, self.jabar, 2024, 8_000_000, 10_000_000)  # 80 %
        value(self.water, self.bogor, 2024, 1_400_000, 1_600_000)  # 1 of 4 kabupaten/kota
        figure = rollup(self.water, self.jabar, 2024)
        self.assertEqual((figure.kind, figure.value), ("direct", Decimal("80.00")))
        self.assertEqual((figure.other.value, figure.other.reported), (Decimal("87.50"), 1))
        self.assertEqual(figure.other.coverage, Decimal("25.0"))
        # The nation adds the province's value once, not Bogor on top of it.
        national = rollup(self.water, self.nation, 2024)
        self.assertEqual((national.numerator, national.denominator), (8_000_000, 10_000_000))

    def test_complete_kabupaten_data_headlines_beside_the_province_value(self):
        value(self.water, self.jabar, 2024, 8_000_000, 10_000_000)
        for region in (self.bogor, self.kab_bandung, self.pangandaran, self.kota_bandung):
            value(self.water, region, 2024, 900, 1_000)
        figure = rollup(self.water, self.jabar, 2024)
        self.assertEqual((figure.kind, figure.value, figure.coverage), ("rollup", 90, 100))
        self.assertEqual(figure.other.value, Decimal("80.00"))
        national = rollup(self.water, self.nation, 2024)
        self.assertEqual((national.numerator, national.denominator), (3_600, 4_000))

    def test_no_household_is_counted_twice_in_any_combination(self):
        """Every combination of values at the province, one kabupaten, its village and the
        other kabupaten/kota: the nation's denominator is one level's count per branch."""
        levels = {
            "province": (self.jabar, 10_000_000),
            "kabupaten": (self.kab_bandung, 100_000),
            "village": (self.cinunuk, 1_000),
        }
        others = [
            (self.bogor, 1_000_000),
            (self.pangandaran, 2_000_000),
            (self.kota_bandung, 3_000_000),
        ]
        value(self.water, self.kab_kupang, 2024, 150_000, 300_000)  # NTT: always there
        for present in itertools.product([False, True], repeat=4):
            with self.subTest(present=present):
                DataValue.objects.exclude(region=self.kab_kupang).delete()
                chosen = dict(
                    zip(["province", "kabupaten", "village", "others"], present, strict=True)
                )
                for name, (region, households) in levels.items():
                    if chosen[name]:
                        value(self.water, region, 2024, households // 2, households)
                if chosen["others"]:
                    for region, households in others:
                        value(self.water, region, 2024, households // 2, households)
                # Kabupaten Bandung: its own value, else its one village of 280 (partial).
                bandung = 100_000 if chosen["kabupaten"] else 1_000 if chosen["village"] else 0
                kabupaten = bandung + (6_000_000 if chosen["others"] else 0)
                # The four kabupaten/kota cover Jawa Barat only when Bandung's own value is in.
                complete = chosen["others"] and chosen["kabupaten"]
                jabar = 10_000_000 if chosen["province"] and not complete else kabupaten
                figure = rollup(self.water, self.nation, 2024)
                self.assertEqual(figure.denominator, jabar + 300_000)
                self.assertEqual(figure.numerator, figure.denominator / 2)

    def test_drafts_count_only_in_scope(self):
        value(self.water, self.kab_bandung, 2025, 600_040, 700_000, status=DRAFT)
        self.ten_villages(2025)
        self.assertEqual(rollup(self.water, self.kab_bandung, 2025).kind, "rollup")
        figure = rollup(self.water, self.kab_bandung, 2025, include_drafts=True)
        self.assertEqual((figure.kind, figure.draft), ("direct", True))

    def test_a_sum_indicator_adds_values_the_same_way(self):
        facilities = indicator(
            "sarana",
            "Sarana air minum",
            "Water facilities",
            unit="sarana",
            aggregation="jumlah",
            denominator_label="",
        )
        DataValue.objects.create(
            indicator=facilities,
            region=self.jabar,
            year=2024,
            source="bps_susenas",
            value=500,
            status=VERIFIED,
        )
        for region in (self.bogor, self.pangandaran):
            DataValue.objects.create(
                indicator=facilities,
                region=region,
                year=2024,
                source="bps_susenas",
                value=40,
                status=VERIFIED,
            )
        figure = rollup(facilities, self.jabar, 2024)
        self.assertEqual((figure.kind, figure.value), ("direct", 500))
        self.assertEqual((figure.other.value, figure.other.coverage), (80, Decimal("50.0")))
        self.assertEqual(rollup(facilities, self.nation, 2024).value, 500)

    def test_the_dashboards_take_a_fixed_number_of_queries(self):
        value(self.water, self.jabar, 2024, 8_000_000, 10_000_000)
        value(self.water, self.kab_bandung, 2024, 600_040, 700_000)
        self.ten_villages(2024)
        counts = {}
        for url in (
            "/pemantauan/",
            "/pemantauan/32/",
            "/pemantauan/32.04/",
            "/pemantauan/32.04.05/",
        ):
            with CaptureQueriesContext(connection) as context:
                self.client.get(url)
            counts[url] = len(context.captured_queries)
            self.assertLessEqual(counts[url], 10, url)
        # Ten times the data: every village, more kabupaten, another year.
        for n, village in enumerate(self.villages[10:]):
            value(self.water, village, 2024, 300 + n % 100, 500)
        for village in self.villages:
            value(self.water, village, 2023, 250, 500)
        for n in range(1, 20):
            regency = make_region(f"53.{10 + n}", f"Kabupaten {n}", "kabupaten", self.ntt)
            value(self.water, regency, 2024, 500 + n, 1_000)
        for url, count in counts.items():
            with self.subTest(url=url), self.assertNumQueries(count):
                self.client.get(url)
