from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from sinergi.news import forms
from sinergi.news.models import Post
from sinergi.news.tests.base import NewsTestCase, png_bytes, png_upload


class WritePostTestCase(NewsTestCase):
    def data(self, **fields):
        return {"kind": "berita", "title": "Musrenbang sanitasi", "body": "Isi", **fields}

    def test_access_matrix_on_writes(self):
        urls = ["/pokja/32.04/berita/baru/", f"/pokja/32.04/berita/{self.published.pk}/ubah/"]
        for url in urls:
            for user, status in [
                (self.regency, 200),
                (self.member, 403),
                (self.provincial, 403),
                (self.national, 403),
                (self.outsider, 404),
            ]:
                with self.subTest(url=url, user=user.email):
                    self.client.force_login(user)
                    self.assertEqual(self.client.get(url).status_code, status)
                    if status != 200:
                        r = self.client.post(url, self.data(action="publish"))
                        self.assertEqual(r.status_code, status)
            with self.subTest(url=url, user="visitor"):
                self.client.logout()
                r = self.client.get(url)
                self.assertEqual(r.status_code, 302)
                self.assertIn("/akun/masuk/", r["Location"])
        self.assertFalse(Post.objects.filter(title="Musrenbang sanitasi").exists())

    def test_a_post_of_another_group_is_not_reachable_through_this_group(self):
        self.client.force_login(self.regency)
        url = f"/pokja/32.04/berita/{self.kupang_post.pk}/ubah/"
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_secretariat_saves_a_draft_then_publishes_it(self):
        self.client.force_login(self.regency)
        r = self.client.post("/pokja/32.04/berita/baru/", self.data(action="draft"))
        post = Post.objects.get(title="Musrenbang sanitasi")
        self.assertRedirects(r, f"/berita/{post.pk}/")
        self.assertIsNone(post.published_at)
        self.assertEqual((post.working_group, post.author), (self.bandung_group, self.regency))
        self.client.logout()
        self.assertEqual(self.client.get(f"/berita/{post.pk}/").status_code, 404)

        self.client.force_login(self.regency)
        url = f"/pokja/32.04/berita/{post.pk}/ubah/"
        self.client.post(url, self.data(action="publish"))
        post.refresh_from_db()
        self.assertTrue(post.is_published)
        published_at = post.published_at
        self.client.post(url, self.data(title="Diperbaiki", action="publish"))
        post.refresh_from_db()
        self.assertEqual((post.title, post.published_at), ("Diperbaiki", published_at))
        self.client.post(url, self.data(action="draft"))
        post.refresh_from_db()
        self.assertIsNone(post.published_at)

    def test_image_upload_with_description(self):
        self.client.force_login(self.regency)
        data = self.data(action="publish", image=png_upload(), image_description="Peta desa")
        self.client.post("/pokja/32.04/berita/baru/", data)
        post = Post.objects.get(title="Musrenbang sanitasi")
        self.assertTrue(post.image.name.startswith("berita/"))
        self.assertEqual(self.client.get(post.image_url).status_code, 200)

    def test_image_needs_a_description(self):
        self.client.force_login(self.regency)
        r = self.client.post(
            "/pokja/32.04/berita/baru/", self.data(action="publish", image=png_upload())
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Jelaskan apa yang ditampilkan gambar")
        self.assertFalse(Post.objects.filter(title="Musrenbang sanitasi").exists())

    def test_a_file_that_is_not_a_jpeg_or_png_is_refused(self):
        self.client.force_login(self.regency)
        for upload in [
            SimpleUploadedFile("foto.png", b"<html>bukan gambar</html>", "image/png"),
            SimpleUploadedFile("foto.png", b"%PDF-1.4 bukan gambar", "image/png"),
        ]:
            with self.subTest(name=upload.name):
                data = self.data(action="publish", image=upload, image_description="x")
                r = self.client.post("/pokja/32.04/berita/baru/", data)
                self.assertEqual(r.status_code, 200)
                self.assertTrue(r.context["form"].errors["image"])
        self.assertFalse(Post.objects.filter(title="Musrenbang sanitasi").exists())

    def test_a_too_large_image_is_refused(self):
        self.client.force_login(self.regency)
        original = forms.IMAGE_MAX_BYTES
        forms.IMAGE_MAX_BYTES = 100
        try:
            upload = SimpleUploadedFile("foto.png", png_bytes((200, 200)), "image/png")
            data = self.data(action="publish", image=upload, image_description="x")
            r = self.client.post("/pokja/32.04/berita/baru/", data)
        finally:
            forms.IMAGE_MAX_BYTES = original
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "terlalu besar")
        self.assertFalse(Post.objects.filter(title="Musrenbang sanitasi").exists())

    @override_settings(UPLOAD_MAX_MB=0)
    def test_the_site_wide_upload_limit_applies_too(self):
        self.client.force_login(self.regency)
        data = self.data(action="publish", image=png_upload(), image_description="x")
        r = self.client.post("/pokja/32.04/berita/baru/", data)
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Post.objects.filter(title="Musrenbang sanitasi").exists())

    def test_missing_title_is_refused(self):
        self.client.force_login(self.regency)
        r = self.client.post("/pokja/32.04/berita/baru/", self.data(title="", action="publish"))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(Post.objects.filter(working_group=self.bandung_group).count(), 2)
