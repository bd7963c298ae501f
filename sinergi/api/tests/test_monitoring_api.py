from decimal import Decimal

from sinergi.monitoring.models import DataValue, Indicator, Target
from sinergi.pokja.access import PUBLISHED_VALUES
from sinergi.test import BaseTestCase


class MonitoringApiTestCase(BaseTestCase):
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
        cls.hidden = Indicator.objects.create(
            code="internal",
            name_id="Internal",
            name_en="Internal",
            unit="angka",
            sector="kelembagaan",
            aggregation="jumlah",
            source="-",
            is_public=False,
        )

        def value(region, numerator, denominator, status="terverifikasi"):
            return DataValue.objects.create(
                indicator=cls.water,
                region=region,
                year=2024,
                source="bps_susenas",
                numerator=numerator,
                denominator=denominator,
                value=cls.water.ratio(numerator, denominator),
                status=status,
            )

        value(cls.kab_bandung, 900, 1_000)
        value(cls.kota_bandung, 300, 1_000)
        value(cls.kab_kupang, 50, 100, status="draf")
        Target.objects.create(indicator=cls.water, region=cls.nation, year=2024, value=100)

    def test_rollup_is_sum_over_sum_and_says_how_many_reported(self):
        r = self.client.get("/api/rollups/?indicator=am-layak&region=32&year=2024")
        body = r.json()
        self.assertEqual(Decimal(body["value"]), Decimal("60.00"))
        self.assertEqual((body["reported"], body["expected"]), (2, 2))

    def test_drafts_only_in_scope(self):
        self.assertEqual(self.client.get("/api/data-values/?region=53.01").json()["count"], 0)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get("/api/data-values/?region=53.01").json()["count"], 1)
        r = self.client.get("/api/rollups/?indicator=am-layak&region=53&year=2024")
        self.assertEqual(r.json()["reported"], 1)
        self.client.force_login(self.provincial)
        self.assertEqual(self.client.get("/api/data-values/?region=53.01").json()["count"], 0)

    def test_private_indicators_are_hidden_from_visitors(self):
        codes = [i["code"] for i in self.client.get("/api/indicators/").json()["results"]]
        self.assertEqual(codes, ["am-layak"])
        r = self.client.get("/api/rollups/?indicator=internal&region=32&year=2024")
        self.assertEqual(r.status_code, 404)

    def test_bad_parameters_are_a_clear_400(self):
        r = self.client.get("/api/rollups/?indicator=am-layak&region=32&year=abc&period=x")
        self.assertEqual(r.status_code, 400)
        self.assertEqual(set(r.json()), {"detail", "code", "year", "period"})
        self.assertEqual(self.client.get("/api/data-values/?year=abc").status_code, 400)

    def test_targets_and_below_filter(self):
        targets = self.client.get("/api/targets/?indicator=am-layak").json()["results"]
        self.assertEqual([(t["region"], t["year"]) for t in targets], [("ID", 2024)])
        below = self.client.get("/api/data-values/?below=32").json()["results"]
        self.assertEqual(sorted(v["region"] for v in below), ["32.04", "32.73"])

    def test_query_counts(self):
        with self.assertNumQueries(2):
            self.client.get("/api/data-values/")
        with self.assertNumQueries(5):
            self.client.get("/api/rollups/?indicator=am-layak&region=ID&year=2024")


class BulkValuesApiTestCase(BaseTestCase):
    url = "/api/data-values/bulk/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Indicator.objects.create(
            code="am-layak",
            name_id="Akses air minum layak",
            name_en="Adequate water",
            unit="persen",
            sector="air_minum",
            aggregation="rasio",
            denominator_label="rumah tangga",
            source="BPS",
        )

    def rows(self, **change):
        rows = [
            {
                "indicator": "am-layak",
                "region": "32.04",
                "year": "2024",
                "numerator": "900",
                "denominator": "1000",
            },
            {
                "indicator": "am-layak",
                "region": "32.04.05.2001",
                "year": "2024",
                "numerator": "90",
                "denominator": "100",
            },
        ]
        rows[1].update(change)
        return rows

    def post(self, rows):
        return self.client.post(self.url, rows, content_type="application/json")

    def test_secretariat_writes_all_or_nothing_and_twice_changes_nothing(self):
        self.client.force_login(self.regency)
        r = self.post(self.rows(numerator="120"))
        self.assertEqual(r.status_code, 400)
        self.assertEqual(r.json()["rows"][0]["row"], 2)
        self.assertFalse(DataValue.objects.exists())
        r = self.post(self.rows())
        self.assertEqual(r.json()["created"], 2)
        self.assertEqual(DataValue.objects.get(region__code="32.04").value, Decimal("90.00"))
        self.assertEqual(self.post(self.rows()).json()["created"], 0)
        self.assertEqual(DataValue.objects.count(), 2)

    def test_out_of_scope_rows_are_refused(self):
        self.client.force_login(self.outsider)
        r = self.post(self.rows())
        self.assertEqual(r.status_code, 400)
        self.assertFalse(DataValue.objects.exists())
        self.client.force_login(self.member)
        self.assertEqual(self.post(self.rows()).status_code, 400)
        self.client.logout()
        self.assertEqual(self.post(self.rows()).status_code, 401)
        self.assertFalse(DataValue.objects.exists())

    def test_a_malformed_body_is_a_400(self):
        self.client.force_login(self.regency)
        self.assertEqual(self.post({"not": "a list"}).status_code, 400)
        self.assertEqual(self.post([{"region": "32.04"}]).status_code, 400)


class NonPublicIndicatorTestCase(BaseTestCase):
    """Issue 13 item 4: a non-public indicator's values, roll-up and entered value are read only
    within scope, by the API as by the dashboards and exports (access.visible_values_filter)."""

    URL = "/api/rollups/?indicator=internal&region=32&year=2024"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.hidden = Indicator.objects.create(
            code="internal",
            name_id="Internal",
            name_en="Internal",
            unit="angka",
            sector="kelembagaan",
            aggregation="jumlah",
            source="-",
            is_public=False,
        )
        for region, number in [(cls.jabar, 77), (cls.kab_bandung, 5), (cls.kota_bandung, 6)]:
            DataValue.objects.create(
                indicator=cls.hidden,
                region=region,
                year=2024,
                source=cls.hidden.default_source,
                method=cls.hidden.default_method,
                value=number,
                status="terverifikasi",
            )

    def test_another_province_gets_nothing_of_a_non_public_indicator(self):
        self.client.force_login(self.outsider)
        response = self.client.get(self.URL)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(b"77", response.content)
        self.assertEqual(self.client.get("/api/data-values/?indicator=internal").json()["count"], 0)
        export = self.client.get("/data/ekspor.csv?wilayah=32&indikator=internal")
        self.assertNotIn("77", b"".join(export.streaming_content).decode())

    def test_the_province_itself_reads_it(self):
        self.client.force_login(self.provincial)
        body = self.client.get(self.URL).json()
        self.assertEqual(Decimal(body["direct_value"]), 77)
        self.assertEqual(Decimal(body["value"]), 11)
        self.assertEqual(self.client.get("/api/data-values/?indicator=internal").json()["count"], 3)

    def test_the_rule_names_the_verified_status(self):
        # pokja.access names DataValue's fields and status as text (pokja sits below monitoring).
        self.assertIn(("status", DataValue.Status.VERIFIED), PUBLISHED_VALUES.children)
