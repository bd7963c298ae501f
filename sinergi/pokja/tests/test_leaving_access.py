"""Issue 13, item 6: a role's rights end on the last day of the membership it comes from; after
that the leaving member only writes their own handover notes, for HANDOVER_ACCESS_DAYS."""

import datetime

from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.pokja.access import HANDOVER_ACCESS_DAYS, scope_of
from sinergi.pokja.actions import do_end_membership
from sinergi.pokja.models import Membership, Role
from sinergi.test import BaseTestCase, add_member

NOTES = {"notes": "Rapat tiap triwulan.", "open_items": "", "documents": "", "key_contacts": ""}


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


class LeavingSecretaryTestCase(BaseTestCase):
    """Asep (`regency`) is the secretary of Bandung's working group and is transferred."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.seat = add_member(cls.bandung_group, "Asep", "sekretaris", "2022-01-03")
        cls.seat.person.user = cls.regency
        cls.seat.person.save()

    def leave(self, last_day, reason="mutasi"):
        return do_end_membership(self.seat, last_day, reason)

    def scope(self):
        return scope_of(User.objects.get(pk=self.regency.pk))  # a fresh user: no cached scope

    def test_until_the_last_day_the_secretary_keeps_every_right(self):
        self.leave(days(10))
        self.assertEqual(Role.objects.get(user=self.regency).ends_on, days(10))
        self.assertTrue(self.scope().can_edit(self.bandung_group))

    def test_after_the_last_day_every_right_in_the_group_ends(self):
        handover = self.leave(days(-1))
        self.assertFalse(self.scope().can_view(self.bandung_group))
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get("/pokja/32.04/ruang-kerja/").status_code, 404)
        self.assertEqual(self.client.get("/pokja/32.04/anggota/tambah/").status_code, 404)
        self.assertEqual(self.client.get("/pokja/32.04/serah-terima/").status_code, 404)
        # ... but the handover notes, their own.
        url = f"/pokja/32.04/serah-terima/{handover.pk}/"
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertRedirects(self.client.post(url, NOTES), url)
        handover.refresh_from_db()
        self.assertEqual(handover.notes, "Rapat tiap triwulan.")
        # The leaver cannot name the successor.
        r = self.client.post(url, {"name_successor": "1", "new_full_name": "X"})
        self.assertEqual(r.status_code, 403)

    def test_the_handover_time_is_bounded(self):
        handover = self.leave(days(-HANDOVER_ACCESS_DAYS))
        url = f"/pokja/32.04/serah-terima/{handover.pk}/"
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get(url).status_code, 200)
        Membership.objects.filter(pk=self.seat.pk).update(ended_on=days(-HANDOVER_ACCESS_DAYS - 1))
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, NOTES).status_code, 404)
        handover.refresh_from_db()
        self.assertEqual(handover.notes, "")

    def test_other_handovers_stay_closed_to_the_leaver(self):
        self.leave(days(-1))
        other = add_member(self.bandung_group, "Rudi", started_on="2022-01-01")
        other_handover = do_end_membership(other, days(-1), "promosi")
        self.client.force_login(self.regency)
        url = f"/pokja/32.04/serah-terima/{other_handover.pk}/"
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_naming_the_successor_leaves_the_role_to_its_date(self):
        handover = self.leave(days(10))
        # Another secretary of the group names the successor.
        Role.objects.create(
            user=self.provincial, working_group=self.bandung_group, kind="secretariat"
        )
        self.client.force_login(self.provincial)
        self.client.post(
            f"/pokja/32.04/serah-terima/{handover.pk}/",
            {"name_successor": "1", "new_full_name": "Dadang", "started_on": days(11)},
        )
        handover.refresh_from_db()
        self.assertIsNotNone(handover.successor)
        self.assertEqual(Role.objects.get(user=self.regency).ends_on, days(10))
        self.assertTrue(self.scope().can_edit(self.bandung_group))

    def test_any_reason_ends_the_role_on_the_last_day(self):
        self.leave(days(5), "pensiun")
        self.assertEqual(Role.objects.get(user=self.regency).ends_on, days(5))

    def test_another_open_membership_keeps_the_role(self):
        Membership.objects.create(
            person=self.seat.person,
            working_group=self.bandung_group,
            position="anggota",
            started_on="2023-01-01",
        )
        self.leave(days(-1))
        self.assertIsNone(Role.objects.get(user=self.regency).ends_on)
        self.assertTrue(self.scope().can_edit(self.bandung_group))

    def test_a_role_past_its_last_day_gives_nothing(self):
        Role.objects.filter(user=self.member).update(ends_on=days(-1))
        member = User.objects.get(pk=self.member.pk)
        self.assertFalse(scope_of(member).can_view(self.bandung_group))
        Role.objects.filter(user=self.member).update(ends_on=days(0))
        member = User.objects.get(pk=self.member.pk)
        self.assertTrue(scope_of(member).can_view(self.bandung_group))

    def test_the_dashboard_lists_only_roles_in_force(self):
        self.leave(days(-1))
        self.client.force_login(self.regency)
        self.assertNotContains(self.client.get("/dasbor/"), "Pokja AMPL Kabupaten Bandung")
        self.client.force_login(self.member)
        self.assertContains(self.client.get("/dasbor/"), "Pokja AMPL Kabupaten Bandung")
