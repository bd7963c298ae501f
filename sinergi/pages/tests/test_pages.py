from sinergi.pages.models import Page
from sinergi.pages.reference import PAGES, load_pages
from sinergi.test import BaseTestCase


class PagesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_pages()
        cls.hidden = Page.objects.create(
            slug="rahasia", title_id="Draf", title_en="Draft", body_id="x", body_en="x",
            is_published=False,
        )  # fmt: skip

    def test_load_pages_creates_the_four_pages_once_and_keeps_edits(self):
        self.assertEqual(
            set(Page.objects.values_list("slug", flat=True)),
            {"tentang", "tanya-jawab", "cara-membentuk-pokja", "kontak", "rahasia"},
        )
        Page.objects.filter(slug="kontak").update(body_id="Diubah")
        Page.objects.filter(slug="tentang").delete()
        self.assertEqual(load_pages(), {"pages": 1})
        self.assertEqual(Page.objects.get(slug="kontak").body_id, "Diubah")
        self.assertEqual(load_pages(), {"pages": 0})
        self.assertEqual(len(PAGES), 4)

    def test_pages_are_public_in_both_languages(self):
        for user in (None, self.outsider, self.member):
            with self.subTest(user=user and user.email):
                self.client.logout()
                if user:
                    self.client.force_login(user)
                r = self.client.get("/halaman/tanya-jawab/")
                self.assertContains(r, "<h1>Tanya jawab</h1>", html=True)
                self.assertContains(r, "<h2>Apa itu Pokja AMPL?</h2>", html=True)
                self.assertNotContains(r, "Ubah halaman")
        r = self.client.get("/en/halaman/tanya-jawab/")
        self.assertContains(r, "<h1>Frequently asked questions</h1>", html=True)
        self.assertContains(r, "<h2>What is a Pokja AMPL?</h2>", html=True)

    def test_formation_page_lists_the_four_steps(self):
        r = self.client.get("/halaman/cara-membentuk-pokja/")
        for step in ("Memetakan para pelaku", "Orientasi dan kesepakatan", "model dan struktur",
                     "arah dan program"):  # fmt: skip
            self.assertContains(r, step)

    def test_unpublished_and_unknown_pages_are_404_except_for_the_national_secretariat(self):
        self.assertEqual(self.client.get("/halaman/tidak-ada/").status_code, 404)
        for user, status in [(None, 404), (self.regency, 404), (self.national, 200)]:
            with self.subTest(user=user and user.email):
                self.client.logout()
                if user:
                    self.client.force_login(user)
                self.assertEqual(self.client.get("/halaman/rahasia/").status_code, status)

    def test_raw_html_in_a_page_is_shown_as_text(self):
        Page.objects.filter(slug="kontak").update(body_id="<script>alert(1)</script> **tebal**")
        r = self.client.get("/halaman/kontak/")
        self.assertNotContains(r, "<script>alert(1)")
        self.assertContains(r, "&lt;script&gt;")
        self.assertContains(r, "<strong>tebal</strong>", html=True)

    def test_only_the_national_secretariat_manages_pages(self):
        urls = ["/halaman/", "/halaman/baru/", "/halaman/kontak/ubah/"]
        for url in urls:
            for user, status in [
                (self.national, 200),
                (self.provincial, 403),
                (self.regency, 403),
                (self.member, 403),
                (self.outsider, 403),
            ]:
                with self.subTest(url=url, user=user.email):
                    self.client.force_login(user)
                    self.assertEqual(self.client.get(url).status_code, status)
            with self.subTest(url=url, user="visitor"):
                self.client.logout()
                r = self.client.get(url)
                self.assertEqual(r.status_code, 302)
                self.assertIn("/akun/masuk/", r["Location"])

    def test_a_refused_edit_changes_nothing(self):
        self.client.force_login(self.provincial)
        r = self.client.post("/halaman/kontak/ubah/", self._data(title_id="Diretas"))
        self.assertEqual(r.status_code, 403)
        self.assertEqual(Page.objects.get(slug="kontak").title_id, "Kontak")

    def _data(self, **fields):
        data = {
            "title_id": "Kontak kami",
            "body_id": "Isi",
            "title_en": "Contact us",
            "body_en": "Text",
            "order": 5,
            "is_published": "on",
        }
        return {**data, **fields}

    def test_national_secretariat_edits_both_languages(self):
        self.client.force_login(self.national)
        r = self.client.get("/halaman/kontak/ubah/")
        self.assertContains(r, 'lang="en"')
        self.assertNotContains(r, 'name="slug"')
        r = self.client.post("/halaman/kontak/ubah/", self._data())
        self.assertRedirects(r, "/halaman/kontak/")
        page = Page.objects.get(slug="kontak")
        self.assertEqual((page.title_id, page.title_en), ("Kontak kami", "Contact us"))
        self.assertEqual(page.updated_by, self.national)
        self.assertContains(self.client.get("/en/halaman/kontak/"), "Contact us")

    def test_invalid_edit_shows_errors_and_changes_nothing(self):
        self.client.force_login(self.national)
        r = self.client.post("/halaman/kontak/ubah/", self._data(title_en=""))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "errorlist")
        self.assertEqual(Page.objects.get(slug="kontak").title_en, "Contact")

    def test_national_secretariat_adds_a_page_with_a_free_address(self):
        self.client.force_login(self.national)
        r = self.client.post("/halaman/baru/", self._data(slug="baru"))
        self.assertEqual(r.status_code, 200)
        r = self.client.post("/halaman/baru/", self._data(slug="kontak"))
        self.assertEqual(r.status_code, 200)
        r = self.client.post("/halaman/baru/", self._data(slug="panduan-data"))
        self.assertRedirects(r, "/halaman/panduan-data/")

    def test_list_query_count_does_not_grow(self):
        self.client.force_login(self.national)
        self.client.get("/halaman/")
        for i in range(5):
            Page.objects.create(slug=f"p{i}", title_id="t", title_en="t", body_id="b", body_en="b")
        with self.assertNumQueries(5):  # session, user, scope, unread notifications, pages
            self.client.get("/halaman/")
