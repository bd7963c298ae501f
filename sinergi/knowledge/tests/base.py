from sinergi.knowledge.models import Article, Tag
from sinergi.test import BaseTestCase, add_member


def make_article(group, title, public=False, tags=(), **fields):
    article = Article.objects.create(
        working_group=group, title=title, body=fields.pop("body", "Isi."), is_public=public,
        **fields,
    )  # fmt: skip
    article.tags.set([Tag.objects.get_or_create(name=name)[0] for name in tags])
    return article


class KnowledgeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.holder = add_member(cls.bandung_group, "Prof. Sri Wahyuni", is_knowledge_holder=True)
        cls.plain = add_member(cls.bandung_group, "Ujang", started_on="2024-01-01")
        cls.internal = make_article(
            cls.bandung_group, "Kontak PDAM Tirta Raharja", tags=["PDAM", "kontak"],
            steward=cls.holder,
        )  # fmt: skip
        cls.public = make_article(
            cls.bandung_group, "Usulan sanitasi lewat musrenbang", public=True,
            tags=["musrenbang"], steward=cls.holder,
        )  # fmt: skip
        cls.kupang = make_article(cls.kupang_group, "Kontak PDAM Kupang")
