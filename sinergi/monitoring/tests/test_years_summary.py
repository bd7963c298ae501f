"""The years with data come from counts kept on every write (issue 16, item 7): every dashboard
and the catalogue ran `SELECT DISTINCT indicator, year` over all values, 200 ms at one year of
village data nationwide and ~2 s projected at ten years."""

import importlib

from django.core import serializers
from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sinergi.monitoring.models import DataValue, Indicator, IndicatorYear, Period, VillageTotal
from sinergi.monitoring.reference import load_catalogue
from sinergi.monitoring.rollups import regency_totals
from sinergi.monitoring.values import (
    Selection,
    ValueRow,
    verify_values,
    write_values,
    years_with_data,
)
from sinergi.monitoring.views import _years_with_data
from sinergi.pokja.access import PUBLISHED_VALUES
from sinergi.portal import backup
from sinergi.regions.models import below
from sinergi.test import BaseTestCase, make_region

VERIFIED = DataValue.Status.VERIFIED
migration = importlib.import_module("sinergi.monitoring.migrations.0002_indicatoryear")
totals_migration = importlib.import_module("sinergi.monitoring.migrations.0004_villagetotal")


def water(region="32.04", year=2024, numerator=900, **fields):
    return ValueRow("am-layak", region, year, numerator=numerator, denominator=1000, **fields)


class YearsSummaryTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_catalogue()
        cls.water = Indicator.objects.get(code="am-layak")

    def assertCountsMatchTheValues(self):
        """IndicatorYear holds, for every (indicator, year, period), the counts of the values."""
        counted = {
            (row["indicator"], row["year"], row["period"]): (row["total"], row["verified"])
            for row in DataValue.objects.values("indicator", "year", "period")
            .annotate(total=Count("pk"), verified=Count("pk", filter=Q(status=VERIFIED)))
            .order_by()
        }
        kept = {
            (c.indicator_id, c.year, c.period): (c.total_count, c.verified_count)
            for c in IndicatorYear.objects.exclude(total_count=0, verified_count=0)
        }
        self.assertEqual(kept, counted)

    def years(self, include_drafts):
        return years_with_data([self.water], include_drafts).get(self.water.pk, [])

    def test_the_counts_follow_every_write_path(self):
        # The grid, the import and the API: write_values → apply_rows.
        self.assertEqual(
            write_values([water(), water("32.73"), water(year=2023)], self.provincial)[1], []
        )
        self.assertEqual(
            write_values([water(), water("32.73", numerator=950)], self.provincial)[1], []
        )
        self.assertCountsMatchTheValues()
        self.assertEqual((self.years(False), self.years(True)), ([], [2023, 2024]))

        # Verification, by a second person.
        verify_values(Selection(self.jabar, [self.water], 2024), self.national)
        self.assertCountsMatchTheValues()
        self.assertEqual(self.years(False), [2024])

        # A verified value that changes keeps its figures; its change awaits verification.
        self.assertEqual(write_values([water("32.73", numerator=960)], self.provincial)[1], [])
        self.assertCountsMatchTheValues()

        # The bulk API.
        self.client.force_login(self.regency)
        response = self.client.post(
            "/api/data-values/bulk/",
            [
                {
                    "indicator": "am-layak",
                    "region": "32.04.05.2001",
                    "year": 2022,
                    "numerator": 1,
                    "denominator": 2,
                }
            ],
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertCountsMatchTheValues()
        self.assertEqual(self.years(True), [2022, 2023, 2024])

        # Deletions, one by one (the admin) and in bulk (removals).
        DataValue.objects.filter(year=2022).get().delete()
        DataValue.objects.filter(year=2023).delete()
        self.assertCountsMatchTheValues()
        self.assertEqual(self.years(True), [2024])

        # Any other update: the period, the status.
        DataValue.objects.filter(region__code="32.04").update(period=Period.S1)
        DataValue.objects.update(status=VERIFIED, verified=timezone.now())
        self.assertCountsMatchTheValues()
        DataValue.objects.all().delete()
        self.assertEqual((self.years(False), self.years(True)), ([], []))

    def test_the_years_of_a_non_public_indicator_are_not_published(self):
        write_values([water()], self.regency)
        DataValue.objects.update(status=VERIFIED)
        self.assertEqual(self.years(False), [2024])
        Indicator.objects.filter(pk=self.water.pk).update(is_public=False)
        self.assertEqual((self.years(False), self.years(True)), ([], [2024]))

    def test_the_dashboards_read_the_counts_not_the_values(self):
        write_values([water(), water(year=2023)], self.regency)
        with CaptureQueriesContext(connection) as queries:
            years = _years_with_data([self.water], include_drafts=True)
        self.assertEqual(years, {self.water.pk: [2023, 2024]})
        self.assertEqual(len(queries), 1)
        self.assertNotIn("monitoring_datavalue", queries[0]["sql"])

    def test_the_migration_counts_the_values_already_stored(self):
        write_values([water(), water("32.73"), water(year=2023)], self.provincial)
        DataValue.objects.filter(region__code="32.73").update(status=VERIFIED)
        IndicatorYear.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(migration.FILL)
        self.assertCountsMatchTheValues()


class VillageTotalsTestCase(BaseTestCase):
    """The national and provincial figures add up the village values of each kabupaten/kota
    from totals kept on every write: the query over every village value took 1.3 s for the
    national dashboard at one year of village data nationwide."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_catalogue()
        cls.water = Indicator.objects.get(code="am-layak")
        cls.villages = [cls.cinunuk] + [
            make_region(f"32.04.05.{2002 + i}", f"Desa {i}", "desa", cls.cileunyi) for i in range(3)
        ]
        district = make_region("53.01.01", "Kupang Barat", "kecamatan", cls.kab_kupang)
        cls.kupang_village = make_region("53.01.01.2001", "Desa Oematnunu", "desa", district)

    def assertTotalsMatchTheValues(self):
        for region in (self.nation, self.jabar, self.ntt):
            for include_drafts in (True, False):
                values = DataValue.objects.filter(
                    below(region.code, "region__code"), region__level=4, indicator=self.water
                )
                if not include_drafts:
                    values = values.filter(PUBLISHED_VALUES)
                expected = {
                    (row["year"], row["group"]): (
                        row["numerator"],
                        row["denominator"],
                        row["total"],
                        row["reported"],
                    )
                    for row in values.annotate(group=Substr("region__code", 1, 5))
                    .values("year", "group")
                    .annotate(
                        numerator=Sum("numerator"),
                        denominator=Sum("denominator"),
                        total=Sum("value"),
                        reported=Count("pk"),
                    )
                    .order_by()
                }
                totals = regency_totals(
                    [self.water], region, [2023, 2024], include_drafts=include_drafts
                )
                kept = {
                    (row["year"], row["group"]): (
                        row["numerator"],
                        row["denominator"],
                        row["total"],
                        row["reported"],
                    )
                    for row in totals
                }
                self.assertEqual(kept, expected, (region.code, include_drafts))

    def test_the_totals_follow_every_write(self):
        rows = [water(v.code, numerator=100 + i) for i, v in enumerate(self.villages)]
        rows += [water(self.kupang_village.code, numerator=40), water("32.04", numerator=900)]
        rows += [water(self.cinunuk.code, year=2023, numerator=80)]
        self.assertEqual(write_values(rows, self.national)[1], [])
        self.assertTotalsMatchTheValues()

        verify_values(Selection(self.kab_bandung, [self.water], 2024), self.national)
        DataValue.objects.filter(region=self.kupang_village).update(status=VERIFIED)
        self.assertTotalsMatchTheValues()

        changed = [water(self.villages[1].code, numerator=150), water("32.04", numerator=901)]
        self.assertEqual(write_values(changed, self.provincial)[1], [])
        self.assertTotalsMatchTheValues()

        DataValue.objects.filter(region=self.villages[2]).delete()
        DataValue.objects.filter(region=self.cinunuk, year=2023).get().delete()
        DataValue.objects.filter(region=self.villages[3]).update(note="Dihitung ulang")
        self.assertTotalsMatchTheValues()

        DataValue.objects.filter(region__level=4).delete()
        self.assertEqual(list(regency_totals([self.water], self.nation, [2024], True)), [])

    def test_the_migration_adds_up_the_values_already_stored(self):
        rows = [water(v.code, numerator=100 + i) for i, v in enumerate(self.villages)]
        self.assertEqual(write_values(rows, self.national)[1], [])
        DataValue.objects.filter(region=self.cinunuk).update(status=VERIFIED)
        VillageTotal.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(totals_migration.FILL)
        self.assertTotalsMatchTheValues()


class BackupTestCase(YearsSummaryTestCase):
    def test_a_restore_counts_the_values_again_instead_of_loading_the_counts(self):
        self.assertEqual(write_values([water(), water("32.73")], self.provincial)[1], [])
        DataValue.objects.filter(region__code="32.73").update(status=VERIFIED)
        dump = serializers.serialize("json", DataValue.objects.all())
        DataValue.objects.all().delete()

        for record in serializers.deserialize("json", dump):  # as loaddata does
            record.save()

        self.assertCountsMatchTheValues()
        backed_up = {model._meta.label_lower for model in backup._models()}
        self.assertIn("monitoring.datavalue", backed_up)
        self.assertNotIn("monitoring.indicatoryear", backed_up)
        self.assertNotIn("monitoring.villagetotal", backed_up)
