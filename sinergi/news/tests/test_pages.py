import datetime
import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sinergi.news.models import Post
from sinergi.news.tests.base import NewsTestCase, make_post, png_upload

ATOM = "{http://www.w3.org/2005/Atom}"


class NewsPagesTestCase(NewsTestCase):
    def login(self, user):
        self.client.logout()
        if user:
            self.client.force_login(user)

    def test_national_list_shows_published_posts_of_every_group_newest_first(self):
        r = self.client.get("/berita/")
        self.assertEqual(
            [p.title for p in r.context["page"]],
            ["Desa Cinunuk ODF", "PAH di sekolah", "Rakornas Pokja AMPL"],
        )
        self.assertContains(r, "<h1>Berita</h1>", html=True)

    def test_a_post_published_in_the_future_is_not_listed(self):
        Post.objects.create(
            working_group=self.bandung_group,
            title="Nanti",
            body="x",
            published_at=timezone.now() + datetime.timedelta(days=2),
        )
        r = self.client.get("/berita/")
        self.assertNotIn("Nanti", [p.title for p in r.context["page"]])

    def test_national_list_filters_by_province_and_kind(self):
        r = self.client.get("/berita/?provinsi=53")
        self.assertEqual([p.title for p in r.context["page"]], ["PAH di sekolah"])
        r = self.client.get("/berita/?jenis=advokasi")
        self.assertEqual([p.title for p in r.context["page"]], ["PAH di sekolah"])
        # Unknown filters are ignored rather than failing.
        r = self.client.get("/berita/?provinsi=99&jenis=<x>&page=abc")
        self.assertEqual(len(r.context["page"]), 3)

    def test_drafts_are_invisible_outside_scope(self):
        for user, listed, status in [
            (None, False, 404),
            (self.outsider, False, 404),
            (self.member, True, 200),
            (self.regency, True, 200),
            (self.provincial, True, 200),
            (self.national, True, 200),
        ]:
            with self.subTest(user=user and user.email):
                self.login(user)
                r = self.client.get("/pokja/32.04/berita/")
                self.assertEqual(r.status_code, 200)
                titles = [p.title for p in r.context["page"]]
                self.assertIn("Desa Cinunuk ODF", titles)
                self.assertEqual("Draf hasil uji air" in titles, listed)
                r = self.client.get(f"/berita/{self.draft.pk}/")
                self.assertEqual(r.status_code, status)
                self.assertNotIn("Draf hasil uji air", [p.title for p in self.client.get(
                    "/berita/").context["page"]])  # fmt: skip

    def test_published_post_is_public(self):
        for user in (None, self.outsider):
            with self.subTest(user=user and user.email):
                self.login(user)
                r = self.client.get(f"/berita/{self.published.pk}/")
                self.assertContains(r, "Desa Cinunuk ODF")
                self.assertNotContains(r, "Ubah berita")

    def test_group_list_of_a_region_without_a_group_is_404(self):
        self.assertEqual(self.client.get("/pokja/32.73/berita/").status_code, 404)
        self.assertEqual(self.client.get("/berita/999999/").status_code, 404)

    def test_raw_html_in_a_post_is_shown_as_text(self):
        post = make_post(self.bandung_group, "XSS", body="<img src=x onerror=alert(1)> *miring*")
        r = self.client.get(f"/berita/{post.pk}/")
        self.assertNotContains(r, "<img src=x")
        self.assertContains(r, "&lt;img src=x onerror=alert(1)&gt;")
        self.assertContains(r, "<em>miring</em>", html=True)

    def test_image_is_served_with_its_description_as_alt(self):
        post = make_post(self.bandung_group, "Foto", image_description="Warga membangun jamban")
        post.image.save("foto.png", png_upload())
        r = self.client.get(f"/berita/{post.pk}/")
        self.assertContains(r, 'alt="Warga membangun jamban"')
        r = self.client.get(post.image_url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "image/png")
        self.assertIn("public", r["Cache-Control"])
        self.assertTrue(b"".join(r.streaming_content).startswith(b"\x89PNG"))

    def test_draft_image_is_private(self):
        self.draft.image.save("draf.png", png_upload())
        url = f"/berita/{self.draft.pk}/gambar/"
        for user, status in [(None, 404), (self.outsider, 404), (self.member, 200)]:
            with self.subTest(user=user and user.email):
                self.login(user)
                self.assertEqual(self.client.get(url).status_code, status)
        self.assertEqual(self.client.get(f"/berita/{self.published.pk}/gambar/").status_code, 404)

    def test_feeds_are_valid_xml_with_published_posts_only(self):
        r = self.client.get("/berita/rss/")
        self.assertEqual(r.status_code, 200)
        root = ET.fromstring(r.content)
        titles = [item.findtext("title") for item in root.iter("item")]
        self.assertEqual(titles, ["Desa Cinunuk ODF", "PAH di sekolah", "Rakornas Pokja AMPL"])
        self.assertEqual(root.find("channel").findtext("language"), "id")

        r = self.client.get("/berita/atom/")
        root = ET.fromstring(r.content)
        self.assertEqual(len(root.findall(f"{ATOM}entry")), 3)

        r = self.client.get("/pokja/32.04/berita/rss/")
        root = ET.fromstring(r.content)
        self.assertEqual([i.findtext("title") for i in root.iter("item")], ["Desa Cinunuk ODF"])
        self.assertEqual(self.client.get("/pokja/32.73/berita/rss/").status_code, 404)

        r = self.client.get("/en/berita/rss/")
        self.assertEqual(ET.fromstring(r.content).find("channel").findtext("language"), "en")

    def test_feed_escapes_markup(self):
        make_post(self.bandung_group, "<b>Judul</b> & co", body="<script>x</script>")
        r = self.client.get("/berita/rss/")
        root = ET.fromstring(r.content)
        item = next(root.iter("item"))
        self.assertEqual(item.findtext("title"), "<b>Judul</b> & co")
        self.assertNotIn("<script>", item.findtext("description"))

    def test_list_query_counts_do_not_grow_with_posts(self):
        for i in range(25):
            make_post(self.kupang_group if i % 2 else self.bandung_group, f"Berita {i}")
        with self.assertNumQueries(3):  # provinces, count, page
            self.client.get("/berita/")
        with self.assertNumQueries(3):  # group, count, page
            self.client.get("/pokja/32.04/berita/")
        with self.assertNumQueries(1):  # feed: posts, and nothing per post
            self.client.get("/berita/rss/")

    def test_lists_cost_the_same_queries_at_any_size_and_read_no_bodies(self):
        def queries(url):
            with CaptureQueriesContext(connection) as context:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            return len(context), response

        urls = ["/berita/", "/pokja/32.04/berita/"]
        for i in range(3):
            make_post(self.bandung_group, f"Berita {i}")
        small = [queries(url)[0] for url in urls]
        for i in range(3, 12):
            make_post(self.bandung_group, f"Berita {i}")
        for url, count in zip(urls, small, strict=True):
            with self.subTest(url=url):
                found, response = queries(url)
                self.assertEqual(found, count)
                # A list shows summaries: the Markdown bodies are not read.
                self.assertIn("body", response.context["page"][0].get_deferred_fields())
