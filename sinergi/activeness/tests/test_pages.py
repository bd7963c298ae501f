"""The public pages of the activeness index: the national ranking, a province's ranking and a
group's breakdown, and the index in the directory."""

import datetime

from django.utils import timezone

from sinergi.activeness.tests.base import (
    ActivenessTestCase,
    action,
    institution,
    meeting,
    post,
    valid_decree,
)
from sinergi.lib.cache import invalidate
from sinergi.meetings.models import ActionItem
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import Region
from sinergi.test import add_member, make_region

PUBLIC = ["/keaktifan/", "/keaktifan/32/", "/pokja/32.04/keaktifan/", "/pokja/32/keaktifan/"]


class PagesTestCase(ActivenessTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        today = timezone.localdate()
        cls.today = today
        # Kabupaten Bandung: a valid decree (15), a recent meeting (5), a Bappeda member (1 of
        # the 10 core functions: 1) and the neutral half of actions and facilities (10).
        valid_decree(
            cls.bandung_group,
            str(today.replace(month=1, day=1)),
            str(today.replace(month=12, day=31)),
        )
        start = timezone.now() - datetime.timedelta(days=3)
        meeting(cls.bandung_group, start.date().isoformat(), title="Rapat rahasia Cileunyi")
        add_member(cls.bandung_group, "Dadang Suherman", institution=cls.bappeda)

    def test_every_page_is_public_for_every_persona(self):
        for url in PUBLIC:
            for user in (
                None,
                self.member,
                self.regency,
                self.provincial,
                self.national,
                self.outsider,
            ):
                with self.subTest(url=url, user=user and user.email):
                    if user:
                        self.client.force_login(user)
                    else:
                        self.client.logout()
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_no_private_detail_is_shown(self):
        for url in PUBLIC:
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertNotContains(r, "Dadang Suherman")
                self.assertNotContains(r, "Rapat rahasia")

    def test_unknown_regions_are_404(self):
        for url in [
            "/keaktifan/99/",
            "/keaktifan/32.04/",
            "/pokja/32.73/keaktifan/",
            "/pokja/ID/keaktifan/",
            "/pokja/32.04.05/keaktifan/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post("/keaktifan/").status_code, 405)

    def test_the_national_page_ranks_every_group_and_filters_by_province(self):
        r = self.client.get("/keaktifan/")
        self.assertContains(r, "Indeks keaktifan Pokja")
        self.assertEqual([i.code for i in r.context["rows"]], ["32.04", "32", "53", "53.01"])
        self.assertEqual([i.total for i in r.context["rows"]], [31, 10, 10, 10])
        self.assertEqual([i.rank for i in r.context["rows"]], [1, 2, 2, 2])
        r = self.client.get("/keaktifan/?provinsi=53")
        self.assertEqual([i.code for i in r.context["rows"]], ["53", "53.01"])
        self.assertEqual([i.rank for i in r.context["rows"]], [2, 2])  # national ranks
        r = self.client.get("/keaktifan/?provinsi=99")  # not a choice: the whole list
        self.assertEqual(r.status_code, 200)
        self.assertEqual(len(r.context["rows"]), 4)
        self.assertContains(r, "errorlist")

    def test_the_english_page(self):
        r = self.client.get("/en/keaktifan/")
        self.assertContains(r, "Activeness index of the working groups")

    def test_a_province_ranks_its_regencies(self):
        kota = WorkingGroup.objects.create(region=self.kota_bandung, name="Pokja Kota Bandung")
        post(kota, (timezone.now() - datetime.timedelta(days=1)).date().isoformat())
        r = self.client.get("/keaktifan/32/")
        self.assertContains(r, "Keaktifan Pokja di Jawa Barat")
        self.assertEqual(
            [(i.code, i.rank, i.total) for i in r.context["rows"]],
            [("32.04", 1, 31), ("32.73", 2, 15)],
        )
        self.assertEqual(r.context["own"].code, "32")
        self.assertContains(r, "2 dari 2 kabupaten dan kota memiliki Pokja.")

    def test_a_province_without_a_working_group(self):
        make_region("35", "Jawa Timur", Region.Kind.PROVINCE, self.nation)
        r = self.client.get("/keaktifan/35/")
        self.assertContains(r, "Provinsi ini belum tercatat memiliki Pokja.")
        self.assertContains(r, "Tidak ada Pokja untuk diperingkat.")

    def test_the_breakdown_shows_each_component_and_what_to_do_next(self):
        self.client.force_login(self.regency)
        r = self.client.get("/pokja/32.04/keaktifan/")
        self.assertContains(
            r,
            '<span class="activeness-score activeness-score-large band-1" '
            'id="activeness-total">31</span>',
            html=True,
        )
        components = {c.key: c for c in r.context["components"]}
        self.assertEqual(components["decree"].points, 15)
        self.assertTrue(components["decree"].is_full)
        self.assertEqual(components["meetings"].points, 5)
        self.assertContains(r, "1 rapat diadakan dalam 90 hari terakhir.")
        self.assertContains(r, "2 rapat lagi memberi nilai penuh")
        self.assertEqual(components["meetings"].url, "/pokja/32.04/rapat/")
        self.assertContains(r, 'href="/pokja/32.04/rapat/"')
        self.assertContains(r, "1 dari 10 fungsi inti terwakili dalam susunan anggota.")
        self.assertContains(r, 'href="/pokja/32.04/anggota/"')
        self.assertContains(
            r, "Peringkat 1 dari 2 kabupaten dan kota di Jawa Barat; 1 di antaranya memiliki Pokja."
        )
        self.assertContains(r, "Peringkat 1 dari 4 Pokja secara nasional.")
        for key in ("decree", "core", "plan", "meetings", "actions", "posts", "data", "facilities"):
            self.assertContains(r, f'id="component-{key}"')

    def test_query_counts_do_not_grow_with_groups(self):
        def counts():
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            result = []
            for url in ["/keaktifan/", "/keaktifan/32/", "/pokja/32.04/keaktifan/"]:
                invalidate("groups")  # each page measured with the index computed afresh
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(self.client.get(url).status_code, 200)
                result.append(len(queries))
            return result

        before = counts()
        self.assertEqual(before, [10, 11, 10])
        for n in range(1, 8):
            region = make_region(f"32.{n + 10}", f"Kabupaten {n}", Region.Kind.REGENCY, self.jabar)
            group = WorkingGroup.objects.create(region=region, name=f"Pokja {n}")
            meeting(group)
            action(group, "2025-01-01", ActionItem.Status.DONE, "2025-01-01")
            add_member(group, f"A {n}", institution=institution(region, "kesehatan"))
        self.assertEqual(counts(), before)

    def test_a_kabupaten_is_ranked_among_every_kabupaten_and_kota_of_its_province(self):
        """It read "1 of 3 in Jawa Barat" when Jawa Barat has 27 (issue 20): the rank is among
        all regencies and cities of the province, saying how many have a working group."""
        response = self.client.get("/en/pokja/32.04/keaktifan/")
        self.assertContains(
            response,
            "Rank 1 of the 2 regencies and cities of Jawa Barat, of which 1 have a working group.",
        )


class DirectoryTestCase(ActivenessTestCase):
    def test_the_directory_and_its_map_show_the_index(self):
        valid_decree(self.bandung_group, "2000-01-01", "2099-12-31")
        r = self.client.get("/pokja/")
        self.assertContains(r, "Indeks keaktifan")
        self.assertContains(r, 'href="/pokja/32.04/keaktifan/"')
        rows = {row.code: row.activeness for row in r.context["rows"]}
        self.assertEqual(rows, {"32": 10, "32.04": 25, "32.73": None, "53": 10, "53.01": 10})
        data = self.client.get("/pokja/peta.json").json()["regions"]
        self.assertEqual(data["32.04"]["activeness"], 25)
        self.assertEqual(data["32.04"]["activeness_url"], "/pokja/32.04/keaktifan/")
        self.assertIsNone(data["32.73"]["activeness"])
