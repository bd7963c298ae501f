from django.contrib.auth.models import AnonymousUser

from sinergi.accounts.models import User
from sinergi.pokja.access import can_edit, can_view
from sinergi.pokja.models import WorkingGroup
from sinergi.test import BaseTestCase


class ScopeTestCase(BaseTestCase):
    def visible(self, user):
        return set(WorkingGroup.objects.visible_to(user).values_list("region__code", flat=True))

    def editable(self, user):
        return set(WorkingGroup.objects.editable_by(user).values_list("region__code", flat=True))

    def test_national_secretariat_reads_every_group_and_edits_its_own(self):
        self.assertEqual(self.visible(self.national), {"ID", "32", "53", "32.04", "53.01"})
        self.assertEqual(self.editable(self.national), {"ID"})

    def test_provincial_secretariat_reads_its_province_only(self):
        self.assertEqual(self.visible(self.provincial), {"32", "32.04"})
        self.assertEqual(self.editable(self.provincial), {"32"})
        self.assertFalse(can_view(self.provincial, self.kupang_group))
        self.assertFalse(can_edit(self.provincial, self.bandung_group))

    def test_regency_secretariat_reads_and_edits_its_own_group(self):
        self.assertEqual(self.visible(self.regency), {"32.04"})
        self.assertEqual(self.editable(self.regency), {"32.04"})

    def test_member_reads_but_does_not_edit(self):
        self.assertEqual(self.visible(self.member), {"32.04"})
        self.assertEqual(self.editable(self.member), set())
        self.assertTrue(can_view(self.member, self.bandung_group))
        self.assertFalse(can_edit(self.member, self.bandung_group))

    def test_outsider_sees_nothing_of_another_province(self):
        self.assertEqual(self.visible(self.outsider), {"53", "53.01"})
        self.assertFalse(can_view(self.outsider, self.jabar_group))
        self.assertFalse(can_view(self.outsider, self.bandung_group))

    def test_anonymous_and_inactive_users_have_no_scope(self):
        self.assertEqual(self.visible(AnonymousUser()), set())
        self.regency.is_active = False
        self.assertEqual(self.visible(self.regency), set())

    def test_a_user_without_roles_sees_nothing(self):
        nobody = User.objects.create_user("nobody@example.org", "x", full_name="Nobody")
        self.assertEqual(self.visible(nobody), set())

    def test_superuser_reads_and_edits_everything(self):
        admin = User.objects.create_superuser("admin@example.org", "x", full_name="Admin")
        self.assertEqual(len(self.visible(admin)), 5)
        self.assertEqual(len(self.editable(admin)), 5)

    def test_scope_costs_one_query_per_request(self):
        with self.assertNumQueries(1):
            can_view(self.provincial, self.bandung_group)
            can_edit(self.provincial, self.bandung_group)
            can_view(self.provincial, self.kupang_group)


class RegionDataScopeTestCase(BaseTestCase):
    def test_region_data_follows_the_groups(self):
        from sinergi.pokja.access import scope_of

        village = self.cinunuk
        self.assertTrue(scope_of(self.regency).can_edit_region(village))
        self.assertTrue(scope_of(self.regency).can_edit_region(self.kab_bandung))
        self.assertFalse(scope_of(self.regency).can_edit_region(self.jabar))
        self.assertFalse(scope_of(self.member).can_edit_region(village))
        self.assertTrue(scope_of(self.member).can_view_region(village))
        self.assertTrue(scope_of(self.provincial).can_edit_region(village))
        self.assertFalse(scope_of(self.outsider).can_view_region(village))
        self.assertFalse(scope_of(self.outsider).can_edit_region(self.kab_bandung))
        self.assertTrue(scope_of(self.national).can_view_region(self.kab_kupang))
        self.assertTrue(scope_of(self.national).can_edit_region(self.kab_kupang))
