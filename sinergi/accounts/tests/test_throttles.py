from unittest import mock

from django.core import mail
from django.core.cache import cache
from django.test import override_settings

from sinergi.accounts.models import User
from sinergi.test import BaseTestCase

RESET_URL = "/akun/sandi/lupa/"


@override_settings(PASSWORD_RESET_LIMIT_PER_ADDRESS=3, PASSWORD_RESET_LIMIT_PER_EMAIL=2)
class PasswordResetThrottleTestCase(BaseTestCase):
    def setUp(self):
        cache.clear()  # counts of earlier tests

    def test_too_many_requests_from_one_address_are_refused_and_send_nothing(self):
        for n in range(3):
            r = self.client.post(RESET_URL, {"email": f"orang{n}@example.org"})
            self.assertRedirects(r, "/akun/sandi/lupa/terkirim/")
        r = self.client.post("/en" + RESET_URL, {"email": "bandung@example.org"})
        self.assertContains(r, "Too many requests for a new password", status_code=429)
        self.assertEqual(len(mail.outbox), 0)
        # Another address is counted on its own.
        r = self.client.post(RESET_URL, {"email": "bandung@example.org"}, REMOTE_ADDR="10.0.0.9")
        self.assertRedirects(r, "/akun/sandi/lupa/terkirim/")
        self.assertEqual(len(mail.outbox), 1)

    def test_too_many_requests_for_one_email_are_refused_from_any_address(self):
        for n in range(2):
            self.client.post(RESET_URL, {"email": "bandung@example.org"}, REMOTE_ADDR=f"10.0.0.{n}")
        self.assertEqual(len(mail.outbox), 2)
        r = self.client.post(RESET_URL, {"email": "Bandung@Example.org"}, REMOTE_ADDR="10.0.1.1")
        self.assertEqual(r.status_code, 429)
        self.assertEqual(len(mail.outbox), 2)

    def test_known_and_unknown_addresses_get_the_same_answer_and_no_mail_inside_the_request(self):
        queued = []
        with mock.patch(
            "sinergi.accounts.views.after_response",
            side_effect=lambda func, *args: queued.append((func, args)),
        ):
            known = self.client.post(RESET_URL, {"email": "bandung@example.org"})
            unknown = self.client.post(RESET_URL, {"email": "siapa@example.org"})
        self.assertEqual(len(mail.outbox), 0)
        self.assertEqual(
            (known.status_code, known["Location"], known.content),
            (unknown.status_code, unknown["Location"], unknown.content),
        )
        # The work after the response: a mail to the known address only.
        self.assertEqual(len(queued), 2)
        for func, args in queued:
            func(*args)
        self.assertEqual([m.to for m in mail.outbox], [["bandung@example.org"]])


class SignInAddressLimitTestCase(BaseTestCase):
    """django-axes locks one e-mail from one address; spraying one password over many accounts
    is limited per address."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for n in range(30):
            User.objects.create_user(f"staf{n}@example.org", "rahasia-lain", full_name=f"Staf {n}")

    def spray(self, url, field="username"):
        for n in range(30):
            self.client.post(url, {field: f"staf{n}@example.org", "password": "Jakarta2026!"})

    def test_a_password_sprayed_across_30_accounts_locks_the_address(self):
        self.spray("/akun/masuk/")
        r = self.client.post(
            "/akun/masuk/", {"username": "bandung@example.org", "password": "password"}
        )
        self.assertContains(r, "Terlalu banyak", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)
        # Other addresses sign in as before.
        r = self.client.post(
            "/akun/masuk/",
            {"username": "bandung@example.org", "password": "password"},
            REMOTE_ADDR="10.0.0.7",
        )
        self.assertRedirects(r, "/dasbor/")

    def test_the_admin_sign_in_is_limited_too(self):
        self.spray("/admin/login/")
        r = self.client.post(
            "/admin/login/", {"username": "bandung@example.org", "password": "password"}
        )
        self.assertEqual(r.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    @override_settings(SIGN_IN_ADDRESS_FAILURE_LIMIT=40)
    def test_the_limit_is_a_setting(self):
        self.spray("/akun/masuk/")
        r = self.client.post(
            "/akun/masuk/", {"username": "bandung@example.org", "password": "password"}
        )
        self.assertRedirects(r, "/dasbor/")
