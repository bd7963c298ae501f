"""A visitor cannot tell a draft from a post that does not exist: both are 404, as in the
library, so counting through the ids reveals nothing."""

import shutil
import tempfile

from django.test import override_settings

from sinergi.news.models import Post
from sinergi.news.tests.base import NewsTestCase, png_upload

MEDIA = tempfile.mkdtemp(prefix="sinergi-test-media-")


@override_settings(MEDIA_ROOT=MEDIA)
class DraftExistenceTestCase(NewsTestCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def assert_same_answer(self, url_of):
        missing = Post.objects.order_by("-pk").first().pk + 1000
        draft = self.client.get(url_of(self.draft.pk))
        absent = self.client.get(url_of(missing))
        self.assertEqual(draft.status_code, 404)
        self.assertEqual(absent.status_code, 404)
        self.assertFalse(draft.has_header("Location"))

    def test_a_visitor_gets_404_for_a_draft_and_for_a_missing_post(self):
        self.assert_same_answer(lambda pk: f"/berita/{pk}/")

    def test_a_visitor_gets_404_for_a_drafts_image_and_a_missing_posts_image(self):
        self.draft.image.save("draf.png", png_upload())
        self.assert_same_answer(lambda pk: f"/berita/{pk}/gambar/")

    def test_outsiders_get_the_same_answer_and_readers_in_scope_the_draft(self):
        self.client.force_login(self.outsider)
        self.assert_same_answer(lambda pk: f"/berita/{pk}/")
        self.client.force_login(self.member)
        self.assertContains(self.client.get(f"/berita/{self.draft.pk}/"), "Draf hasil uji air")
