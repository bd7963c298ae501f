from sinergi.lib.uploads import detect_kind
from sinergi.news import demo
from sinergi.news.models import Post
from sinergi.test import BaseTestCase


class NewsDemoTestCase(BaseTestCase):
    def test_demo_posts_have_generated_images_and_are_idempotent(self):
        created = demo.load_demo()["news posts"]
        # The groups of the shared base: the nation, Jawa Barat, NTT, Kab. Bandung, Kab. Kupang.
        self.assertEqual(created, len(demo.POSTS))
        self.assertEqual(demo.load_demo(), {"news posts": 0})
        posts = Post.objects.all()
        self.assertTrue(all(p.image and p.image_description for p in posts))
        with posts[0].image.open("rb") as image:
            self.assertEqual(detect_kind(image), "png")
        self.assertEqual(Post.objects.filter(published_at__isnull=True).count(), 1)
        self.client.get("/berita/")
        self.assertEqual(self.client.get("/berita/rss/").status_code, 200)
