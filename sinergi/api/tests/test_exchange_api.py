import json
from decimal import Decimal

from sinergi.accounts.models import ApiToken
from sinergi.monitoring.models import DataValue
from sinergi.monitoring.tests.base import MonitoringTestCase, indicator, value

DHIS2 = "/api/exchange/dhis2/dataValueSets"
SDMX = "/api/exchange/sdmx"
FIELDS = ("indicator__code", "region__code", "year", "period", "source", "method")
FIGURES = ("value", "numerator", "denominator", "note")


def stored():
    return set(DataValue.objects.values_list(*FIELDS, *FIGURES))


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


class ExchangeApiTestCase(MonitoringTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.hidden = indicator("internal", "Internal", "Internal", is_public=False)
        value(cls.hidden, cls.kab_bandung, 2024, 5, 10)

    def export(self, path=DHIS2 + ".json", query=""):
        response = self.client.get(path + query)
        self.assertEqual(response.status_code, 200)
        return body(response)

    def post(self, path, data, query="", content_type="application/json"):
        return self.client.post(path + query, data, content_type=content_type)

    def test_visitors_get_only_published_values(self):
        items = json.loads(self.export())["dataValues"]
        elements = {(i["dataElement"], i["orgUnit"]) for i in items}
        self.assertIn(("am-layak", "32.01"), elements)
        self.assertNotIn(("am-layak", "32.73"), elements)  # a draft
        self.assertNotIn(("internal", "32.04"), elements)  # a non-public indicator
        self.assertNotIn("internal", self.export(SDMX + ".csv"))
        # Within its scope, the secretariat of Kabupaten Bandung reads both of its own.
        self.client.force_login(self.regency)
        elements = {
            (i["dataElement"], i["orgUnit"]) for i in json.loads(self.export())["dataValues"]
        }
        self.assertIn(("internal", "32.04"), elements)
        self.assertNotIn(("am-layak", "32.73"), elements)

    def test_an_export_is_one_query_whatever_its_size(self):
        for path in (DHIS2 + ".json", SDMX + ".csv"):
            with self.subTest(path=path), self.assertNumQueries(1):
                self.export(path)

    def test_filters(self):
        items = json.loads(self.export(query="?region=32.04&year=2023&indicator=am-layak"))
        self.assertEqual(
            {(i["dataElement"], i["value"]) for i in items["dataValues"]},
            {
                ("am-layak", "85"),
                ("am-layak.numerator", "850000"),
                ("am-layak.denominator", "1000000"),
            },
        )
        for query in ("?region=99", "?year=abc", "?period=q1", "?region=%00"):
            with self.subTest(query=query):
                self.assertEqual(self.client.get(DHIS2 + ".json" + query).status_code, 400)
                self.assertEqual(self.client.get(SDMX + ".csv" + query).status_code, 400)

    def test_a_dhis2_export_imported_into_an_empty_instance_gives_the_same_values(self):
        self.client.force_login(self.national)
        before = stored()
        exported = self.export()
        DataValue.objects.all().delete()
        response = self.post(DHIS2, exported)
        self.assertEqual(response.status_code, 200, response.json())
        self.assertEqual(response.json()["importCount"]["imported"], len(before))
        self.assertEqual(stored(), before)

    def test_an_sdmx_export_imported_into_an_empty_instance_gives_the_same_values(self):
        self.client.force_login(self.national)
        before = stored()
        exported = self.export(SDMX + ".csv")
        DataValue.objects.all().delete()
        response = self.post(SDMX, exported, content_type="text/csv")
        self.assertEqual(response.status_code, 200, response.json())
        self.assertEqual(stored(), before)

    def test_a_dry_run_writes_nothing_and_reports_unmapped_codes(self):
        key = ApiToken.objects.issue(self.regency, "DHIS2")[1]
        headers = {"Authorization": f"Token {key}"}
        data = {
            "period": "2024",
            "dataValues": [
                {"dataElement": "am-layak.numerator", "orgUnit": "32.04", "value": "950000"},
                {"dataElement": "am-layak.denominator", "orgUnit": "32.04", "value": "1000000"},
                {"dataElement": "Xyz123abcde", "orgUnit": "OU_3204", "value": "1"},
            ],
        }
        before = stored()
        response = self.client.post(
            DHIS2 + "?dryRun=true", data, content_type="application/json", headers=headers
        )
        self.assertEqual(response.status_code, 409)
        answer = response.json()
        self.assertEqual(answer["status"], "ERROR")
        self.assertEqual(
            answer["unmapped"], {"dataElement": {"Xyz123abcde": 1}, "orgUnit": {"OU_3204": 1}}
        )
        self.assertEqual({c["row"] for c in answer["conflicts"]}, {3})
        # Mapped, the dry run counts what the import would do, and still writes nothing.
        data["mapping"] = {
            "dataElement": {"Xyz123abcde": "san-babs.numerator"},
            "orgUnit": {"OU_3204": "32.04"},
        }
        data["dataValues"].append(
            {"dataElement": "san-babs.denominator", "orgUnit": "32.04", "value": "10"}
        )
        response = self.client.post(
            DHIS2 + "?dryRun=true", data, content_type="application/json", headers=headers
        )
        self.assertEqual(response.status_code, 200, response.json())
        self.assertEqual(
            response.json()["importCount"],
            {"imported": 0, "updated": 2, "ignored": 0, "deleted": 0},
        )
        self.assertTrue(response.json()["dryRun"])
        self.assertEqual(stored(), before)
        response = self.client.post(DHIS2, data, content_type="application/json", headers=headers)
        self.assertEqual(response.status_code, 200)
        water = DataValue.objects.get(indicator=self.water, region=self.kab_bandung, year=2024)
        self.assertEqual(water.revised_value, Decimal("95"))  # verified: a proposed change

    def test_visitors_and_members_cannot_import_and_a_secretariat_only_its_regions(self):
        data = {
            "dataValues": [
                {
                    "dataElement": "am-layak.numerator",
                    "orgUnit": "53.01",
                    "period": "2025",
                    "value": "1",
                },
                {
                    "dataElement": "am-layak.denominator",
                    "orgUnit": "53.01",
                    "period": "2025",
                    "value": "2",
                },
            ]
        }
        before = stored()
        self.assertEqual(self.post(DHIS2, data).status_code, 401)
        self.assertEqual(self.post(SDMX, "x", content_type="text/csv").status_code, 401)
        for user in (self.regency, self.member):
            self.client.force_login(user)
            response = self.post(DHIS2, data)
            self.assertEqual(response.status_code, 409)
            self.assertEqual({c["property"] for c in response.json()["conflicts"]}, {"orgUnit"})
        self.client.force_login(self.outsider)  # NTT's secretariat: Kupang lies in its province
        self.assertEqual(self.post(DHIS2, data).status_code, 200)
        self.assertNotEqual(stored(), before)

    def test_unreadable_bodies_are_a_400_with_a_message(self):
        self.client.force_login(self.regency)
        for path, data, content_type in [
            (DHIS2, "{not json", "application/json"),
            (DHIS2, "[]", "application/json"),
            (DHIS2, "", "application/json"),
            (DHIS2, '{"dataValues": [], "mapping": 3}', "application/json"),
            (SDMX, "A,B\n1,2\n", "text/csv"),
            (SDMX, "", "text/csv"),
        ]:
            with self.subTest(data=data):
                response = self.post(path, data, content_type=content_type)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["status"], "ERROR")
                self.assertTrue(response.json()["conflicts"][0]["value"])


class NulCharacterTestCase(MonitoringTestCase):
    def test_a_nul_in_a_data_value_set_is_refused_not_a_server_error(self):
        """The contract test found a 500 on PostgreSQL: an orgUnit holding "\\u0000" reached a
        query. Now the document is refused before anything is read from the database."""
        self.client.force_login(self.regency)
        before = stored()
        for document in (
            '{"dataValues": [{"dataElement": "am-layak", "period": "2024", '
            '"orgUnit": "32.04\\u0000", "value": "1"}]}',
            '{"mapping": {"orgUnit": {"x\\u0000": "32.04"}}, "dataValues": []}',
        ):
            response = self.client.post(DHIS2, document, content_type="application/json")
            self.assertEqual(response.status_code, 400)
            self.assertIn("NUL", json.dumps(response.json()))
        response = self.client.post(SDMX, "DATAFLOW\x00\n", content_type="text/csv")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(stored(), before)
