"""Every error of the API answers one JSON shape, {"detail": ..., "code": ...} (with the fields'
messages beside them in a 400), including those given before any API view runs; and filters
and page sizes are read alike on every list (issue 17, item 1)."""

import datetime
import json
from unittest import mock

from django.db import IntegrityError, OperationalError
from django.test import Client, RequestFactory
from rest_framework import exceptions
from rest_framework.throttling import SimpleRateThrottle

from sinergi.accounts.models import ApiToken
from sinergi.api.errors import error_body
from sinergi.facilities.models import Facility, Inspection
from sinergi.lib.middleware import IntegrityConflictMiddleware, max_request_bytes
from sinergi.meetings.models import ActionItem, Decision, Meeting
from sinergi.programmes.models import Programme
from sinergi.test import BaseTestCase


class ErrorShapeTestCase(BaseTestCase):
    def assertError(self, response, status, code):
        self.assertEqual(response.status_code, status)
        self.assertEqual(response["Content-Type"], "application/json")
        body = json.loads(response.content)
        self.assertEqual(body["code"], code)
        self.assertIsInstance(body["detail"], str)
        self.assertTrue(body["detail"])
        return body

    def test_a_nul_in_a_query_is_a_json_400_before_authentication(self):
        body = self.assertError(self.client.get("/api/regions/?name=%00"), 400, "null_character")
        self.assertIn("NUL", body["detail"])
        # An unknown token would be a 401; the NUL is refused first, for every client alike.
        bad_token = {"Authorization": "Token nope"}
        r = self.client.get("/api/meetings/?kind=%00", headers=bad_token)
        self.assertError(r, 400, "null_character")

    def test_a_nul_in_a_form_under_the_api_is_a_json_400(self):
        self.client.force_login(self.regency)
        r = self.client.post("/api/inspections/", {"problem": "bocor\x00"})
        self.assertError(r, 400, "null_character")

    def test_pages_keep_their_html_400_for_a_nul(self):
        r = self.client.get("/cari/?q=%00")
        self.assertEqual(r.status_code, 400)
        self.assertIn("text/html", r["Content-Type"])

    def test_an_unknown_api_address_is_a_json_404(self):
        self.assertError(self.client.get("/api/nowhere/"), 404, "not_found")
        self.assertError(self.client.get("/api/regions/32/nothing/"), 404, "not_found")

    def test_a_missing_slash_still_redirects_and_pages_keep_their_html_404(self):
        self.assertRedirects(
            self.client.get("/api/regions"), "/api/regions/", 301, fetch_redirect_response=False
        )
        r = self.client.get("/tidak-ada/")
        self.assertEqual(r.status_code, 404)
        self.assertIn("text/html", r["Content-Type"])

    def test_a_record_out_of_reach_is_drfs_translated_404(self):
        body = self.assertError(self.client.get("/api/regions/99/"), 404, "not_found")
        self.assertNotIn("matches the given query", body["detail"])

    def test_authentication_errors(self):
        self.assertError(self.client.get("/api/meetings/"), 401, "not_authenticated")
        r = self.client.get("/api/regions/", headers={"Authorization": "Token nope"})
        self.assertError(r, 401, "authentication_failed")
        _token, key = ApiToken.objects.issue(self.regency, "Baca", read_only=True)
        r = self.client.patch(
            "/api/working-groups/32.04/",
            {"name": "Baru"},
            content_type="application/json",
            headers={"Authorization": f"Token {key}"},
        )
        self.assertError(r, 403, "permission_denied")

    def test_invalid_input_has_the_fields_beside_detail_and_code(self):
        self.client.force_login(self.regency)
        r = self.client.patch(
            "/api/working-groups/32.04/",
            {"email": "bukan-email"},
            content_type="application/json",
        )
        body = self.assertError(r, 400, "invalid")
        self.assertEqual(set(body), {"detail", "code", "email"})
        self.assertIsInstance(body["email"], list)

    def test_a_message_of_no_field_is_the_detail_too(self):
        body = error_body(exceptions.ValidationError("Tahun tidak dikenal."))
        self.assertEqual(
            body,
            {
                "detail": "Tahun tidak dikenal.",
                "code": "invalid",
                "non_field_errors": ["Tahun tidak dikenal."],
            },
        )
        # A field named like the error's own keys cannot hide them.
        body = error_body(exceptions.ValidationError({"code": ["Kode ganda."]}))
        self.assertEqual(body["code"], "invalid")
        self.assertEqual(body["code_field"], ["Kode ganda."])

    def test_throttling(self):
        rates = {"anon": "1/minute", "user": "1/minute"}
        with mock.patch.object(SimpleRateThrottle, "THROTTLE_RATES", rates):
            self.client.get("/api/regions/")
            r = self.client.get("/api/regions/")
        self.assertError(r, 429, "throttled")
        self.assertTrue(r["Retry-After"])

    def test_the_database_down_is_a_json_503(self):
        client = Client(raise_request_exception=False)
        client.force_login(self.regency)
        down = OperationalError("connection refused")
        with (
            mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=down),
            self.assertLogs("django.request", "ERROR"),
        ):
            r = client.get("/api/regions/")
        self.assertError(r, 503, "service_unavailable")
        self.assertEqual(r["Retry-After"], "60")

    def test_a_write_conflict_is_a_json_409(self):
        request = RequestFactory().post("/api/inspections/")
        response = IntegrityConflictMiddleware(lambda r: None).process_exception(
            request, IntegrityError("UNIQUE constraint failed")
        )
        self.assertError(response, 409, "conflict")

    def test_an_oversized_body_is_a_json_413(self):
        self.client.force_login(self.regency)
        r = self.client.generic(
            "POST",
            "/api/inspections/",
            b"{}",
            content_type="application/json",
            CONTENT_LENGTH=str(max_request_bytes() + 1),
        )
        self.assertError(r, 413, "request_too_large")


class ListParametersTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        programme = Programme.objects.create(
            name="PAMSIMAS",
            kind=Programme.Kind.NATIONAL,
            sector="air_minum",
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
            registered_by=cls.bandung_group,
        )
        facility = Facility.objects.create(
            kind="spam", name="SPAM Cinunuk", village=cls.cinunuk, programme=programme
        )
        Inspection.objects.create(
            facility=facility, inspected_on=datetime.date(2025, 3, 1), status="berfungsi"
        )
        meeting = Meeting.objects.create(
            working_group=cls.bandung_group,
            kind=Meeting.Kind.COORDINATION,
            title="Rapat",
            starts_at=datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.UTC),
        )
        decision = Decision.objects.create(meeting=meeting, number=1, text="Sepakat")
        ActionItem.objects.create(
            working_group=cls.bandung_group,
            decision=decision,
            title="Kirim data",
            due_on=datetime.date(2025, 9, 1),
            owner_institution=cls.bappeda,
        )

    # Lists filtered by the id of another record.
    ID_FILTERS = [
        "/api/facilities/?programme=",
        "/api/inspections/?facility=",
        "/api/decisions/?meeting=",
        "/api/action-items/?decision=",
        "/api/action-items/?owner_person=",
    ]

    def test_an_id_that_matches_nothing_is_an_empty_list_everywhere(self):
        self.client.force_login(self.regency)
        for url in self.ID_FILTERS:
            for value in ("0", "987654"):
                with self.subTest(url=url, value=value):
                    r = self.client.get(url + value)
                    self.assertEqual(r.status_code, 200)
                    self.assertEqual(r.json()["count"], 0)

    def test_a_malformed_id_is_a_400_everywhere(self):
        self.client.force_login(self.regency)
        for url in self.ID_FILTERS:
            for value in ("abc", "-1", "1.5", "99999999999999999999"):
                with self.subTest(url=url, value=value):
                    r = self.client.get(url + value)
                    self.assertEqual(r.status_code, 400)
                    self.assertEqual(r.json()["code"], "invalid")
                    self.assertIn(url.split("?")[1].rstrip("="), r.json())

    def test_a_matching_id_still_filters(self):
        self.client.force_login(self.regency)
        programme = Programme.objects.get()
        r = self.client.get(f"/api/facilities/?programme={programme.pk}")
        self.assertEqual(r.json()["count"], 1)

    def test_a_page_size_that_is_no_number_is_a_400(self):
        for value in ("abc", "0", "-5", "2.5"):
            with self.subTest(value=value):
                r = self.client.get(f"/api/regions/?page_size={value}")
                self.assertEqual(r.status_code, 400)
                self.assertEqual(set(r.json()), {"detail", "code", "page_size"})

    def test_a_page_size_is_honoured_up_to_the_maximum(self):
        r = self.client.get("/api/regions/?page_size=2")
        self.assertEqual(len(r.json()["results"]), 2)
        self.assertIn("page_size=2", r.json()["next"])
        r = self.client.get("/api/regions/?page_size=5000")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(len(r.json()["results"]), 8)  # every region, within one page of 1000

    def test_a_moment_is_read_in_utc_or_refused(self):
        self.client.force_login(self.regency)
        # PostgreSQL knows no offset beyond ±15:59; Python reads this one.
        r = self.client.get("/api/meetings/?starts_after=2024-04-24T18:12:06%2B16:08")
        self.assertEqual(r.json()["count"], 1)
        r = self.client.get("/api/meetings/?starts_before=2025-03-01T10:00:00%2B00:30")
        self.assertEqual(r.json()["count"], 1)
        # A moment past the calendar once in UTC.
        r = self.client.get("/api/meetings/?starts_before=9999-12-31T23:00:00-05:00")
        self.assertEqual(r.status_code, 400)
        self.assertIn("starts_before", r.json())

    def test_the_directory_refuses_filters_it_cannot_read(self):
        for query in ("status=aktif-sekali", "jenis=lain", "provinsi=jabar"):
            with self.subTest(query=query):
                r = self.client.get(f"/api/directory/?{query}")
                self.assertEqual(r.status_code, 400)
                self.assertIn(query.split("=")[0], r.json())
        # A well-formed province code that names no province selects nothing.
        self.assertEqual(self.client.get("/api/directory/?provinsi=99").json(), [])
        codes = [row["code"] for row in self.client.get("/api/directory/?provinsi=53").json()]
        self.assertEqual(codes, ["53", "53.01"])
