"""The home page (portal `home`): coverage, legal status, key national indicators, latest news
and documents, in both languages and in a fixed number of queries."""

import datetime
from decimal import Decimal

from django.utils import timezone

from sinergi.decrees.models import Decree
from sinergi.lib.cache import invalidate
from sinergi.library.models import Document
from sinergi.monitoring.models import DataValue, Indicator, Source
from sinergi.monitoring.reference import load_catalogue
from sinergi.news.models import Post
from sinergi.pages.reference import load_pages
from sinergi.test import BaseTestCase


class HomeContentTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_pages()
        load_catalogue()
        today = timezone.localdate()
        Decree.objects.create(
            working_group=cls.bandung_group,
            number="050/Kep.12-Bappeda/2026",
            signatory="Bupati Bandung",
            signed_on=today - datetime.timedelta(days=10),
            valid_from=today - datetime.timedelta(days=10),
            valid_until=today + datetime.timedelta(days=300),
        )
        water = Indicator.objects.get(code="am-layak")
        for region, numerator in [(cls.kab_bandung, 800), (cls.kab_kupang, 600)]:
            DataValue.objects.create(
                indicator=water, region=region, year=2024, source=Source.SUSENAS,
                value=Decimal(numerator) / 10, numerator=numerator, denominator=1000,
                status=DataValue.Status.VERIFIED,
            )  # fmt: skip
        now = timezone.now()
        Post.objects.create(
            working_group=cls.bandung_group, title="Desa Cinunuk ODF", body="x",
            published_at=now - datetime.timedelta(hours=1),
        )  # fmt: skip
        Post.objects.create(working_group=cls.bandung_group, title="Draf rahasia", body="x")
        Document.objects.create(
            working_group=cls.national_group, title="Buku Panduan Pokja AMPL",
            category=Document.Category.GUIDE, is_public=True, year=2025,
        )  # fmt: skip
        Document.objects.create(
            working_group=cls.bandung_group, title="Notulen internal",
            category=Document.Category.REPORT,
        )  # fmt: skip

    def test_indonesian_home_shows_coverage_status_indicators_news_and_documents(self):
        r = self.client.get("/")
        self.assertContains(r, '<span class="stat">2 / 2</span>', html=True)
        self.assertContains(r, '<span class="stat">2 / 3</span>', html=True)
        # Legal status, from the directory: Kab. Bandung has a valid decree, three groups
        # have none (in formation), Kota Bandung has no group.
        counts = {
            v: line.total.count for v, line in r.context["status_summary"]["by_value"].items()
        }
        self.assertEqual(
            counts, {"group": 4, "valid": 1, "expiring": 0, "expired": 0, "forming": 3, "none": 1}
        )
        self.assertContains(r, 'href="/pokja/?status=expired"')
        # 1,400 of 2,000 households, not the average of 80% and 60%.
        self.assertContains(r, "Akses air minum layak")
        self.assertContains(r, "70,00%")
        self.assertContains(r, "Target nasional 2024: 100,00%")
        self.assertContains(r, "2 dari 2 provinsi melapor, mencakup 66,7% seluruh rumah tangga")
        self.assertContains(r, "Desa Cinunuk ODF")
        self.assertNotContains(r, "Draf rahasia")
        self.assertContains(r, "Buku Panduan Pokja AMPL")
        self.assertNotContains(r, "Notulen internal")
        self.assertContains(r, 'href="/halaman/tanya-jawab/"')
        self.assertContains(r, 'href="/berita/rss/"')

    def test_english_home(self):
        r = self.client.get("/en/")
        self.assertContains(r, '<html lang="en">')
        self.assertContains(r, "Key national indicators")
        self.assertContains(r, "Access to adequate drinking water")
        self.assertContains(r, "70.00%")
        self.assertContains(r, 'href="/en/halaman/tanya-jawab/"')

    def test_figures_are_cached_and_the_page_costs_two_queries(self):
        self.client.get("/")
        with self.assertNumQueries(2):  # latest posts, latest documents
            self.client.get("/")
        for i in range(5):
            Post.objects.create(
                working_group=self.kupang_group, title=f"Berita {i}", body="x",
                published_at=timezone.now(),
            )  # fmt: skip
        with self.assertNumQueries(2):
            r = self.client.get("/en/")
        self.assertEqual(len(r.context["posts"]), 4)

    def test_building_the_figures_costs_a_fixed_number_of_queries(self):
        with self.assertNumQueries(11):
            self.client.get("/")
        invalidate("groups", "values")  # as a new group and value would
        Post.objects.create(working_group=self.kupang_group, title="Lagi", body="x")
        with self.assertNumQueries(11):
            self.client.get("/")

    def test_home_without_any_figures(self):
        DataValue.objects.all().delete()
        r = self.client.get("/")
        self.assertContains(r, "Belum ada angka nasional yang terverifikasi.")
