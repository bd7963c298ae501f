"""The national and provincial figures read the village values added up per kabupaten/kota
(`VillageTotal`, kept on every write) instead of every village value (issue 16, item 7): the
national dashboard took 525 ms (p95 596 ms) at one year of village data nationwide, nearly all
of it adding up ~500,000 village values on every request."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django.test.utils import CaptureQueriesContext

from sinergi.lib.cache import forget_pending
from sinergi.monitoring.models import DataValue, Indicator, VillageTotal
from sinergi.monitoring.reference import load_catalogue
from sinergi.monitoring.rollups import Figures
from sinergi.monitoring.tests.test_import import csv_text, row
from sinergi.monitoring.values import Selection, ValueRow, verify_values, write_values
from sinergi.regions.models import Region, below
from sinergi.test import BaseTestCase, form_values, make_region

VERIFIED = DataValue.Status.VERIFIED
YEARS = [2023, 2024]


class FromTheValues(Figures):
    """The same figures with the village values added up from DataValue on every call, as
    before the totals: what the totals must always give."""

    def _village_sums(self, values):
        return (
            values.filter(
                below(self.region.code, "region__code"),
                region__level=Region.Level.VILLAGE,
                year__in=self.years,
            )
            .annotate(group=Substr("region__code", 1, self.length))
            .values("indicator", "year", "group")
            .annotate(
                numerator=Sum("numerator"),
                denominator=Sum("denominator"),
                total=Sum("value"),
                reported=Count("pk"),
            )
        )


class VillageSumsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_catalogue()
        cls.water = Indicator.objects.get(code="am-layak")
        cls.utility = Indicator.objects.get(code="am-pdam")  # a sum indicator
        cls.villages = [cls.cinunuk] + [
            make_region(f"32.04.05.{2002 + i}", f"Desa {i}", "desa", cls.cileunyi) for i in range(3)
        ]
        district = make_region("53.01.01", "Kupang Barat", "kecamatan", cls.kab_kupang)
        cls.kupang_village = make_region("53.01.01.2001", "Desa Oematnunu", "desa", district)
        cls.admin = get_user_model().objects.create_superuser(
            "admin@example.org", "x-password-1", full_name="Admin"
        )

    def assertFiguresMatchTheValues(self, step):
        """Every figure of the nation and the provinces, and their rankings, equal the figures
        computed from every village value, for visitors and for those who see drafts."""
        indicators = [self.water, self.utility]
        for region in (self.nation, self.jabar, self.ntt):
            for include_drafts in (True, False):
                args = (indicators, region, YEARS, "tahun", include_drafts)
                kept, fresh = Figures(*args), FromTheValues(*args)
                where = (step, region.code, include_drafts)
                self.assertEqual(kept.region_figures(), fresh.region_figures(), where)
                for indicator in indicators:
                    for year in YEARS:
                        self.assertEqual(
                            kept.ranking(indicator, year), fresh.ranking(indicator, year), where
                        )

    def water_row(self, region, numerator, year=2024):
        return ValueRow("am-layak", region.code, year, numerator=numerator, denominator=1000)

    def test_the_figures_follow_every_write_path(self):
        # write_values: the functions behind the grid, the import and the API.
        rows = [self.water_row(v, 100 + i) for i, v in enumerate(self.villages)]
        rows += [self.water_row(self.kupang_village, 40), self.water_row(self.cinunuk, 80, 2023)]
        rows += [ValueRow("am-pdam", self.villages[1].code, 2024, value=12)]
        self.assertEqual(write_values(rows, self.national)[1], [])
        self.assertFiguresMatchTheValues("write_values")

        # The data-entry grid of the kabupaten.
        self.client.force_login(self.regency)
        url = "/en/pokja/32.04/data/?tahun=2024&indikator=am-layak"
        cell = f"n-{self.water.pk}-{self.villages[2].pk}"
        data = form_values(self.client.get(url)) | {cell: "777"}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(DataValue.objects.get(region=self.villages[2]).numerator, 777)
        self.assertFiguresMatchTheValues("grid")

        # An import file.
        upload = csv_text([row("am-layak", self.villages[3].code, 2024, None, 333, 1000)])
        response = self.client.post(
            "/en/pokja/32.04/data/impor/",
            {"file": SimpleUploadedFile("data.csv", upload.encode())},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(DataValue.objects.get(region=self.villages[3]).numerator, 333)
        self.assertFiguresMatchTheValues("import")

        # The bulk API.
        bulk = [{"indicator": "am-layak", "region": self.cinunuk.code, "year": 2024}]
        bulk[0] |= {"numerator": 500, "denominator": 800}
        response = self.client.post("/api/data-values/bulk/", bulk, content_type="application/json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertFiguresMatchTheValues("api")

        # Verification by a second person: the values become public.
        verify_values(Selection(self.kab_bandung, [self.water], 2024), self.national)
        self.assertTrue(DataValue.objects.filter(region=self.cinunuk, status=VERIFIED).exists())
        self.assertFiguresMatchTheValues("verify")

        # A verified value changed again: its change waits, hidden from visitors.
        self.assertEqual(write_values([self.water_row(self.cinunuk, 650)], self.provincial)[1], [])
        self.assertFiguresMatchTheValues("changed after verification")

        # Deletions: the admin, and queryset deletions.
        self.client.force_login(self.admin)
        value = DataValue.objects.get(region=self.villages[1], indicator=self.water)
        response = self.client.post(
            f"/admin/monitoring/datavalue/{value.pk}/delete/", {"post": "yes"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(DataValue.objects.filter(pk=value.pk).exists())
        self.assertFiguresMatchTheValues("admin delete")
        DataValue.objects.filter(region=self.kupang_village).delete()
        self.assertFiguresMatchTheValues("queryset delete")
        DataValue.objects.filter(region__level=Region.Level.VILLAGE).delete()
        self.assertFiguresMatchTheValues("all village values deleted")

    def test_the_national_figures_read_the_totals_not_the_village_values(self):
        rows = [self.water_row(v, 100 + i) for i, v in enumerate(self.villages)]
        self.assertEqual(write_values(rows, self.national)[1], [])
        for region in (self.nation, self.jabar):
            with self.subTest(region=region.code):
                with CaptureQueriesContext(connection) as queries:
                    figures = Figures([self.water], region, [2024], "tahun", True)
                    figure = figures.region_figures()[(self.water.pk, 2024)]
                # (100 + 101 + 102 + 103) / 4,000 households, from the one kabupaten/kota.
                self.assertEqual((figure.value, figure.reported), (Decimal("10.15"), 1))
                sql = [q["sql"] for q in queries]
                self.assertEqual(sum("monitoring_villagetotal" in s for s in sql), 1, sql)
                # Only the values entered for provinces and kabupaten/kota (by region id).
                self.assertEqual(sum("monitoring_datavalue" in s for s in sql), 1, sql)

    def test_the_dashboards_do_not_grow_with_the_village_values(self):
        def queries(path):
            cache.clear()  # the figures computed, not read from the shared cache
            forget_pending()
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(path).status_code, 200)
            return len(captured)

        paths = ["/pemantauan/?tahun=2024", "/pemantauan/32/?tahun=2024"]
        paths += ["/pemantauan/peta.json?tahun=2024&wilayah=ID"]
        self.client.force_login(self.national)
        write_values([self.water_row(self.cinunuk, 100)], self.national)
        before = [queries(path) for path in paths]
        villages = [
            make_region(f"32.04.05.{2100 + i}", f"Desa {i}", "desa", self.cileunyi)
            for i in range(30)
        ]
        rows = [self.water_row(v, 100 + i, year) for i, v in enumerate(villages) for year in YEARS]
        self.assertEqual(write_values(rows, self.national)[1], [])
        self.assertEqual([queries(path) for path in paths], before)
        # And what they add up is kept: 31 villages of Kabupaten Bandung in 2024.
        total = VillageTotal.objects.get(regency="32.04", year=2024, indicator=self.water)
        self.assertEqual((total.count, total.numerator), (31, 100 + sum(range(100, 130))))
