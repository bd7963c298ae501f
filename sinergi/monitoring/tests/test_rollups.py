from decimal import Decimal

from sinergi.monitoring.models import DataValue, Indicator
from sinergi.monitoring.rollups import ranking, rollup
from sinergi.test import BaseTestCase, make_region

K = "kabupaten"


class RollupTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.water = Indicator.objects.create(
            code="am-layak",
            name_id="Akses air minum layak",
            name_en="Access to adequate drinking water",
            unit="persen",
            sector="air_minum",
            aggregation="rasio",
            numerator_label="rumah tangga dengan air minum layak",
            denominator_label="seluruh rumah tangga",
            source="BPS",
        )
        cls.odf = Indicator.objects.create(
            code="desa-odf",
            name_id="Desa ODF",
            name_en="ODF villages",
            unit="desa",
            sector="higiene_stbm",
            aggregation="jumlah",
            source="STBM",
            default_source="stbm",
        )
        # Three kabupaten of very different sizes in Jawa Barat (with Kota Bandung, 4 below).
        cls.bogor = make_region("32.01", "Kabupaten Bogor", K, cls.jabar)
        cls.pangandaran = make_region("32.18", "Kabupaten Pangandaran", K, cls.jabar)
        households = {
            cls.bogor: (1_400_000, 1_600_000),  # 87.5 %
            cls.kab_bandung: (900_000, 1_000_000),  # 90 %
            cls.pangandaran: (30_000, 120_000),  # 25 %
        }
        for region, (numerator, denominator) in households.items():
            DataValue.objects.create(
                indicator=cls.water,
                region=region,
                year=2024,
                source="bps_susenas",
                numerator=numerator,
                denominator=denominator,
                value=cls.water.ratio(numerator, denominator),
                status="terverifikasi",
            )
        # A draft and a value of another source are never added in.
        DataValue.objects.create(
            indicator=cls.water,
            region=cls.kota_bandung,
            year=2024,
            source="bps_susenas",
            numerator=10,
            denominator=1_000,
            value=1,
            status="draf",
        )
        DataValue.objects.create(
            indicator=cls.water,
            region=cls.kab_kupang,
            year=2024,
            source="survei",
            numerator=1,
            denominator=1_000,
            value=Decimal("0.1"),
            status="terverifikasi",
        )
        # BPS's own provincial figure, entered directly.
        cls.direct = DataValue.objects.create(
            indicator=cls.water,
            region=cls.jabar,
            year=2024,
            source="bps_susenas",
            numerator=None,
            denominator=None,
            value=Decimal("92.11"),
            status="terverifikasi",
        )

    def test_the_province_is_the_sum_of_numerators_over_the_sum_of_denominators(self):
        figure = rollup(self.water, self.jabar, 2024).rolled_up
        self.assertEqual(figure.numerator, 2_330_000)
        self.assertEqual(figure.denominator, 2_720_000)
        self.assertEqual(figure.value, Decimal("85.66"))  # not (87.5 + 90 + 25) / 3 = 67.5
        self.assertEqual((figure.reported, figure.expected), (3, 4))
        # Kota Bandung, without a published value, weighs as much as the average of the three.
        self.assertEqual(figure.coverage, Decimal("75.0"))
        self.assertTrue(figure.is_partial)

    def test_a_partial_roll_up_gives_way_to_the_value_entered_for_the_province(self):
        # Issue 16: the roll-up covers 75 % of the households, BPS's own figure all of them.
        figure = rollup(self.water, self.jabar, 2024)
        self.assertEqual((figure.kind, figure.value), ("direct", Decimal("92.11")))
        self.assertEqual(figure.other.value, Decimal("85.66"))

    def test_the_nation_adds_up_its_provinces(self):
        # Jabar's own value has no numerator and denominator, so its roll-up is added instead;
        # Kupang's value is of another source and NTT has none.
        figure = rollup(self.water, self.nation, 2024)
        self.assertEqual(figure.value, Decimal("85.66"))
        self.assertEqual((figure.reported, figure.expected), (1, 2))

    def test_drafts_count_only_when_asked(self):
        self.assertEqual(rollup(self.water, self.jabar, 2024, include_drafts=True).reported, 4)

    def test_a_year_without_data_has_no_value(self):
        figure = rollup(self.water, self.jabar, 2023)
        self.assertIsNone(figure.value)
        self.assertEqual(figure.reported, 0)

    def test_a_sum_indicator_adds_values(self):
        for region, villages in ((self.bogor, 120), (self.pangandaran, 40)):
            DataValue.objects.create(
                indicator=self.odf,
                region=region,
                year=2024,
                source="stbm",
                value=villages,
                status="terverifikasi",
            )
        self.assertEqual(rollup(self.odf, self.jabar, 2024).value, 160)

    def test_the_ranking_of_the_provinces_shows_each_province_s_own_figure(self):
        rows = {region.code: figure for region, figure in ranking(self.water, self.nation, 2024)}
        self.assertEqual(rows["32"].value, Decimal("92.11"))
        self.assertEqual(rows["32"].other.value, Decimal("85.66"))
        self.assertEqual((rows["32"].other.reported, rows["32"].other.expected), (3, 4))
        self.assertIsNone(rows["53"].value)

    def test_rollups_take_a_fixed_number_of_queries(self):
        # Values of provinces and kabupaten/kota, village sums, the register.
        with self.assertNumQueries(3):
            rollup(self.water, self.nation, 2024)
        # …and the children.
        with self.assertNumQueries(4):
            ranking(self.water, self.nation, 2024)
