from django.template.loader import render_to_string
from django.test import TestCase
from django.utils import translation


class ErrorPagesTestCase(TestCase):
    def test_404_in_both_languages(self):
        r = self.client.get("/tidak-ada/")
        self.assertContains(r, "Halaman tidak ditemukan", status_code=404)
        r = self.client.get("/en/nothing-here/")
        self.assertContains(r, "Page not found", status_code=404)

    def test_500_page_renders_without_a_request_in_both_languages(self):
        with translation.override("id"):
            self.assertIn("Terjadi kesalahan", render_to_string("500.html"))
        with translation.override("en"):
            self.assertIn("Something went wrong", render_to_string("500.html"))

    def test_403_in_indonesian(self):
        html = render_to_string("403.html")
        self.assertIn("<h1>", html)

    def test_healthz_answers_when_the_database_does(self):
        r = self.client.get("/healthz")
        self.assertEqual((r.status_code, r.content), (200, b"ok\n"))

    def test_pages_send_security_headers(self):
        r = self.client.get("/")
        self.assertEqual(r.headers["X-Frame-Options"], "DENY")
        self.assertEqual(r.headers["X-Content-Type-Options"], "nosniff")
