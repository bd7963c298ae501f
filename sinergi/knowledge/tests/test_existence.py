"""A visitor cannot tell an internal article from one that does not exist: both are 404, as in
the library, so counting through the ids reveals nothing."""

from sinergi.knowledge.models import Article
from sinergi.knowledge.tests.base import KnowledgeTestCase


class ArticleExistenceTestCase(KnowledgeTestCase):
    def assert_same_answer(self):
        missing = Article.objects.order_by("-pk").first().pk + 1000
        internal = self.client.get(f"/pokja/32.04/pengetahuan/{self.internal.pk}/")
        absent = self.client.get(f"/pokja/32.04/pengetahuan/{missing}/")
        self.assertEqual(internal.status_code, 404)
        self.assertEqual(absent.status_code, 404)
        self.assertFalse(internal.has_header("Location"))

    def test_a_visitor_gets_404_for_an_internal_and_a_missing_article(self):
        self.assert_same_answer()

    def test_an_outsider_gets_the_same_answer(self):
        self.client.force_login(self.outsider)
        self.assert_same_answer()

    def test_a_public_article_stays_public(self):
        r = self.client.get(f"/pokja/32.04/pengetahuan/{self.public.pk}/")
        self.assertContains(r, "Usulan sanitasi lewat musrenbang")
