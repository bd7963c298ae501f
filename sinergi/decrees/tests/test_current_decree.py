"""One "current decree" (issue 14, item 5): the decree in force on a day, and the latest one,
each decided once in decrees/models.py, and the profile, the handover pack and the compliance
overview showing the same decree."""

import datetime

from django.utils import timezone

from sinergi.decrees.models import Decree, decree_in_force, latest_decree
from sinergi.pokja.models import Handover, Membership, Person
from sinergi.portal.handover_pack import build_handover_pack, pack_handovers
from sinergi.portal.tests.test_handover_pack import text_of
from sinergi.test import BaseTestCase

D = datetime.date.fromisoformat
DAY = datetime.timedelta(days=1)


def decree(group, number, start, end, signed=None):
    return Decree.objects.create(
        working_group=group,
        number=number,
        signatory="Bupati Bandung",
        signed_on=signed or start,
        valid_from=start,
        valid_until=end,
    )


class CurrentDecreeTestCase(BaseTestCase):
    def decrees(self):
        return Decree.objects.filter(working_group=self.bandung_group)

    def test_a_renewal_signed_ahead_is_the_latest_but_not_yet_in_force(self):
        current = decree(self.bandung_group, "1/2026", D("2026-01-01"), D("2026-12-31"))
        renewal = decree(
            self.bandung_group, "1/2027", D("2027-01-01"), D("2027-12-31"), D("2026-11-20")
        )
        self.assertEqual(decree_in_force(self.decrees(), D("2026-12-01")), current)
        self.assertEqual(decree_in_force(self.decrees(), D("2027-01-01")), renewal)
        self.assertEqual(latest_decree(self.decrees()), renewal)

    def test_an_expired_only_group_has_no_decree_in_force_but_a_latest_one(self):
        decree(self.bandung_group, "1/2024", D("2024-01-01"), D("2024-12-31"))
        last = decree(self.bandung_group, "1/2025", D("2025-01-01"), D("2025-12-31"))
        self.assertIsNone(decree_in_force(self.decrees(), D("2026-03-01")))
        self.assertEqual(latest_decree(self.decrees()), last)

    def test_of_overlapping_decrees_the_one_running_longest_then_newest_is_in_force(self):
        long = decree(self.bandung_group, "long", D("2024-01-01"), D("2026-12-31"))
        short = decree(self.bandung_group, "short", D("2025-01-01"), D("2025-12-31"))
        self.assertEqual(decree_in_force(self.decrees(), D("2025-06-01")), long)
        # A replacement signed mid-year for the rest of the year replaces the first decree.
        replacement = decree(
            self.bandung_group, "replacement", D("2025-07-01"), D("2026-12-31"), D("2025-06-20")
        )
        self.assertEqual(decree_in_force(self.decrees(), D("2025-08-01")), replacement)
        self.assertEqual(decree_in_force(self.decrees(), D("2025-06-01")), long)
        self.assertNotEqual(latest_decree(self.decrees()), short)

    def test_a_future_decree_is_not_in_force(self):
        future = decree(self.bandung_group, "1/2027", D("2027-01-01"), D("2027-12-31"))
        self.assertIsNone(decree_in_force(self.decrees(), D("2026-06-01")))
        self.assertEqual(latest_decree(self.decrees()), future)

    def test_no_decree_at_all(self):
        self.assertIsNone(decree_in_force(self.decrees(), D("2026-06-01")))
        self.assertIsNone(latest_decree(self.decrees()))

    def test_a_list_works_as_well_as_a_queryset(self):
        current = decree(self.bandung_group, "1/2026", D("2026-01-01"), D("2026-12-31"))
        self.assertEqual(decree_in_force(list(self.decrees()), D("2026-02-01")), current)


class EveryPageShowsTheSameDecreeTestCase(BaseTestCase):
    """Overlapping decrees: a long one, and a shorter one that starts later. The pages used to
    choose differently (the one that starts last, or the one that ends last)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        today = timezone.localdate()
        cls.long = decree(cls.bandung_group, "LONG/1", today - 400 * DAY, today + 400 * DAY)
        cls.short = decree(cls.bandung_group, "SHORT/2", today - 30 * DAY, today + 30 * DAY)
        leaving = Membership.objects.create(
            person=Person.objects.create(full_name="Budi Santoso"),
            working_group=cls.bandung_group,
            position=Membership.Position.MEMBER,
            started_on=today - 800 * DAY,
            ended_on=today - 10 * DAY,
            end_reason=Membership.EndReason.TRANSFER,
        )
        cls.handover = Handover.objects.create(leaving=leaving)

    def test_the_profile_shows_the_decree_in_force(self):
        self.assertEqual(self.client.get("/pokja/32.04/").context["decree"], self.long)

    def test_the_handover_pack_shows_the_decree_in_force(self):
        handover = pack_handovers().get(pk=self.handover.pk)
        text = text_of(build_handover_pack(handover, compress=False))
        self.assertIn("LONG/1", text)
        self.assertNotIn("SHORT/2", text)

    def test_the_compliance_overview_shows_the_same_decree(self):
        self.client.force_login(self.provincial)
        rows = {r.row.code: r for r in self.client.get("/kepatuhan/").context["rows"]}
        self.assertEqual(rows["32.04"].decree, self.long)


class NoDecreeInForceTestCase(BaseTestCase):
    def test_the_profile_falls_back_to_the_latest_decree(self):
        today = timezone.localdate()
        decree(self.bandung_group, "OLD/1", today - 800 * DAY, today - 400 * DAY)
        expired = decree(self.bandung_group, "OLD/2", today - 399 * DAY, today - 35 * DAY)
        self.assertEqual(self.client.get("/pokja/32.04/").context["decree"], expired)
        upcoming = decree(self.bandung_group, "NEXT/3", today + 5 * DAY, today + 370 * DAY)
        self.assertEqual(self.client.get("/pokja/32.04/").context["decree"], upcoming)
