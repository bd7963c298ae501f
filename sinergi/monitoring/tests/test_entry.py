from decimal import Decimal

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.monitoring.models import DataValue, Indicator
from sinergi.monitoring.reference import load_catalogue
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, form_values

QUERY = "tahun=2024&indikator=am-layak&indikator=am-pdam"


class EntryTestCase(BaseTestCase):
    url = f"/en/pokja/32.04/data/?{QUERY}"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_catalogue()
        cls.water = Indicator.objects.get(code="am-layak")
        cls.utility = Indicator.objects.get(code="am-pdam")
        cls.verified = DataValue.objects.create(
            indicator=cls.water,
            region=cls.cinunuk,
            year=2024,
            source="bps_susenas",
            numerator=450,
            denominator=500,
            value=Decimal(90),
            status="terverifikasi",
        )

    def cell(self, kind, indicator, region):
        return f"{kind}-{indicator.pk}-{region.pk}"

    def messages(self, response):
        return [str(m) for m in get_messages(response.wsgi_request)]

    def post_page(self, changes):
        """Open the page, change some of its fields and send its form, as a browser would."""
        data = form_values(self.client.get(self.url)) | changes
        return self.client.post(self.url, data)


class GridTestCase(EntryTestCase):
    def test_the_grid_shows_the_region_and_its_villages_with_stored_values(self):
        self.client.force_login(self.regency)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(
            [region for region, _cells in r.context["rows"]], [self.kab_bandung, self.cinunuk]
        )
        n = self.cell("n", self.water, self.cinunuk)
        self.assertContains(
            r,
            f'<label for="{n}" class="visually-hidden">'
            "Numerator, Access to adequate drinking water, Cinunuk</label>",
            html=True,
        )
        self.assertContains(r, f'id="{n}" name="{n}" value="450"')
        self.assertContains(r, '<span class="badge badge-ok">Verified</span>', html=True)
        v = self.cell("v", self.utility, self.kab_bandung)
        self.assertContains(r, f'<label for="{v}" class="visually-hidden">', count=1)
        self.assertContains(
            r, '<th scope="row">Cinunuk <span class="muted">32.04.05.2001</span></th>', html=True
        )

    def test_by_default_it_shows_last_year_and_the_key_indicators(self):
        self.client.force_login(self.regency)
        r = self.client.get("/en/pokja/32.04/data/")
        selection = r.context["selection"]
        self.assertEqual(selection.year, r.context["last_year"] - 2)
        self.assertEqual(
            [i.code for i in selection.indicators],
            list(Indicator.objects.filter(is_key=True).values_list("code", flat=True)),
        )
        self.assertEqual(selection.period, "tahun")

    def test_a_posted_grid_is_saved_and_unchanged_cells_stay_verified(self):
        self.client.force_login(self.regency)
        data = {
            self.cell("n", self.water, self.kab_bandung): "900000",
            self.cell("d", self.water, self.kab_bandung): "1000000",
            self.cell("v", self.utility, self.kab_bandung): "250000",
        }
        r = self.post_page(data)  # Cinunuk's water as stored, its utility left empty
        self.assertRedirects(r, self.url, fetch_redirect_response=False)
        self.assertIn("Created: 2, changed: 0, unchanged: 1", self.messages(r)[-1])
        self.verified.refresh_from_db()
        self.assertTrue(self.verified.is_verified)
        value = DataValue.objects.get(region=self.kab_bandung, indicator=self.water)
        self.assertEqual((value.value, value.status, value.year), (Decimal(90), "draf", 2024))
        utility = DataValue.objects.get(indicator=self.utility)
        self.assertEqual((utility.value, utility.source), (250000, "pdam"))

    def test_a_grid_with_a_bad_cell_saves_nothing_and_shows_the_error_at_the_cell(self):
        self.client.force_login(self.regency)
        n = self.cell("n", self.water, self.kab_bandung)
        data = {
            n: "1200",
            self.cell("d", self.water, self.kab_bandung): "1000",
            self.cell("v", self.utility, self.kab_bandung): "250000",  # good, not saved either
            self.cell("n", self.water, self.cinunuk): "460",
            self.cell("d", self.water, self.cinunuk): "500",
        }
        r = self.post_page(data)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(DataValue.objects.count(), 1)
        self.verified.refresh_from_db()
        self.assertEqual(self.verified.numerator, 450)
        error_id = f"e-{self.water.pk}-{self.kab_bandung.pk}"
        self.assertContains(r, f'id="{n}" name="{n}" value="1200"')
        self.assertContains(r, f'aria-invalid="true" aria-describedby="{error_id}"', count=2)
        self.assertContains(
            r,
            f'<ul class="errorlist" id="{error_id}">'
            "<li>The numerator must be between zero and the denominator.</li></ul>",
            html=True,
        )
        self.assertContains(r, "Nothing was saved: 1 cell has a problem")
        # What was typed stays in the other cells.
        self.assertContains(r, 'value="460"')

    def test_changing_a_verified_value_in_the_grid_proposes_a_change(self):
        # It no longer becomes a draft again (issue 16, item 5): its verified figures stay
        # published until another person verifies the change (test_revisions.py).
        self.client.force_login(self.provincial)  # its province's data
        r = self.post_page({self.cell("n", self.water, self.cinunuk): "475"})
        self.assertIn("1 verified values changed", self.messages(r)[-1])
        self.verified.refresh_from_db()
        self.assertEqual((self.verified.value, self.verified.status), (90, "terverifikasi"))
        self.assertEqual((self.verified.revised_numerator, self.verified.revised_value), (475, 95))

    def test_the_grid_pages_through_many_villages_with_queries_that_do_not_grow(self):
        Region.objects.bulk_create(
            Region(
                code=f"32.04.05.{2100 + i}",
                name=f"Desa {i:03d}",
                level=Region.Level.VILLAGE,
                kind=Region.Kind.VILLAGE,
                parent=self.cileunyi,
            )
            for i in range(150)
        )
        self.client.force_login(self.regency)
        url = "/en/pokja/32.04/data/?tahun=2024"  # the seven key indicators, all ratios
        with CaptureQueriesContext(connection) as first:
            r = self.client.get(url)
        page = r.context["page"]
        self.assertEqual(page.paginator.count, 152)
        self.assertEqual(len(page.object_list), 30)  # ROWS_PER_PAGE
        with CaptureQueriesContext(connection) as last:
            r = self.client.get(f"{url}&page=6")
        self.assertEqual(len(r.context["rows"]), 152 - 5 * 30)
        self.assertEqual(len(first), len(last))
        with self.assertNumQueries(len(first)):
            self.client.get(self.url)  # two rows, two indicators

    def test_access(self):
        for user, status in [
            (self.regency, 200),
            (self.provincial, 200),
            (self.national, 200),
            (self.member, 403),
            (self.outsider, 404),
        ]:
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)
                if status != 200:
                    self.assertEqual(self.client.post(self.url, {}).status_code, status)
        self.client.logout()
        r = self.client.get("/pokja/32.04/data/")
        self.assertRedirects(r, "/akun/masuk/?next=/pokja/32.04/data/")

    def test_a_provincial_grid_lists_its_regencies(self):
        self.client.force_login(self.provincial)
        r = self.client.get("/en/pokja/32/data/")
        regions = [region for region, _cells in r.context["rows"]]
        self.assertEqual(regions, [self.jabar, self.kab_bandung, self.kota_bandung])


class VerifyTestCase(EntryTestCase):
    url = f"/en/pokja/32.04/data/verifikasi/?{QUERY}"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        draft = {"indicator": cls.water, "source": "bps_susenas", "numerator": 1, "denominator": 2}
        cls.draft = DataValue.objects.create(region=cls.kab_bandung, year=2024, value=50, **draft)
        cls.other_year = DataValue.objects.create(region=cls.cinunuk, year=2023, value=50, **draft)
        cls.other_source = DataValue.objects.create(
            region=cls.cinunuk, year=2024, value=50, **{**draft, "source": "survei"}
        )

    def test_it_counts_and_verifies_the_drafts_of_the_selection_only(self):
        self.client.force_login(self.regency)
        r = self.client.get(self.url)
        self.assertEqual([value for value, *_shown in r.context["drafts"]], [self.draft])
        self.assertContains(r, "1 draft value of Kabupaten Bandung")
        r = self.client.post(self.url, form_values(r))
        self.assertRedirects(
            r, f"/en/pokja/32.04/data/?{QUERY}&periode=tahun&sumber=", fetch_redirect_response=False
        )
        self.assertIn("1 value has been verified.", self.messages(r))
        self.draft.refresh_from_db()
        self.assertEqual(
            (self.draft.status, self.draft.verified_by), ("terverifikasi", self.regency)
        )
        self.assertIsNotNone(self.draft.verified)
        for value in (self.other_year, self.other_source):
            value.refresh_from_db()
            self.assertEqual(value.status, "draf")

    def test_access(self):
        for user, status in [
            (self.regency, 200),
            (self.provincial, 200),
            (self.member, 403),
            (self.outsider, 404),
        ]:
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)
        for user, status in [(self.member, 403), (self.outsider, 404)]:
            self.client.force_login(user)
            self.assertEqual(self.client.post(self.url).status_code, status)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, "draf")
        self.client.logout()
        r = self.client.post("/pokja/32.04/data/verifikasi/")
        self.assertRedirects(
            r, "/akun/masuk/?next=/pokja/32.04/data/verifikasi/", fetch_redirect_response=False
        )
