from unittest import mock

from django.core.cache import cache
from django.test import TransactionTestCase

from sinergi.pokja.models import WorkingGroup
from sinergi.programmes.models import Intake, Programme
from sinergi.programmes.overlaps import overlapping_ids, programme_overlaps, region_overlaps
from sinergi.programmes.tests.base import WATER, D, ProgrammeTestCase, make_programme, on_day
from sinergi.regions.models import Region
from sinergi.test import make_region

WARNING = "Overlap warning"


@on_day("2025-06-30")
class AcceptanceTestCase(ProgrammeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        g = cls.bandung_group
        cls.sanimas = make_programme("SANIMAS Cinunuk", g, ["32.04.05.2001"])
        cls.csr = make_programme(
            "CSR Jamban", g, ["32.04.05.2001"], start="2025-06-01", end="2026-05-31"
        )
        cls.elsewhere = make_programme("SANIMAS Cimekar", g, ["32.04.05.2003"])
        cls.water = make_programme("PAMSIMAS Cinunuk", g, ["32.04.05.2001"], sector=WATER)

    def test_both_programmes_show_the_warning(self):
        for programme in (self.sanimas, self.csr):
            with self.subTest(programme=programme.name):
                response = self.client.get(f"/en/program/{programme.pk}/")
                self.assertContains(response, WARNING)
                other = self.csr if programme == self.sanimas else self.sanimas
                self.assertContains(response, other.name)

    def test_another_village_or_sector_shows_no_warning(self):
        for programme in (self.elsewhere, self.water):
            with self.subTest(programme=programme.name):
                self.assertNotContains(self.client.get(f"/en/program/{programme.pk}/"), WARNING)

    def test_lists_flag_exactly_the_overlapping_pair(self):
        ids = [self.sanimas.pk, self.csr.pk, self.elsewhere.pk, self.water.pk]
        self.assertEqual(overlapping_ids(ids), {self.sanimas.pk, self.csr.pk})
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/program/")
        flagged = {p.pk for p in response.context["page"] if p.has_overlap}
        self.assertEqual(flagged, {self.sanimas.pk, self.csr.pk})

    def test_region_page_lists_the_overlap_once(self):
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/program/tumpang-tindih/")
        overlaps = response.context["overlaps"]
        self.assertEqual(len(overlaps), 1)
        self.assertEqual({overlaps[0].first, overlaps[0].second}, {self.sanimas, self.csr})
        self.assertEqual(overlaps[0].region, self.cinunuk)
        self.assertContains(response, "Cinunuk")


@on_day("2025-06-30")
class RulesTestCase(ProgrammeTestCase):
    def test_a_kecamatan_location_covers_its_villages(self):
        district = make_programme("STBM Cileunyi", self.bandung_group, ["32.04.05"])
        village = make_programme("SANIMAS Cimekar", self.bandung_group, ["32.04.05.2003"])
        other_district = make_programme("SANIMAS Sukamanah", self.bandung_group, ["32.04.06.2001"])
        [overlap] = programme_overlaps(district)
        self.assertEqual(overlap.other(district.pk), village)
        self.assertEqual(overlap.region, self.cimekar)  # the deeper place
        self.assertEqual(programme_overlaps(other_district), [])

    def test_a_provincial_programme_overlaps_in_the_kabupaten(self):
        province = make_programme("Program Provinsi", self.jabar_group, ["32"])
        village = make_programme("SANIMAS Cinunuk", self.bandung_group, ["32.04.05.2001"])
        self.assertEqual([o.other(village.pk) for o in programme_overlaps(village)], [province])
        self.assertEqual(len(region_overlaps(self.kab_bandung)), 1)
        self.assertEqual(region_overlaps(self.kab_kupang), [])

    def test_a_national_programme_overlaps_everywhere_in_its_sector(self):
        nation = make_programme("Program Nasional", self.national_group, ["ID"])
        village = make_programme("SANIMAS Cinunuk", self.bandung_group, ["32.04.05.2001"])
        district = make_programme("STBM Rancaekek", self.bandung_group, ["32.04.06"])
        water = make_programme("Air Cinunuk", self.bandung_group, ["32.04.05.2001"], sector=WATER)
        ids = [nation.pk, village.pk, district.pk, water.pk]
        self.assertEqual(overlapping_ids(ids), {nation.pk, village.pk, district.pk})
        self.assertEqual(overlapping_ids([village.pk]), {village.pk})
        others = {o.other(nation.pk) for o in programme_overlaps(nation)}
        self.assertEqual(others, {village, district})
        self.assertEqual([o.other(district.pk) for o in programme_overlaps(district)], [nation])

    def test_a_kecamatan_location_meets_the_villages_below_it_on_a_list(self):
        district = make_programme("STBM Cileunyi", self.bandung_group, ["32.04.05"])
        village = make_programme("SANIMAS Cimekar", self.bandung_group, ["32.04.05.2003"])
        elsewhere = make_programme("SANIMAS Sukamanah", self.bandung_group, ["32.04.06.2001"])
        self.assertEqual(overlapping_ids([district.pk]), {district.pk})
        self.assertEqual(overlapping_ids([village.pk, elsewhere.pk]), {village.pk})

    def test_periods_that_do_not_meet_do_not_overlap(self):
        make_programme(
            "SANIMAS 2024",
            self.bandung_group,
            ["32.04.05.2001"],
            start="2024-01-01",
            end="2024-12-31",
        )
        make_programme(
            "SANIMAS 2025",
            self.bandung_group,
            ["32.04.05.2001"],
            start="2025-01-01",
            end="2025-12-31",
        )
        self.assertEqual(region_overlaps(self.kab_bandung), [])

    def test_sharing_one_day_is_an_overlap(self):
        make_programme(
            "A", self.bandung_group, ["32.04.05.2001"], start="2024-01-01", end="2025-01-01"
        )
        make_programme(
            "B", self.bandung_group, ["32.04.05.2001"], start="2025-01-01", end="2025-12-31"
        )
        with on_day("2025-01-01"):  # the one day both run
            self.assertEqual(len(region_overlaps(self.kab_bandung)), 1)

    def test_neighbouring_codes_are_not_prefixes(self):
        # 32.04.05.2001 does not lie below 32.04.0 nor 32.04.05.200.
        make_programme("A", self.bandung_group, ["32.04.05.2001"])
        make_programme("B", self.bandung_group, ["32.04.05.2003"])
        self.assertEqual(region_overlaps(self.kab_bandung), [])


@on_day("2025-06-30")
class QueriesTestCase(ProgrammeTestCase):
    def add(self, count):
        for i in range(count):
            village = "32.04.05.2001" if i % 2 else "32.04.05.2003"
            make_programme(f"Program {Programme.objects.count()}", self.bandung_group, [village])

    def test_overlap_page_queries_do_not_grow(self):
        self.client.force_login(self.member)
        url = "/pokja/32.04/program/tumpang-tindih/"
        self.add(4)
        # session, user, group, roles, location rows, programmes, regions, notifications
        with self.assertNumQueries(8):
            response = self.client.get(url)
        self.assertEqual(len(response.context["overlaps"]), 2)  # one pair in each village
        self.add(6)
        with self.assertNumQueries(8):
            response = self.client.get(url)
        self.assertEqual(len(response.context["overlaps"]), 20)  # 5 × 4 / 2 in each village


class CurrentOnlyTestCase(ProgrammeTestCase):
    """Programmes that finished, or that a working group redirected elsewhere, no longer
    overlap there (issue 15)."""

    def make(self, name, codes=("32.04.05.2001",), start="2025-01-01", end="2025-12-31"):
        return make_programme(name, self.bandung_group, list(codes), start=start, end=end)

    def test_a_finished_programme_does_not_overlap(self):
        old = self.make("SANIMAS 2025")
        new = self.make("CSR Jamban 2025")
        with on_day("2025-12-31"):
            self.assertEqual(len(region_overlaps(self.kab_bandung)), 1)
        with on_day("2026-01-01"):
            self.assertEqual(region_overlaps(self.kab_bandung), [])
            self.assertEqual(overlapping_ids([old.pk, new.pk]), set())
            self.assertEqual(programme_overlaps(new), [])

    def test_a_programme_redirected_by_the_group_does_not_overlap_there(self):
        redirected = self.make("SANIMAS Cinunuk", ["32.04.05.2001", "32.04.06.2001"])
        here = self.make("CSR Jamban Cinunuk")
        there = self.make("CSR Jamban Sukamanah", ["32.04.06.2001"])
        kupang = make_programme("STBM Kupang", self.kupang_group, ["53.01"])
        Intake.objects.create(
            programme=redirected,
            working_group=self.bandung_group,
            presented_on=D("2025-01-10"),
            decision=Intake.Decision.REDIRECTED,
            conditions="Dialihkan ke Kabupaten Kupang.",
        )
        # Kupang agreed: the redirection does not reach its region.
        Intake.objects.create(
            programme=kupang,
            working_group=self.kupang_group,
            presented_on=D("2025-01-10"),
            decision=Intake.Decision.AGREED,
        )
        with on_day("2025-06-01"):
            self.assertEqual(region_overlaps(self.kab_bandung), [])
            self.assertEqual(overlapping_ids([redirected.pk, here.pk, there.pk]), set())
            self.assertEqual(programme_overlaps(here), [])
            # A later intake that agrees brings it back.
            Intake.objects.create(
                programme=redirected,
                working_group=self.bandung_group,
                presented_on=D("2025-02-10"),
                decision=Intake.Decision.AGREED,
            )
            self.assertEqual(len(region_overlaps(self.kab_bandung)), 2)


@on_day("2025-06-30")
class SharedCacheTestCase(TransactionTestCase):
    """A region's overlaps come from the shared cache until a programme, its places or an
    intake change; outside a test transaction, as a worker runs."""

    def setUp(self):
        cache.clear()
        K = Region.Kind
        nation = make_region("ID", "Indonesia", K.NATION, None)
        self.kabupaten = make_region("32.04", "Kabupaten Bandung", K.REGENCY, nation)
        district = make_region("32.04.05", "Cileunyi", K.DISTRICT, self.kabupaten)
        self.cinunuk = make_region("32.04.05.2001", "Cinunuk", K.VILLAGE, district)
        make_region("32.04.05.2003", "Cimekar", K.VILLAGE, district)
        self.group = WorkingGroup.objects.create(region=self.kabupaten, name="Pokja Bandung")

    def test_overlaps_are_computed_again_only_after_a_change(self):
        make_programme("A", self.group, ["32.04.05.2001"])
        other = make_programme("B", self.group, ["32.04.05.2003"])
        self.assertEqual(region_overlaps(self.kabupaten), [])
        with self.assertNumQueries(0):
            self.assertEqual(region_overlaps(self.kabupaten), [])
        other.locations.set([self.cinunuk])  # no save of the programme itself
        [overlap] = region_overlaps(self.kabupaten)
        self.assertEqual(overlap.region, self.cinunuk)
        with self.assertNumQueries(0):
            self.assertEqual(len(region_overlaps(self.kabupaten)), 1)
        Intake.objects.create(
            programme=other,
            working_group=self.group,
            presented_on=D("2025-01-10"),
            decision=Intake.Decision.REDIRECTED,
            conditions="Dialihkan.",
        )
        self.assertEqual(region_overlaps(self.kabupaten), [])
        with on_day("2026-01-01"):  # another day: computed anew (both have ended)
            Intake.objects.all().delete()
            self.assertEqual(region_overlaps(self.kabupaten), [])

    def test_list_flags_are_computed_again_only_after_a_change(self):
        first = make_programme("A", self.group, ["32.04.05.2001"])
        second = make_programme("B", self.group, ["32.04.05.2003"])
        both = [first.pk, second.pk]
        self.assertEqual(overlapping_ids(both), set())
        with self.assertNumQueries(0):
            self.assertEqual(overlapping_ids(both), set())
        second.locations.set([self.cinunuk])
        self.assertEqual(overlapping_ids(both), set(both))
        with self.assertNumQueries(0):
            self.assertEqual(overlapping_ids([second.pk]), {second.pk})
        first.ends_on = D("2025-03-31")  # ended before today
        first.save()
        self.assertEqual(overlapping_ids(both), set())


@on_day("2025-06-30")
class PagedOverlapsTestCase(ProgrammeTestCase):
    def test_the_overlap_page_is_paginated_keeping_its_count(self):
        for i in range(4):
            make_programme(f"Program {i}", self.bandung_group, ["32.04.05.2001"])
        self.client.force_login(self.member)
        url = "/en/pokja/32.04/program/tumpang-tindih/"
        with mock.patch("sinergi.programmes.views.PAGE_SIZE", 4):
            first = self.client.get(url)
            second = self.client.get(url + "?page=2")
        self.assertContains(first, "6 overlaps.")  # 4 × 3 / 2 pairs
        self.assertEqual(len(first.context["overlaps"]), 4)
        self.assertEqual(len(second.context["overlaps"]), 2)
        self.assertContains(first, "?page=2")
