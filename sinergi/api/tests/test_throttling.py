from unittest import mock

from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from sinergi.accounts.models import ApiToken
from sinergi.test import BaseTestCase


def rates(anon, user):
    # DRF reads DEFAULT_THROTTLE_RATES once, at import: override_settings cannot change them.
    return mock.patch.object(SimpleRateThrottle, "THROTTLE_RATES", {"anon": anon, "user": user})


class ThrottlingTestCase(BaseTestCase):
    def setUp(self):
        cache.clear()  # counts of earlier tests

    def tearDown(self):
        cache.clear()

    @rates("3/minute", "100/minute")
    def test_anonymous_clients_get_429_with_retry_after_past_the_rate(self):
        for _ in range(3):
            self.assertEqual(self.client.get("/api/regions/").status_code, 200)
        r = self.client.get("/api/regions/")
        self.assertEqual(r.status_code, 429)
        self.assertTrue(0 < int(r["Retry-After"]) <= 60)
        # Counted per client address.
        self.assertEqual(self.client.get("/api/regions/", REMOTE_ADDR="10.0.0.3").status_code, 200)

    @rates("100/minute", "2/minute")
    def test_token_clients_are_counted_per_user(self):
        _token, key = ApiToken.objects.issue(self.regency, "laptop")
        auth = {"Authorization": f"Token {key}"}
        for _ in range(2):
            self.assertEqual(self.client.get("/api/regions/", headers=auth).status_code, 200)
        r = self.client.get("/api/regions/", headers=auth)
        self.assertEqual(r.status_code, 429)
        self.assertIn("Retry-After", r)
        # Another user from the same address is not slowed down.
        self.client.force_login(self.member)
        self.assertEqual(self.client.get("/api/regions/").status_code, 200)

    @rates("1/minute", "100/minute")
    def test_a_forged_forwarded_for_header_does_not_reset_the_count(self):
        self.client.get("/api/regions/", HTTP_X_FORWARDED_FOR="1.1.1.1")
        r = self.client.get("/api/regions/", HTTP_X_FORWARDED_FOR="2.2.2.2")
        self.assertEqual(r.status_code, 429)
