"""Removing a news draft written by mistake, with its image (issue 15, item 6); a published post
is withdrawn to draft first."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from sinergi.news.models import Post
from sinergi.pokja.models import Removal
from sinergi.pokja.tests.base import RemovalMixin
from sinergi.test import BaseTestCase

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


class RemovePostTest(RemovalMixin, BaseTestCase):
    def post(self, **fields):
        return Post.objects.create(
            working_group=self.bandung_group,
            title="Draf: Hari Cuci Tangan Pakai Sabun",
            body="Isi",
            image=ContentFile(PNG, name="ctps.png"),
            image_description="Anak-anak mencuci tangan",
            **fields,
        )

    def test_it_removes_a_draft_and_its_image(self):
        post = self.post()
        storage, name = post.image.storage, post.image.name
        with self.captureOnCommitCallbacks(execute=True):
            response = self.remove("news:post_remove", post.pk, reason="Draf ganda")
        self.assertRedirects(response, "/en/pokja/32.04/berita/", fetch_redirect_response=False)
        self.assertFalse(Post.objects.exists())
        self.assertFalse(storage.exists(name))
        self.assertEqual(Removal.objects.get().reason, "Draf ganda")

    def test_a_published_post_is_refused(self):
        post = self.post(published_at=timezone.now() - datetime.timedelta(days=1))
        response = self.remove("news:post_remove", post.pk)
        self.assertContains(response, "A published post cannot be removed")
        self.assertTrue(Post.objects.exists())
        self.assertTrue(post.image.storage.exists(post.image.name))

    def test_readers_cannot_remove(self):
        post = self.post()
        for user, status in ((self.member, 403), (self.provincial, 403), (self.outsider, 404)):
            self.assertEqual(
                self.remove("news:post_remove", post.pk, user=user).status_code, status
            )
        self.assertTrue(Post.objects.exists())

    def test_the_draft_links_the_removal(self):
        post = self.post()
        self.client.force_login(self.regency)
        response = self.client.get(f"/en/berita/{post.pk}/")
        self.assertContains(response, self.url("news:post_remove", post.pk))
