"""Issue 13, item 3: an invitation ends with the membership or a newer invitation, needs a
membership open on the day it is accepted, and the secretariat can withdraw it."""

import datetime
import re

from django.core import mail
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.pokja.actions import do_end_membership
from sinergi.pokja.models import Invitation, Role
from sinergi.test import BaseTestCase, add_member

PASSWORDS = {"new_password1": "air-bersih-2026", "new_password2": "air-bersih-2026"}


class InvitationLifetimeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dadang = add_member(cls.bandung_group, "Dadang Suherman", email="dadang@example.org")

    def invite(self, kind="secretariat"):
        self.client.force_login(self.regency)
        self.client.post(f"/pokja/32.04/anggota/{self.dadang.pk}/undang/", {"kind": kind})
        self.client.logout()
        return re.search(r"http://127.0.0.1:8000(/undangan/\S+/)", mail.outbox[-1].body).group(1)

    def assertRefused(self, link):
        self.assertEqual(self.client.get(link).status_code, 404)
        self.client.post(link, PASSWORDS)
        self.assertFalse(User.objects.filter(email="dadang@example.org").exists())

    def test_ending_the_membership_ends_the_invitation(self):
        link = self.invite()
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        do_end_membership(self.dadang, yesterday, "pensiun")
        self.assertIsNotNone(Invitation.objects.get().revoked)
        self.assertRefused(link)

    def test_a_membership_ending_later_still_ends_the_invitation_now(self):
        link = self.invite()
        do_end_membership(self.dadang, timezone.localdate() + datetime.timedelta(days=9), "mutasi")
        self.assertRefused(link)

    def test_a_newer_invitation_replaces_the_older(self):
        first = self.invite("secretariat")
        second = self.invite("member")
        self.assertRefused(first)
        r = self.client.post(second, PASSWORDS)
        self.assertRedirects(r, "/pokja/32.04/ruang-kerja/")
        self.assertEqual(Role.objects.get(user__email="dadang@example.org").kind, "member")

    def test_accepting_needs_a_membership_open_that_day(self):
        link = self.invite()
        # Ended without the action (e.g. a correction in the admin): the link still refuses.
        self.dadang.ended_on = timezone.localdate() - datetime.timedelta(days=1)
        self.dadang.end_reason = "pensiun"
        self.dadang.save()
        self.assertRefused(link)

    def test_a_role_from_an_invitation_ends_with_the_membership(self):
        link = self.invite()
        # Its end is recorded directly (not through do_end_membership, which ends the link).
        last_day = timezone.localdate() + datetime.timedelta(days=20)
        self.dadang.ended_on, self.dadang.end_reason = last_day, "masa_tugas_berakhir"
        self.dadang.save()
        self.client.post(link, PASSWORDS)
        self.assertEqual(Role.objects.get(user__email="dadang@example.org").ends_on, last_day)


class RevokeInvitationTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dadang = add_member(cls.bandung_group, "Dadang Suherman", email="dadang@example.org")

    def setUp(self):
        self.client.force_login(self.regency)
        self.client.post(f"/pokja/32.04/anggota/{self.dadang.pk}/undang/", {"kind": "member"})
        self.link = re.search(r"(/undangan/\S+/)", mail.outbox[-1].body).group(1)
        self.invitation = Invitation.objects.get()
        self.url = f"/pokja/32.04/undangan/{self.invitation.pk}/tarik/"

    def test_the_workspace_lists_open_invitations_with_a_withdraw_button(self):
        r = self.client.get("/pokja/32.04/ruang-kerja/")
        self.assertContains(r, "dadang@example.org")
        self.assertContains(r, f'action="{self.url}"')
        self.client.force_login(self.member)  # members see neither the list nor the button
        r = self.client.get("/pokja/32.04/ruang-kerja/")
        self.assertNotContains(r, self.url)
        self.assertNotContains(r, "dadang@example.org")

    def test_the_secretariat_withdraws_an_invitation(self):
        r = self.client.post(self.url)
        self.assertRedirects(r, "/pokja/32.04/ruang-kerja/")
        self.invitation.refresh_from_db()
        self.assertIsNotNone(self.invitation.revoked)
        self.assertNotContains(self.client.get("/pokja/32.04/ruang-kerja/"), self.url)
        self.client.logout()
        self.assertEqual(self.client.get(self.link).status_code, 404)

    def test_access_matrix(self):
        expected = [
            (None, 302),  # the visitor is sent to sign in
            (self.member, 403),
            (self.provincial, 403),
            (self.outsider, 404),
            (self.national, 403),
        ]
        for user, status in expected:
            with self.subTest(user=user):
                self.client.logout()
                if user:
                    self.client.force_login(user)
                self.assertEqual(self.client.post(self.url).status_code, status)
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        other_group = f"/pokja/53/undangan/{self.invitation.pk}/tarik/"
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(other_group).status_code, 404)
        self.invitation.refresh_from_db()
        self.assertIsNone(self.invitation.revoked)
