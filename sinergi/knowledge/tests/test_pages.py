from sinergi.knowledge.models import Article, Tag
from sinergi.knowledge.tests.base import KnowledgeTestCase, make_article
from sinergi.test import add_member


class KnowledgePagesTestCase(KnowledgeTestCase):
    def login(self, user):
        self.client.logout()
        if user:
            self.client.force_login(user)

    def titles(self, response):
        return {a.title for a in response.context["page"]}

    def test_list_shows_internal_articles_only_in_scope(self):
        everything = {"Kontak PDAM Tirta Raharja", "Usulan sanitasi lewat musrenbang"}
        for user, expected in [
            (None, {"Usulan sanitasi lewat musrenbang"}),
            (self.outsider, {"Usulan sanitasi lewat musrenbang"}),
            (self.member, everything),
            (self.regency, everything),
            (self.provincial, everything),
            (self.national, everything),
        ]:
            with self.subTest(user=user and user.email):
                self.login(user)
                r = self.client.get("/pokja/32.04/pengetahuan/")
                self.assertEqual(r.status_code, 200)
                self.assertEqual(self.titles(r), expected)
                self.assertNotContains(r, "Kontak PDAM Kupang")

    def test_detail_access_matrix(self):
        internal = f"/pokja/32.04/pengetahuan/{self.internal.pk}/"
        public = f"/pokja/32.04/pengetahuan/{self.public.pk}/"
        for user, status in [
            (None, 404),
            (self.outsider, 404),
            (self.member, 200),
            (self.regency, 200),
            (self.provincial, 200),
            (self.national, 200),
        ]:
            with self.subTest(user=user and user.email):
                self.login(user)
                self.assertEqual(self.client.get(internal).status_code, status)
                self.assertEqual(self.client.get(public).status_code, 200)

    def test_an_article_is_found_only_under_its_own_group(self):
        self.login(self.national)
        url = f"/pokja/32.04/pengetahuan/{self.kupang.pk}/"
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get("/pokja/32.73/pengetahuan/").status_code, 404)

    def test_steward_is_shown_as_pengampu(self):
        self.login(self.member)
        r = self.client.get(f"/pokja/32.04/pengetahuan/{self.internal.pk}/")
        self.assertContains(r, "<dt>Pengampu</dt><dd>Prof. Sri Wahyuni</dd>", html=True)
        r = self.client.get("/pokja/32.04/pengetahuan/")
        self.assertContains(r, "Pengampu")
        self.assertContains(r, "Prof. Sri Wahyuni")

    def test_tag_filter(self):
        self.login(self.member)
        r = self.client.get("/pokja/32.04/pengetahuan/?tag=PDAM")
        self.assertEqual(self.titles(r), {"Kontak PDAM Tirta Raharja"})
        self.assertEqual({t.name for t in r.context["tags"]}, {"PDAM", "kontak", "musrenbang"})
        # Visitors see only the tags of public articles.
        self.login(None)
        r = self.client.get("/pokja/32.04/pengetahuan/?tag=PDAM")
        self.assertEqual(self.titles(r), set())
        self.assertEqual({t.name for t in r.context["tags"]}, {"musrenbang"})

    def test_raw_html_in_an_article_is_shown_as_text(self):
        article = make_article(
            self.bandung_group, "XSS", public=True, body='<a href="javascript:x">klik</a> **ok**'
        )
        r = self.client.get(f"/pokja/32.04/pengetahuan/{article.pk}/")
        self.assertNotContains(r, '<a href="javascript:x"')
        self.assertContains(r, "&lt;a href=")
        self.assertContains(r, "<strong>ok</strong>", html=True)

    def test_list_query_count_does_not_grow(self):
        self.login(self.member)
        self.client.get("/pokja/32.04/pengetahuan/")
        for i in range(10):
            make_article(self.bandung_group, f"Artikel {i}", tags=[f"t{i}"], steward=self.holder)
        # session, user, scope, notifications, group, tags, count, page, tags of the page
        with self.assertNumQueries(9):
            self.client.get("/pokja/32.04/pengetahuan/")
        self.login(None)
        with self.assertNumQueries(5):
            self.client.get("/pokja/32.04/pengetahuan/")


class WriteArticleTestCase(KnowledgeTestCase):
    def data(self, **fields):
        return {
            "title": "Pelajaran pemicuan STBM",
            "kind": "pelajaran",
            "body": "Pemicuan ulang dalam 2 minggu.",
            "tag_names": "STBM, pemicuan,  stbm , Sanitasi",
            "steward": self.holder.pk,
            **fields,
        }

    def test_access_matrix_on_writes(self):
        urls = [
            "/pokja/32.04/pengetahuan/baru/",
            f"/pokja/32.04/pengetahuan/{self.internal.pk}/ubah/",
        ]
        for url in urls:
            for user, status in [
                (self.regency, 200),
                (self.member, 200),
                (self.provincial, 403),
                (self.national, 403),
                (self.outsider, 404),
            ]:
                with self.subTest(url=url, user=user.email):
                    self.client.force_login(user)
                    self.assertEqual(self.client.get(url).status_code, status)
                    if status != 200:
                        self.assertEqual(self.client.post(url, self.data()).status_code, status)
            with self.subTest(url=url, user="visitor"):
                self.client.logout()
                r = self.client.get(url)
                self.assertEqual(r.status_code, 302)
                self.assertIn("/akun/masuk/", r["Location"])
        self.assertFalse(Article.objects.filter(title="Pelajaran pemicuan STBM").exists())

    def test_a_member_writes_an_article_with_tags_and_a_steward(self):
        Tag.objects.create(name="sanitasi")
        self.client.force_login(self.member)
        r = self.client.post("/pokja/32.04/pengetahuan/baru/", self.data())
        article = Article.objects.get(title="Pelajaran pemicuan STBM")
        self.assertRedirects(r, f"/pokja/32.04/pengetahuan/{article.pk}/")
        self.assertEqual(
            (article.working_group, article.author, article.steward, article.is_public),
            (self.bandung_group, self.member, self.holder, False),
        )
        self.assertEqual(
            sorted(t.name for t in article.tags.all()), ["STBM", "pemicuan", "sanitasi"]
        )
        self.assertEqual(Tag.objects.filter(name__iexact="sanitasi").count(), 1)

    def test_edit_keeps_the_author_and_shows_the_tags(self):
        self.client.force_login(self.regency)
        url = f"/pokja/32.04/pengetahuan/{self.internal.pk}/ubah/"
        r = self.client.get(url)
        self.assertContains(r, 'value="PDAM, kontak"')
        self.client.post(url, self.data(title="Kontak PDAM", tag_names="", is_public="on"))
        self.internal.refresh_from_db()
        self.assertEqual(self.internal.title, "Kontak PDAM")
        self.assertTrue(self.internal.is_public)
        self.assertEqual(self.internal.tags.count(), 0)

    def test_steward_must_be_a_current_knowledge_holder_of_the_group(self):
        other_holder = add_member(self.kupang_group, "Dosen Kupang", is_knowledge_holder=True)
        former = add_member(
            self.bandung_group,
            "Mantan",
            is_knowledge_holder=True,
            ended_on="2024-06-30",
            end_reason="mutasi",
        )
        self.client.force_login(self.member)
        for steward in (self.plain.pk, other_holder.pk, former.pk, "abc"):
            with self.subTest(steward=steward):
                r = self.client.post("/pokja/32.04/pengetahuan/baru/", self.data(steward=steward))
                self.assertEqual(r.status_code, 200)
                self.assertIn("steward", r.context["form"].errors)
        self.assertFalse(Article.objects.filter(title="Pelajaran pemicuan STBM").exists())

    def test_a_former_steward_stays_valid_until_changed(self):
        self.holder.ended_on = self.holder.started_on
        self.holder.end_reason = "mutasi"
        self.holder.save(update_fields=["ended_on", "end_reason"])
        self.client.force_login(self.member)
        url = f"/pokja/32.04/pengetahuan/{self.internal.pk}/ubah/"
        r = self.client.post(url, self.data())
        self.assertEqual(r.status_code, 302)

    def test_too_many_or_too_long_tags_are_refused(self):
        self.client.force_login(self.member)
        for tags in [", ".join(f"t{i}" for i in range(11)), "x" * 51]:
            with self.subTest(tags=tags[:10]):
                r = self.client.post("/pokja/32.04/pengetahuan/baru/", self.data(tag_names=tags))
                self.assertEqual(r.status_code, 200)
                self.assertIn("tag_names", r.context["form"].errors)
        self.assertFalse(Article.objects.filter(title="Pelajaran pemicuan STBM").exists())
        self.assertFalse(Tag.objects.filter(name="t0").exists())
