"""The database unreachable (issue 19, item 2): pages answer 503 with Retry-After and a short
page, the API JSON, and the log has one line per request instead of a traceback each."""

from unittest import mock

from django.db import OperationalError
from django.test import Client

from sinergi.test import BaseTestCase

DOWN = OperationalError('connection to server at "127.0.0.1", port 5432 failed')


class DatabaseDownTestCase(BaseTestCase):
    def client_when_down(self):
        client = Client(raise_request_exception=False)
        client.force_login(self.regency)
        return client, mock.patch(
            "django.contrib.sessions.backends.db.SessionStore.load", side_effect=DOWN
        )

    def test_a_page_answers_503_with_retry_after_and_one_log_line(self):
        client, down = self.client_when_down()
        with down, self.assertLogs("django.request", "ERROR") as logs:
            response = client.get("/pokja/32.04/ruang-kerja/")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "60")
        self.assertContains(response, "<html lang=", status_code=503)
        self.assertEqual(len(logs.records), 1)
        self.assertIsNone(logs.records[0].exc_info)
        self.assertIn("database unavailable", logs.records[0].getMessage())

    def test_the_api_answers_json(self):
        client, down = self.client_when_down()
        with down, self.assertLogs("django.request", "ERROR"):
            response = client.get("/api/regions/")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertIn("detail", response.json())

    def test_any_other_error_is_still_the_500_page(self):
        client = Client(raise_request_exception=False)
        client.force_login(self.regency)
        with (
            mock.patch(
                "django.contrib.sessions.backends.db.SessionStore.load",
                side_effect=RuntimeError("bug"),
            ),
            self.assertLogs("django.request", "ERROR") as logs,
        ):
            page = client.get("/pokja/32.04/ruang-kerja/")
            api = client.get("/api/regions/")
        self.assertEqual((page.status_code, api.status_code), (500, 500))
        self.assertIn("detail", api.json())
        self.assertIsNotNone(logs.records[0].exc_info)  # a bug keeps its traceback
