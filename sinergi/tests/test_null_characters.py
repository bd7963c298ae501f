"""A NUL character in a query string or a form is refused with a 400 before any view runs
(PostgreSQL cannot store or compare it)."""

from sinergi.knowledge.models import Article
from sinergi.test import BaseTestCase


class NullCharacterTestCase(BaseTestCase):
    def test_query_strings_with_a_nul_are_refused(self):
        self.client.force_login(self.regency)
        for url in [
            "/pokja/32.04/pengetahuan/?tag=%00",
            "/cari/?q=sanitasi%00",
            "/pokja/?provinsi=3%002",
            "/pustaka/?kategori=%00",
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "Permintaan tidak valid", status_code=400)

    def test_forms_with_a_nul_change_nothing(self):
        self.client.force_login(self.regency)
        response = self.client.post(
            "/pokja/32.04/pengetahuan/baru/",
            {"title": "Kontak PDAM\x00", "kind": "kontak", "body": "Teks"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Article.objects.exists())

    def test_ordinary_requests_pass(self):
        self.assertEqual(self.client.get("/cari/?q=sanitasi").status_code, 200)
