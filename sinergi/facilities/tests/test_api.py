from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.accounts.models import ApiToken
from sinergi.facilities.models import Inspection
from sinergi.facilities.tests.base import TODAY, FacilityTestCase, facility, inspect

S = Inspection.Status


class FacilityAPITestCase(FacilityTestCase):
    def test_facilities_are_open_data_with_their_status(self):
        inspect(self.spam, TODAY, S.NOT_WORKING, "Pompa rusak")
        facility("SPAM Uitao", self.kupang_village)
        with self.assertNumQueries(2):
            response = self.client.get("/api/facilities/?below=32.04")
        data = response.json()
        self.assertEqual(data["count"], 2)
        spam = next(item for item in data["results"] if item["id"] == self.spam.pk)
        self.assertEqual(spam["status"], "tidak_berfungsi")
        self.assertEqual(spam["village"], "32.04.05.2001")
        self.assertNotIn("inspected_by", spam)
        response = self.client.get("/api/facilities/?status=tidak_berfungsi")
        self.assertEqual([item["id"] for item in response.json()["results"]], [self.spam.pk])

    def test_facilities_take_the_same_queries_whatever_their_number(self):
        def listed():
            with CaptureQueriesContext(connection) as queries:
                data = self.client.get("/api/facilities/?below=32").json()
            return len(queries), data["count"]

        few, count = listed()
        for i in range(12):
            inspect(facility(f"MCK {i}", self.cileunyi_kulon, kind="mck"), TODAY, S.PARTLY)
        self.assertEqual(listed(), (few, count + 12))
        # Filters on the latest status read the row, as the list does.
        response = self.client.get("/api/facilities/?status=sebagian&below=32.04.05")
        self.assertEqual(response.json()["count"], 12)
        self.assertEqual(self.client.get("/api/facilities/?status=belum").json()["count"], 0)

    def test_inspections_need_a_login_and_stay_in_scope(self):
        self.assertEqual(self.client.get("/api/inspections/").status_code, 401)
        uitao = facility("SPAM Uitao", self.kupang_village)
        inspect(uitao, TODAY, S.WORKING)
        self.client.force_login(self.member)
        ids = {item["facility"] for item in self.client.get("/api/inspections/").json()["results"]}
        self.assertEqual(ids, {self.spam.pk, self.ipal.pk})
        self.client.force_login(self.outsider)
        ids = {item["facility"] for item in self.client.get("/api/inspections/").json()["results"]}
        self.assertEqual(ids, {uitao.pk})

    def test_a_narrow_scope_names_its_facilities_and_a_wide_one_joins_alike(self):
        uitao = facility("SPAM Uitao", self.kupang_village)
        inspect(uitao, TODAY, S.WORKING)
        self.client.force_login(self.member)

        def listed():
            with CaptureQueriesContext(connection) as queries:
                items = self.client.get("/api/inspections/").json()["results"]
            sql = queries.captured_queries[-1]["sql"]
            return [(item["id"], item["facility"]) for item in items], "regions_region" in sql

        named, joined = listed()
        self.assertFalse(joined)  # the facilities' ids, no join to the regions
        with mock.patch("sinergi.api.facilities.NAMED", 0):
            self.assertEqual(listed(), (named, True))
        self.assertEqual({pk for _id, pk in named}, {self.spam.pk, self.ipal.pk})

    def post(self, user, **data):
        key = ApiToken.objects.issue(user, "test")[1]
        values = {"facility": self.spam.pk, "inspected_on": "2025-06-01", "status": "berfungsi"}
        return self.client.post(
            "/api/inspections/",
            values | data,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {key}",
        )

    def test_the_secretariat_records_an_inspection(self):
        response = self.post(self.regency, status="tidak_berfungsi", problem="Pompa rusak")
        self.assertEqual(response.status_code, 201, response.content)
        inspection = self.spam.inspections.get(pk=response.json()["id"])
        self.assertEqual(inspection.inspected_by, self.regency)
        self.assertEqual(response.json()["inspected_by"], "Asep")
        [item] = self.client.get("/api/facilities/?status=tidak_berfungsi").json()["results"]
        self.assertEqual((item["id"], item["last_inspected_on"]), (self.spam.pk, "2025-06-01"))

    def test_readers_and_outsiders_may_not_record_an_inspection(self):
        self.assertEqual(self.post(self.member).status_code, 403)
        self.assertEqual(self.post(self.outsider).status_code, 403)
        self.assertEqual(self.spam.inspections.count(), 1)

    def test_the_form_checks_apply(self):
        response = self.post(self.regency, status="tidak_berfungsi")
        self.assertEqual(response.status_code, 400)
        self.assertIn("problem", response.json())
        self.assertEqual(self.post(self.regency, facility="x").status_code, 400)
