import datetime
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from sinergi.facilities.models import Facility, Inspection
from sinergi.facilities.stats import region_stats
from sinergi.facilities.tests.base import TODAY, FacilityTestCase, facility, inspect
from sinergi.programmes.models import Programme

S = Inspection.Status


class StatsTestCase(FacilityTestCase):
    def stats(self, region=None):
        return region_stats(region or self.kab_bandung, TODAY)

    def test_a_not_working_inspection_moves_the_working_share(self):
        self.assertEqual(self.stats().overall.percent_working, 100.0)
        inspect(self.spam, TODAY, S.NOT_WORKING, "Pompa rusak")
        stats = self.stats()
        self.assertEqual(stats.overall.percent_working, 50.0)
        self.assertEqual(stats.overall.not_working, 1)
        # The province counts the facilities of its villages too.
        self.assertEqual(self.stats(self.jabar).overall.percent_working, 50.0)

    def test_only_the_latest_inspection_counts(self):
        inspect(self.spam, TODAY - datetime.timedelta(days=400), S.NOT_WORKING, "Lama")
        self.assertEqual(self.stats().overall.working, 2)

    def test_it_gives_the_share_by_type_and_by_programme(self):
        inspect(self.ipal, TODAY, S.NOT_WORKING, "Tersumbat")
        stats = self.stats()
        by_kind = {share.label: share.percent_working for share in stats.by_kind}
        self.assertEqual(
            by_kind,
            {
                str(Facility.Kind.PIPED_WATER.label): 100.0,
                str(Facility.Kind.COMMUNAL_WASTEWATER.label): 0.0,
            },
        )
        by_programme = [(share.label, share.total, share.working) for share in stats.by_programme]
        self.assertEqual(by_programme[0], ("Pamsimas III", 1, 1))
        self.assertEqual(by_programme[1][1:], (1, 0))

    def test_it_lists_facilities_not_working_or_not_inspected_for_a_year(self):
        old = facility("Sumur Bor Dusun 2", self.cileunyi_kulon, kind=Facility.Kind.BORE_WELL)
        inspect(old, TODAY - datetime.timedelta(days=366), S.WORKING)
        never = facility("PAH SDN 1", self.cinunuk, kind=Facility.Kind.RAINWATER)
        inspect(self.ipal, TODAY, S.NOT_WORKING, "Tersumbat")
        attention = [item[0] for item in self.stats().attention]
        self.assertEqual(attention, [self.ipal.pk, never.pk, old.pk])
        self.assertEqual(self.stats().overall.not_inspected, 1)

    def test_a_facility_inspected_within_the_year_needs_no_attention(self):
        self.assertEqual(self.stats().attention, [])

    def test_it_reads_in_the_same_queries_whatever_the_number_of_facilities(self):
        def count():
            with CaptureQueriesContext(connection) as queries:
                self.stats()
            return len(queries)

        few = count()
        for i in range(12):
            programme = Programme.objects.create(
                name=f"Program {i}",
                kind=Programme.Kind.NATIONAL,
                sector="air_minum",
                starts_on=TODAY,
                ends_on=TODAY,
                registered_by=self.bandung_group,
                contact_email="p@example.org",
            )
            built = facility(f"MCK {i}", self.cileunyi_kulon, kind="mck", programme=programme)
            inspect(built, TODAY, S.PARTLY)
        self.assertLessEqual(few, 5)
        self.assertEqual(count(), few)

    def test_other_regions_are_not_counted(self):
        facility("SPAM Uitao", self.kupang_village)
        self.assertEqual(self.stats().overall.total, 2)

    def test_it_counts_by_region_below(self):
        inspect(self.ipal, TODAY, S.NOT_WORKING, "Tersumbat")
        facility("Sumur Bor Dusun 2", self.cileunyi_kulon, kind=Facility.Kind.BORE_WELL)
        facility("SPAM Uitao", self.kupang_village)
        national = self.stats(self.nation)
        self.assertEqual(
            [(s.key, s.total, s.not_working, s.attention) for s in national.by_region],
            [("32", 3, 1, 2), ("53", 1, 0, 1)],
        )
        self.assertEqual(national.by_region[0].label, self.jabar.name)
        # Below a kabupaten: its kecamatan.
        by_district = self.stats().by_region
        self.assertEqual([(s.key, s.total) for s in by_district], [("32.04.05", 3)])
        self.assertEqual(national.overall.attention, 3)

    @mock.patch("sinergi.facilities.stats.ATTENTION_SHOWN", 2)
    def test_it_names_only_the_first_needing_attention_and_counts_them_all(self):
        for i in range(4):
            facility(f"PAH {i}", self.cinunuk, kind=Facility.Kind.RAINWATER)
        inspect(self.ipal, TODAY, S.NOT_WORKING, "Tersumbat")
        stats = self.stats()
        self.assertEqual([item[0] for item in stats.attention][:1], [self.ipal.pk])
        self.assertEqual(len(stats.attention), 2)
        self.assertEqual(stats.overall.attention, 5)

    def add_programmes(self, count, start=0):
        for i in range(start, start + count):
            programme = Programme.objects.create(
                name=f"Program {i}",
                kind=Programme.Kind.NATIONAL,
                sector="air_minum",
                starts_on=TODAY,
                ends_on=TODAY,
                registered_by=self.bandung_group,
                contact_email="p@example.org",
            )
            for n in range(i + 2):
                facility(f"MCK {i}-{n}", self.cinunuk, kind="mck", programme=programme)

    @mock.patch("sinergi.facilities.stats.PROGRAMMES_SHOWN", 1)
    def test_the_smaller_programmes_share_one_row(self):
        self.add_programmes(3)
        with translation.override("en"):
            rows = [(share.label, share.total) for share in self.stats().by_programme]
        self.assertEqual(
            rows, [("Program 2", 4), ("3 other programmes", 6), ("No programme recorded", 1)]
        )

    @mock.patch("sinergi.facilities.stats.PROGRAMMES_SHOWN", 2)
    def test_the_row_of_the_other_programmes_takes_no_more_queries(self):
        self.add_programmes(1)  # and Pamsimas: two programmes, all shown
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(len(self.stats().by_programme), 3)  # two, and those of none
        self.add_programmes(3, start=1)
        with self.assertNumQueries(len(few)), translation.override("en"):
            labels = [share.label for share in self.stats().by_programme]
        self.assertEqual(labels[2:], ["3 other programmes", "No programme recorded"])
