"""Issue 15, item 1: the transfer (mutasi) of the secretary never leaves the working group
without a secretariat. Access follows the membership's dates, the last secretariat cannot be
removed without a successor, naming the successor invites them (or gives their account the role
from their first day), and the contact person and stewarded articles follow the handover."""

import datetime

from django.core import mail
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.knowledge.handover import transfer_stewardship
from sinergi.knowledge.models import Article
from sinergi.pokja import handover as handover_hooks
from sinergi.pokja.access import scope_of
from sinergi.pokja.actions import do_end_membership
from sinergi.pokja.models import Handover, Invitation, Role
from sinergi.test import BaseTestCase, add_member


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


class TransferTestCase(BaseTestCase):
    """Asep (`regency`) is the secretary, and the only secretariat account, of Bandung."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.seat = add_member(cls.bandung_group, "Asep Hidayat", "sekretaris", "2022-01-03")
        cls.seat.person.user = cls.regency
        cls.seat.person.email = "asep@example.org"
        cls.seat.person.save()

    def setUp(self):
        self.client.force_login(self.regency)

    def end_own(self, last_day, reason="mutasi"):
        url = f"/pokja/32.04/anggota/{self.seat.pk}/akhiri/"
        return self.client.post(url, {"ended_on": last_day.isoformat(), "end_reason": reason})

    def name_successor(self, handover, **data):
        data = {"name_successor": "1", "started_on": days(15).isoformat(), **data}
        return self.client.post(f"/pokja/32.04/serah-terima/{handover.pk}/", data)

    def fresh_scope(self, user):
        return scope_of(User.objects.get(pk=user.pk))

    def test_the_secretary_transferred_ahead_of_time_keeps_the_group(self):
        # The reproduction: end own membership two weeks ahead, name the successor.
        response = self.end_own(days(14))
        handover = Handover.objects.get(leaving=self.seat)
        self.assertRedirects(response, f"/pokja/32.04/serah-terima/{handover.pk}/")
        response = self.name_successor(handover, new_full_name="Dadang Suherman")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get(response["Location"]).status_code, 200)
        self.assertEqual(self.client.get("/pokja/32.04/ruang-kerja/").status_code, 200)
        self.assertEqual(self.client.get("/pokja/32.04/anggota/").status_code, 200)
        self.assertTrue(self.fresh_scope(self.regency).can_edit(self.bandung_group))

    def test_the_end_page_asks_for_a_successor_before_the_last_day(self):
        response = self.end_own(days(14))
        page = self.client.get(response["Location"])
        self.assertContains(page, "tunjuk pengganti dan undang sebelum")
        self.assertContains(page, "Belum ada pengganti dengan akses sekretariat")

    def test_the_last_secretariat_cannot_simply_retire(self):
        response = self.end_own(days(14), "pensiun")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "satu-satunya akses sekretariat")
        self.seat.refresh_from_db()
        self.assertIsNone(self.seat.ended_on)
        self.assertIsNone(Role.objects.get(user=self.regency).ends_on)

    def test_the_api_refuses_the_same(self):
        url = f"/api/memberships/{self.seat.pk}/end/"
        data = {"ended_on": days(14).isoformat(), "end_reason": "pensiun"}
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 400)
        self.seat.refresh_from_db()
        self.assertIsNone(self.seat.ended_on)

    def test_another_secretariat_allows_retirement(self):
        other = User.objects.create_user("dua@example.org", "pw")
        Role.objects.create(user=other, working_group=self.bandung_group, kind="secretariat")
        response = self.end_own(days(14), "pensiun")
        self.assertRedirects(response, "/pokja/32.04/anggota/")

    def test_a_secretariat_leaving_earlier_does_not_count(self):
        other = User.objects.create_user("dua@example.org", "pw")
        Role.objects.create(
            user=other, working_group=self.bandung_group, kind="secretariat", ends_on=days(3)
        )
        response = self.end_own(days(14), "pensiun")
        self.assertContains(response, "satu-satunya akses sekretariat")

    def test_a_member_without_the_secretariat_may_leave(self):
        member = add_member(self.bandung_group, "Rudi", started_on="2023-01-01")
        url = f"/pokja/32.04/anggota/{member.pk}/akhiri/"
        response = self.client.post(url, {"ended_on": days(1), "end_reason": "pensiun"})
        self.assertRedirects(response, "/pokja/32.04/anggota/")

    def test_a_successor_with_an_account_gets_the_role_from_the_first_day(self):
        handover = do_end_membership(self.seat, days(14), "mutasi")
        # A former member, back as the successor.
        former = add_member(self.bandung_group, "Dadang", "anggota", "2023-01-01")
        former.ended_on, former.end_reason = datetime.date(2024, 1, 1), "mutasi"
        former.save()
        dadang = former.person
        dadang_user = User.objects.create_user("dadang@example.org", "pw")
        dadang.user = dadang_user
        dadang.save()
        self.name_successor(handover, person=dadang.pk)
        role = Role.objects.get(user=dadang_user, working_group=self.bandung_group)
        self.assertEqual((role.kind, role.starts_on, role.ends_on), ("secretariat", days(15), None))
        self.assertFalse(self.fresh_scope(dadang_user).can_view(self.bandung_group))
        self.assertFalse(Role.objects.in_force(days(14)).filter(user=dadang_user).exists())
        self.assertTrue(Role.objects.in_force(days(15)).filter(user=dadang_user).exists())
        # The handover no longer warns: a secretariat account follows.
        page = self.client.get(f"/pokja/32.04/serah-terima/{handover.pk}/")
        self.assertNotContains(page, "Belum ada pengganti dengan akses sekretariat")

    def test_naming_the_successor_can_invite_them(self):
        handover = do_end_membership(self.seat, days(14), "mutasi")
        response = self.name_successor(
            handover,
            new_full_name="Dadang Suherman",
            invite=True,
            invite_email="dadang@example.org",
        )
        self.assertEqual(response.status_code, 302)
        invitation = Invitation.objects.get(person__full_name="Dadang Suherman")
        self.assertEqual((invitation.kind, invitation.email), ("secretariat", "dadang@example.org"))
        self.assertEqual(len(mail.outbox), 1)
        # The successor accepts before the first day: the role waits for it.
        token_url = mail.outbox[0].body.split("/undangan/")[1].split("/")[0]
        self.client.logout()
        self.client.post(
            f"/undangan/{token_url}/",
            {"new_password1": "Sup3r-secret-pw", "new_password2": "Sup3r-secret-pw"},
        )
        user = User.objects.get(email="dadang@example.org")
        role = Role.objects.get(user=user, working_group=self.bandung_group)
        self.assertEqual((role.kind, role.starts_on), ("secretariat", days(15)))

    def test_the_invitation_needs_an_address(self):
        handover = do_end_membership(self.seat, days(14), "mutasi")
        response = self.name_successor(handover, new_full_name="Dadang", invite=True)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Handover.objects.get(pk=handover.pk).successor_id)

    def test_the_contact_person_and_the_articles_follow(self):
        self.bandung_group.contact_person = self.seat.person
        self.bandung_group.save()
        article = Article.objects.create(
            working_group=self.bandung_group, title="Cara SK", body="...", steward=self.seat
        )
        handover = do_end_membership(self.seat, days(14), "mutasi")
        self.name_successor(handover, new_full_name="Dadang Suherman")
        handover.refresh_from_db()
        self.bandung_group.refresh_from_db()
        article.refresh_from_db()
        self.assertEqual(self.bandung_group.contact_person, handover.successor.person)
        self.assertEqual(article.steward, handover.successor)

    def test_knowledge_registers_the_transfer_once(self):
        self.assertEqual(handover_hooks.on_successor_named.count(transfer_stewardship), 1)
