"""Pages, news and knowledge articles in the API (sinergi/api/content.py)."""

from sinergi.accounts.models import ApiToken
from sinergi.knowledge.tests.base import make_article
from sinergi.news.tests.base import make_post, png_upload
from sinergi.pages.reference import load_pages
from sinergi.test import BaseTestCase


class ContentAPITestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_pages()
        cls.published = make_post(cls.bandung_group, "Desa Cinunuk ODF")
        cls.draft = make_post(cls.bandung_group, "Draf Bandung", days_ago=None)
        cls.kupang_draft = make_post(cls.kupang_group, "Draf Kupang", days_ago=None)
        cls.public = make_article(cls.bandung_group, "Usulan musrenbang", public=True, tags=["a"])
        cls.internal = make_article(cls.bandung_group, "Kontak PDAM", tags=["PDAM"])
        cls.kupang = make_article(cls.kupang_group, "Kontak Kupang")

    def get(self, url, user=None):
        headers = {"Accept": "application/json"}
        if user:
            headers["Authorization"] = f"Token {ApiToken.objects.issue(user, 'test')[1]}"
        return self.client.get(url, headers=headers)

    def names(self, response, key="title"):
        return {row[key] for row in response.json()["results"]}

    def test_pages_are_open_data(self):
        r = self.get("/api/pages/")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(
            self.names(r, "slug"), {"tentang", "tanya-jawab", "cara-membentuk-pokja", "kontak"}
        )
        r = self.get("/api/pages/tanya-jawab/")
        self.assertEqual(r.json()["title_en"], "Frequently asked questions")

    def test_news_drafts_only_in_scope(self):
        for user, expected in [
            (None, {"Desa Cinunuk ODF"}),
            # The NTT secretariat reads Kupang's draft, never Bandung's.
            (self.outsider, {"Desa Cinunuk ODF", "Draf Kupang"}),
            (self.member, {"Desa Cinunuk ODF", "Draf Bandung"}),
            (self.provincial, {"Desa Cinunuk ODF", "Draf Bandung"}),
            (self.national, {"Desa Cinunuk ODF", "Draf Bandung", "Draf Kupang"}),
        ]:
            with self.subTest(user=user and user.email):
                self.assertEqual(self.names(self.get("/api/news/", user)), expected)
        self.assertEqual(self.get(f"/api/news/{self.draft.pk}/").status_code, 404)
        self.assertEqual(self.get(f"/api/news/{self.draft.pk}/", self.outsider).status_code, 404)
        self.assertEqual(self.get(f"/api/news/{self.draft.pk}/", self.member).status_code, 200)

    def test_news_filters_and_image_address(self):
        self.published.image.save("foto.png", png_upload())
        self.published.image_description = "Foto"
        self.published.save()
        r = self.get("/api/news/?working_group=32.04")
        row = r.json()["results"][0]
        self.assertEqual(row["working_group"], "32.04")
        self.assertTrue(row["image"].startswith(f"http://testserver/berita/{self.published.pk}/"))
        self.assertEqual(self.names(self.get("/api/news/?working_group=53.01")), set())

    def test_articles_internal_only_in_scope(self):
        for user, expected in [
            (None, {"Usulan musrenbang"}),
            (self.outsider, {"Usulan musrenbang", "Kontak Kupang"}),
            (self.member, {"Usulan musrenbang", "Kontak PDAM"}),
            (self.national, {"Usulan musrenbang", "Kontak PDAM", "Kontak Kupang"}),
        ]:
            with self.subTest(user=user and user.email):
                self.assertEqual(self.names(self.get("/api/articles/", user)), expected)
        r = self.get("/api/articles/?tag=PDAM", self.member)
        self.assertEqual(self.names(r), {"Kontak PDAM"})
        self.assertEqual(self.get(f"/api/articles/{self.internal.pk}/").status_code, 404)

    def test_writes_are_not_allowed(self):
        r = self.client.post("/api/news/", {"title": "x"}, headers={"Accept": "application/json"})
        self.assertIn(r.status_code, (401, 403, 405))

    def test_list_query_counts_do_not_grow(self):
        self.get("/api/articles/", self.member)
        for i in range(10):
            make_post(self.bandung_group, f"Berita {i}")
            make_article(self.bandung_group, f"Artikel {i}", tags=[f"t{i}"])
        with self.assertNumQueries(2):  # count, page
            self.get("/api/news/")
        with self.assertNumQueries(3):  # count, page, tags
            self.get("/api/articles/")

    def test_schema_lists_the_content_endpoints(self):
        r = self.client.get("/api/schema/", headers={"Accept": "application/json"})
        self.assertEqual(r.status_code, 200)
        paths = r.json()["paths"]
        for path in ("/api/pages/", "/api/pages/{slug}/", "/api/news/", "/api/articles/"):
            self.assertIn(path, paths)
