"""Each component moves the index by its documented weight (docs/activeness.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.activeness import index as activeness
from sinergi.activeness.index import WEIGHTS, collect, evidence, index_of, rank
from sinergi.activeness.tests.base import (
    TODAY,
    ActivenessTestCase,
    D,
    action,
    adopted_plan,
    facility,
    indicators,
    institution,
    meeting,
    post,
    valid_decree,
    value,
)
from sinergi.facilities.models import Inspection
from sinergi.meetings.models import ActionItem
from sinergi.pokja.core import REGIONAL_CORE
from sinergi.pokja.models import Institution, WorkingGroup
from sinergi.regions.models import Region
from sinergi.test import add_member, make_region

# With no evidence at all a group has the neutral half of "actions" and "facilities".
BASELINE = WEIGHTS["actions"] // 2 + WEIGHTS["facilities"] // 2


class WeightsTestCase(ActivenessTestCase):
    def test_the_weights_add_up_to_100_and_cover_the_three_roles(self):
        self.assertEqual(sum(WEIGHTS.values()), 100)
        self.assertEqual(
            sorted(k for keys in activeness.ROLES.values() for k in keys), sorted(WEIGHTS)
        )

    def test_a_group_without_evidence_has_only_the_neutral_points(self):
        index = self.index(self.bandung_group)
        self.assertEqual(index.total, BASELINE)
        self.assertEqual(index.points["actions"], 5)
        self.assertEqual(index.points["facilities"], 5)
        self.assertEqual(sum(1 for points in index.points.values() if points), 2)

    def test_only_provinces_and_regencies_are_indexed(self):
        codes = {ev.code for ev in collect(TODAY).values()}
        self.assertEqual(codes, {"32", "53", "32.04", "53.01"})


class ComponentTestCase(ActivenessTestCase):
    def assertGain(self, points):
        index = self.index(self.bandung_group)
        self.assertEqual(index.total, BASELINE + points)
        return index

    def test_a_valid_decree_gives_its_weight(self):
        valid_decree(self.bandung_group, "2024-01-01", "2024-12-31")  # expired
        self.assertGain(0)
        valid_decree(self.bandung_group, "2025-01-01", "2025-12-31")
        index = self.assertGain(WEIGHTS["decree"])
        self.assertEqual(index.points["decree"], 15)

    def test_core_institutions_count_in_proportion(self):
        add_member(self.bandung_group, "Dadang", institution=self.bappeda)  # Bappeda: planning
        self.assertGain(WEIGHTS["core"] / len(REGIONAL_CORE))
        for role in REGIONAL_CORE:
            add_member(
                self.bandung_group,
                f"Anggota {role}",
                institution=institution(self.kab_bandung, role),
            )
        self.assertGain(WEIGHTS["core"])

    def test_a_former_member_fills_no_core_function(self):
        health = institution(self.kab_bandung, Institution.CoreRole.HEALTH)
        add_member(
            self.bandung_group,
            "Rudi",
            institution=health,
            ended_on="2024-12-31",
            end_reason="mutasi",
        )
        self.assertGain(0)

    def test_an_adopted_strategic_plan_covering_this_year_gives_its_weight(self):
        adopted_plan(self.bandung_group, 2026, 2030, status="draf")
        self.assertGain(0)
        adopted_plan(self.bandung_group, 2016, 2020)
        self.assertGain(WEIGHTS["plan"] / 2)  # ended: half
        adopted_plan(self.bandung_group, 2021, 2025)
        self.assertGain(WEIGHTS["plan"])

    def test_an_uploaded_plan_document_counts_as_adopted(self):
        self.bandung_group.strategic_plan_file = "renstra/renstra.pdf"
        self.bandung_group.save()
        self.assertGain(WEIGHTS["plan"])

    def test_meetings_held_in_the_last_90_days(self):
        meeting(self.bandung_group, "2025-03-01")  # more than 90 days ago
        meeting(self.bandung_group, "2025-06-10", is_cancelled=True)
        meeting(self.bandung_group, "2025-06-20")  # not held yet
        meeting(self.kupang_group, "2025-06-10")  # another group
        self.assertGain(0)
        meeting(self.bandung_group, "2025-03-17")  # 90 days before TODAY
        self.assertGain(WEIGHTS["meetings"] // 3)
        meeting(self.bandung_group, "2025-05-01")
        meeting(self.bandung_group, "2025-06-15")
        self.assertGain(WEIGHTS["meetings"])
        meeting(self.bandung_group, "2025-06-02")
        self.assertGain(WEIGHTS["meetings"])  # full at three

    def test_action_items_done_on_time(self):
        done = ActionItem.Status.DONE
        action(self.bandung_group, "2025-07-01")  # not due yet
        action(self.bandung_group, "2024-05-01", done, "2024-05-01")  # due over a year ago
        action(self.bandung_group, "2025-05-01", ActionItem.Status.DROPPED, "2025-04-01")
        self.assertGain(0)  # none due: neutral
        action(self.bandung_group, "2025-05-01", done, "2025-04-30")
        self.assertGain(WEIGHTS["actions"] // 2)  # 1 of 1 on time: from half to full
        action(self.bandung_group, "2025-05-10", done, "2025-05-20")  # late
        self.assertGain(0)  # 1 of 2
        action(self.bandung_group, "2025-06-01")  # open and overdue
        index = self.index(self.bandung_group)
        self.assertEqual(index.points["actions"], 3.3)  # 1 of 3

    def test_posts_published_in_the_last_12_months(self):
        post(self.bandung_group, None)  # draft
        post(self.bandung_group, "2024-06-01")  # too old
        post(self.bandung_group, "2025-07-01")  # scheduled
        self.assertGain(0)
        post(self.bandung_group, "2025-05-01", kind="advokasi")
        self.assertGain(WEIGHTS["posts"] // 3)
        post(self.bandung_group, "2025-01-01")
        post(self.bandung_group, "2024-06-16")
        self.assertGain(WEIGHTS["posts"])

    def test_monitoring_data_of_the_last_two_years_in_the_region_or_below(self):
        first, second, *others = indicators(6)
        value(first, self.kab_bandung, 2022)  # too old
        value(first, self.kab_bandung, 2025)  # this year: not over yet
        value(first, self.kab_kupang)  # another region
        self.assertGain(0)
        value(first, self.cinunuk)  # 2024, in a village of the kabupaten
        value(first, self.kab_bandung, 2023)  # the same indicator again
        self.assertGain(WEIGHTS["data"] / 5)
        value(second, self.kab_bandung, 2023)  # the year before last counts too
        self.assertGain(2 * WEIGHTS["data"] / 5)
        for other in others:
            value(other, self.kab_bandung)
        self.assertGain(WEIGHTS["data"])
        jabar = collect(TODAY)[self.jabar_group.pk]
        self.assertEqual(jabar.indicators, 0)  # the kabupaten's work is not the province's

    def test_only_values_the_group_entered_or_verified_count(self):
        """A group still in formation got 15 of its 25 points from values that merely existed
        for its region (issue 20): now only its own accounts' entries and verifications count."""
        first, second, third = indicators(3)
        value(first, self.kab_bandung, entered_by=self.national)  # a national source
        value(first, self.cinunuk, entered_by=self.outsider)  # another group's account
        self.assertGain(0)
        value(second, self.cinunuk, entered_by=self.national, verified_by=self.regency)
        self.assertGain(WEIGHTS["data"] / 5)  # verified by the group: its work
        value(third, self.kab_bandung, verified_by=self.provincial)
        jabar = collect(TODAY)[self.jabar_group.pk]
        self.assertEqual(jabar.indicators, 1)  # the province verified one value below it

    def test_facilities_inspected_in_the_last_12_months(self):
        facility(self.cinunuk, "SPAM Cinunuk", inspected="2025-01-10")
        self.assertGain(WEIGHTS["facilities"] // 2)  # 1 of 1: from neutral to full
        never = facility(self.cinunuk, "MCK Cinunuk")
        old = facility(self.cinunuk, "IPAL Cinunuk", inspected="2024-06-14")
        index = self.index(self.bandung_group)
        self.assertEqual(index.points["facilities"], 3.3)  # 1 of 3: a third of the weight
        self.assertEqual(index.total, 8)  # 5 + 3.3, rounded
        never.inspections.create(inspected_on=D("2025-06-15"), status=Inspection.Status.NOT_WORKING)
        old.inspections.create(inspected_on=D("2025-06-01"), status=Inspection.Status.PARTLY)
        self.assertGain(WEIGHTS["facilities"] // 2)
        jabar = collect(TODAY)[self.jabar_group.pk]
        self.assertEqual((jabar.facilities, jabar.facilities_inspected), (3, 3))
        kupang = collect(TODAY)[self.kupang_group.pk]
        self.assertEqual((kupang.facilities, kupang.facilities_inspected), (0, 0))

    def test_every_component_at_once_gives_100(self):
        valid_decree(self.bandung_group)
        for role in REGIONAL_CORE:
            add_member(
                self.bandung_group, f"A {role}", institution=institution(self.kab_bandung, role)
            )
        adopted_plan(self.bandung_group)
        for day in ("2025-04-01", "2025-05-01", "2025-06-01"):
            meeting(self.bandung_group, day)
            post(self.bandung_group, day)
        action(self.bandung_group, "2025-05-01", ActionItem.Status.DONE, "2025-05-01")
        for each in indicators(5):
            value(each, self.kab_bandung)
        facility(self.cinunuk, inspected="2025-06-01")
        index = self.index(self.bandung_group)
        self.assertEqual(index.total, 100)
        self.assertEqual(index.roles, {"coordination": 60, "communication": 15, "monitoring": 25})
        self.assertTrue(all(c.is_full and not c.next_step for c in index.components()))


class RankingTestCase(ActivenessTestCase):
    def test_highest_first_equal_points_share_a_rank(self):
        valid_decree(self.bandung_group)
        valid_decree(self.ntt_group)
        meeting(self.ntt_group)
        ranked = rank([index_of(ev) for ev in collect(TODAY).values()])
        self.assertEqual([i.code for i in ranked], ["53", "32.04", "32", "53.01"])
        self.assertEqual([i.rank for i in ranked], [1, 2, 3, 3])
        self.assertEqual([i.total for i in ranked], [30, 25, 10, 10])


class QueryCountTestCase(ActivenessTestCase):
    def count_queries(self):
        with CaptureQueriesContext(connection) as queries:
            collect(TODAY)
        return len(queries)

    def test_the_bulk_computation_does_not_grow_with_groups(self):
        baseline = self.count_queries()
        self.assertEqual(baseline, 9)
        jatim = make_region("35", "Jawa Timur", Region.Kind.PROVINCE, self.nation)
        for n in range(1, 9):
            region = make_region(f"35.{n:02}", f"Kabupaten {n}", Region.Kind.REGENCY, jatim)
            group = WorkingGroup.objects.create(region=region, name=f"Pokja {n}")
            valid_decree(group)
            meeting(group)
            post(group)
            action(group, "2025-05-01")
            adopted_plan(group)
            add_member(group, f"Anggota {n}", institution=institution(region, "kesehatan"))
            village = make_region(f"35.{n:02}.01.2001", f"Desa {n}", Region.Kind.VILLAGE, region)
            facility(village, inspected="2025-06-01")
            value(indicators(1)[0], village)
        self.assertEqual(len(collect(TODAY)), 12)
        self.assertEqual(self.count_queries(), baseline)


@pytest.mark.django_db(transaction=True)
def test_the_evidence_is_cached_until_its_data_changes(django_assert_num_queries):
    # Eight queries: no account holds a role, so no value can count and none is read.
    with django_assert_num_queries(8):
        first = evidence(TODAY)
    with django_assert_num_queries(0):
        self_again = evidence(TODAY)
    assert self_again == first
    with django_assert_num_queries(8):
        evidence(TODAY.replace(day=16))  # another day is computed afresh
    nation = make_region("ID", "Indonesia", Region.Kind.NATION, None)
    region = make_region("32", "Jawa Barat", Region.Kind.PROVINCE, nation)
    group = WorkingGroup.objects.create(region=region, name="Pokja AMPL Jawa Barat")
    with django_assert_num_queries(8):
        after = evidence(TODAY)  # the new group's evidence, without waiting for an expiry
    assert list(after) == [group.pk]
    meeting(group, "2025-06-01")
    assert evidence(TODAY)[group.pk].meetings == 1
