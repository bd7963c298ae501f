import datetime
import re

from django.core import mail
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.pokja.access import scope_of
from sinergi.pokja.actions import do_end_membership
from sinergi.pokja.models import Invitation, Role
from sinergi.test import BaseTestCase, add_member


class InvitationTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dadang = add_member(cls.bandung_group, "Dadang Suherman", email="dadang@example.org")
        cls.url = f"/pokja/32.04/anggota/{cls.dadang.pk}/undang/"

    def invite(self, kind="member"):
        self.client.force_login(self.regency)
        self.client.post(self.url, {"kind": kind})
        self.client.logout()
        return re.search(r"http://127.0.0.1:8000(/undangan/\S+/)", mail.outbox[-1].body).group(1)

    def test_an_invitation_sends_one_email_in_indonesian(self):
        self.invite()
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["dadang@example.org"])
        self.assertIn("Pokja AMPL Kabupaten Bandung", mail.outbox[0].subject)
        self.assertIn("kata sandi", mail.outbox[0].body)

    def test_the_link_works_once_gives_the_role_and_lands_on_the_pokja(self):
        link = self.invite("secretariat")
        r = self.client.post(
            link, {"new_password1": "air-bersih-2026", "new_password2": "air-bersih-2026"}
        )
        self.assertRedirects(r, "/pokja/32.04/ruang-kerja/")
        user = User.objects.get(email="dadang@example.org")
        self.assertTrue(user.check_password("air-bersih-2026"))
        self.assertEqual(user.person, self.dadang.person)
        self.assertEqual(Role.objects.get(user=user).kind, "secretariat")
        self.client.logout()
        self.assertEqual(self.client.get(link).status_code, 404)

    def test_an_expired_link_is_refused(self):
        link = self.invite()
        Invitation.objects.update(expires=timezone.now() - datetime.timedelta(minutes=1))
        r = self.client.get(link)
        self.assertContains(r, "tidak dapat digunakan", status_code=404)
        self.assertFalse(User.objects.filter(email="dadang@example.org").exists())

    def test_a_weak_password_is_refused_and_creates_nothing(self):
        link = self.invite()
        r = self.client.post(link, {"new_password1": "123", "new_password2": "123"})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(User.objects.filter(email="dadang@example.org").exists())

    def test_a_wrong_token_is_404(self):
        self.assertEqual(self.client.get("/undangan/bukan-token/").status_code, 404)

    def test_ending_the_membership_ends_the_access(self):
        link = self.invite()
        self.client.post(
            link, {"new_password1": "air-bersih-2026", "new_password2": "air-bersih-2026"}
        )
        do_end_membership(self.dadang, datetime.date(2026, 6, 30), "pensiun")
        # The role's rights end on the membership's last day (issue 13, item 6).
        user = User.objects.get(email="dadang@example.org")
        self.assertEqual(Role.objects.get(user=user).ends_on, datetime.date(2026, 6, 30))
        self.assertFalse(scope_of(user).can_view(self.bandung_group))

    def test_only_the_secretariat_invites(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.post(self.url, {"kind": "member"}).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(self.url, {"kind": "member"}).status_code, 404)
        self.assertEqual(len(mail.outbox), 0)

    def test_a_person_without_email_cannot_be_invited(self):
        other = add_member(self.bandung_group, "Tanpa Email")
        self.client.force_login(self.regency)
        r = self.client.post(
            f"/pokja/32.04/anggota/{other.pk}/undang/", {"kind": "member"}, follow=True
        )
        self.assertContains(r, "belum memiliki alamat e-mail")
        self.assertEqual(len(mail.outbox), 0)
