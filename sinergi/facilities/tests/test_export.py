"""The facility exports at national scale (issue 18): CSV and GeoJSON streamed row by row as the
database hands them over, XLSX refused beyond its cap with a message to filter or take the
CSV."""

import io
import json
from unittest import mock

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from sinergi.facilities.tests.base import FacilityTestCase, facility


def consume(response) -> bytes:
    return b"".join(response.streaming_content)


class StreamingTestCase(FacilityTestCase):
    def test_the_csv_is_written_while_it_is_sent(self):
        self.client.force_login(self.member)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/pokja/32.04/sarana/ekspor.csv")
            before = len(queries)
            lines = consume(response).decode("utf-8-sig").splitlines()
        self.assertTrue(response.streaming)
        # The facilities are read only once the body is being sent.
        self.assertFalse(any("facilities_facility" in q["sql"] for q in queries[:before]))
        self.assertTrue(any("facilities_facility" in q["sql"] for q in queries[before:]))
        self.assertEqual(len(lines), 3)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])

    def test_the_geojson_is_streamed_and_valid(self):
        for i in range(3):
            facility(f"MCK {i}", self.cinunuk, kind="mck", latitude=None, longitude=None)
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/sarana/ekspor.geojson", {"unduh": 1})
        self.assertTrue(response.streaming)
        self.assertIn("attachment", response["Content-Disposition"])
        data = json.loads(consume(response))
        self.assertEqual(len(data["features"]), 5)
        spam = next(f for f in data["features"] if f["id"] == self.spam.pk)
        self.assertEqual(spam["properties"]["url"], f"/pokja/32.04/sarana/{self.spam.pk}/")
        self.assertEqual(spam["properties"]["status"], "berfungsi")

    def test_an_empty_geojson_is_valid(self):
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/sarana/ekspor.geojson", {"jenis": "pah"})
        self.assertEqual(
            json.loads(consume(response)), {"type": "FeatureCollection", "features": []}
        )


class XlsxCapTestCase(FacilityTestCase):
    def test_a_list_within_the_cap_is_a_workbook(self):
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/sarana/ekspor.xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet.max_row, 3)

    @mock.patch("sinergi.facilities.files.XLSX_MAX_ROWS", 1)
    def test_a_longer_list_is_refused_with_a_message_to_filter_or_take_the_csv(self):
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/sarana/ekspor.xlsx", {"jenis": "", "q": "a"})
        self.assertRedirects(
            response, "/pokja/32.04/sarana/?jenis=&q=a", fetch_redirect_response=False
        )
        [message] = get_messages(response.wsgi_request)
        self.assertEqual(message.level_tag, "warning")
        self.assertIn("CSV", message.message)
        self.assertIn("2", message.message)
        # One facility fits.
        response = self.client.get("/pokja/32.04/sarana/ekspor.xlsx", {"jenis": "ipal_komunal"})
        self.assertEqual(response.status_code, 200)

    @mock.patch("sinergi.facilities.files.XLSX_MAX_ROWS", 1)
    def test_the_list_offers_no_xlsx_beyond_the_cap(self):
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/sarana/")
        self.assertNotContains(response, "/sarana/ekspor.xlsx")
        self.assertContains(response, 'id="xlsx-too-long"')
        self.assertContains(response, "/sarana/ekspor.csv")
        response = self.client.get("/pokja/32.04/sarana/", {"jenis": "ipal_komunal"})
        self.assertContains(response, "/sarana/ekspor.xlsx?jenis=ipal_komunal")

    @mock.patch("sinergi.facilities.files.XLSX_MAX_ROWS", 1)
    def test_the_refusal_is_in_the_users_language(self):
        self.client.force_login(self.member)
        response = self.client.get("/en/pokja/32.04/sarana/ekspor.xlsx")
        [message] = get_messages(response.wsgi_request)
        self.assertIn("download the CSV file", message.message)
