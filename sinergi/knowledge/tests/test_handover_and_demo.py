import datetime

from django.utils import translation

from sinergi.knowledge import demo
from sinergi.knowledge.handover import knowledge_section
from sinergi.knowledge.models import Article
from sinergi.knowledge.tests.base import KnowledgeTestCase, make_article
from sinergi.pokja.models import Handover, Person
from sinergi.portal.handover_pack import Pack, pack_handovers


class HandoverSectionTestCase(KnowledgeTestCase):
    def pack(self, leaving):
        handover = Handover.objects.create(leaving=leaving)
        handover = pack_handovers().get(pk=handover.pk)
        return Pack(handover, self.bandung_group, datetime.date(2026, 11, 30))

    def text(self, flowables):
        return [f.getPlainText() for f in flowables]

    def test_lists_the_articles_kept_or_written_by_the_leaving_member_and_all_titles(self):
        Person.objects.filter(pk=self.plain.person_id).update(user=self.member)
        make_article(self.bandung_group, "Ditulis Ujang", author=self.member)
        pack = self.pack(self.plain)
        with translation.override("id"), self.assertNumQueries(1):
            lines = self.text(knowledge_section(pack))
        self.assertEqual(lines[0], "Basis pengetahuan")
        mine = lines[lines.index("Artikel yang diampu atau ditulis Ujang") :]
        self.assertIn("• Ditulis Ujang (Cara kerja)", mine[:4])
        self.assertNotIn("• Kontak PDAM Tirta Raharja (Cara kerja)", mine[:4])
        everything = lines[lines.index("Semua artikel kelompok kerja") + 1 :]
        self.assertEqual(len(everything), 3)

    def test_steward_sees_their_articles(self):
        lines = self.text(knowledge_section(self.pack(self.holder)))
        start = next(i for i, line in enumerate(lines) if "Prof. Sri Wahyuni" in line)
        self.assertIn("Kontak PDAM Tirta Raharja", " ".join(lines[start : start + 4]))

    def test_left_out_when_the_group_has_no_articles(self):
        Article.objects.filter(working_group=self.bandung_group).delete()
        self.assertEqual(knowledge_section(self.pack(self.plain)), [])


class KnowledgeDemoTestCase(KnowledgeTestCase):
    def test_demo_is_idempotent_and_stewarded_by_the_knowledge_holder(self):
        self.assertEqual(demo.load_demo(), {"knowledge articles": len(demo.ARTICLES)})
        self.assertEqual(demo.load_demo(), {"knowledge articles": 0})
        articles = Article.objects.filter(title__in=[row[0] for row in demo.ARTICLES])
        self.assertEqual({a.steward for a in articles}, {self.holder})
        self.assertTrue(any(a.is_public for a in articles))
        self.assertTrue(any(not a.is_public for a in articles))
