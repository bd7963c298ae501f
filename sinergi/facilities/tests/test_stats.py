import datetime

from sinergi.facilities.models import Facility, Inspection
from sinergi.facilities.stats import region_stats
from sinergi.facilities.tests.base import TODAY, FacilityTestCase, facility, inspect

S = Inspection.Status


class StatsTestCase(FacilityTestCase):
    def stats(self, region=None):
        return region_stats(Facility.objects.within(region or self.kab_bandung), TODAY)

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

    def test_it_reads_in_one_query_whatever_the_number_of_facilities(self):
        for i in range(5):
            inspect(facility(f"MCK {i}", self.cinunuk, kind="mck"), TODAY, S.PARTLY)
        with self.assertNumQueries(1):
            self.stats()

    def test_other_regions_are_not_counted(self):
        facility("SPAM Uitao", self.kupang_village)
        self.assertEqual(self.stats().overall.total, 2)
