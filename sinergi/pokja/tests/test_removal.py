"""Removing a membership or a person entered by mistake (issue 15, items 4 and 6): a
confirmation, a reason, a trace in the group's change history; refusals are messages."""

import datetime

from auditlog.models import LogEntry
from django.db.models import ProtectedError
from django.utils import timezone, translation

from sinergi.accounts.models import User
from sinergi.decrees.models import Appointment, Decree
from sinergi.meetings.models import Meeting, Participant
from sinergi.pokja.access import can_remove, removal_refusal
from sinergi.pokja.models import Handover, Membership, Person, Removal, Role
from sinergi.pokja.removal import RemovalRefused, plan_removal, remove
from sinergi.pokja.tests.base import RemovalMixin
from sinergi.test import BaseTestCase, add_member


class RemovalTestCase(RemovalMixin, BaseTestCase):
    pass


class RemoveMembershipTest(RemovalTestCase):
    def setUp(self):
        self.first = add_member(self.bandung_group, "Budi Santoso", nip="198001012005011001")
        # The roster imported twice: the same person holds the same position twice.
        self.duplicate = Membership.objects.create(
            person=self.first.person,
            working_group=self.bandung_group,
            position="anggota",
            started_on=datetime.date(2024, 1, 1),
        )

    def test_it_asks_for_confirmation_first(self):
        response = self.confirmation("pokja:remove_member", self.duplicate.pk)
        self.assertContains(response, "This membership will be removed")
        self.assertContains(response, 'name="reason"')
        self.assertTrue(Membership.objects.filter(pk=self.duplicate.pk).exists())

    def test_it_removes_a_duplicate_and_records_why(self):
        response = self.remove("pokja:remove_member", self.duplicate.pk)
        self.assertRedirects(response, "/en/pokja/32.04/anggota/", fetch_redirect_response=False)
        self.assertFalse(Membership.objects.filter(pk=self.duplicate.pk).exists())
        self.assertTrue(Membership.objects.filter(pk=self.first.pk).exists())
        removal = Removal.objects.get()
        self.assertEqual(removal.working_group, self.bandung_group)
        self.assertEqual(removal.model, "pokja.Membership")
        self.assertEqual(removal.object_id, self.duplicate.pk)
        self.assertEqual(removal.label, "Budi Santoso · Member")
        self.assertEqual(removal.reason, "Tercatat dua kali")
        self.assertEqual(removal.removed_by, self.regency)
        self.assertEqual(removal.snapshot["started_on"], "2024-01-01")
        self.assertEqual(removal.snapshot["person"], self.first.person_id)
        # django-auditlog keeps its own field-by-field trail of the deleted row.
        self.assertTrue(
            LogEntry.objects.filter(
                action=LogEntry.Action.DELETE, object_pk=str(self.duplicate.pk)
            ).exists()
        )

    def test_the_workspace_history_shows_the_removal(self):
        self.remove("pokja:remove_member", self.duplicate.pk)
        response = self.client.get("/en/pokja/32.04/ruang-kerja/")
        self.assertContains(response, "Removed records")
        self.assertContains(response, "removed the membership “Budi Santoso · Member”")
        self.assertContains(response, "Reason: Tercatat dua kali")
        self.assertContains(response, "Asep")

    def test_a_post_without_a_reason_changes_nothing(self):
        for reason in ("", "   "):
            response = self.remove("pokja:remove_member", self.duplicate.pk, reason=reason)
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "This field is required.")
        self.assertTrue(Membership.objects.filter(pk=self.duplicate.pk).exists())
        self.assertFalse(Removal.objects.exists())

    def test_it_refuses_a_membership_a_decree_appointed(self):
        decree = Decree.objects.create(
            working_group=self.bandung_group,
            number="050/Kep.12-Bappeda/2025",
            signed_on=datetime.date(2025, 1, 2),
            signatory="Bupati Bandung",
            valid_from=datetime.date(2025, 1, 1),
            valid_until=datetime.date(2025, 12, 31),
        )
        Appointment.of(decree, self.duplicate).save()
        response = self.remove("pokja:remove_member", self.duplicate.pk)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A decree appointed this membership of Budi Santoso")
        self.assertContains(response, "End the membership instead.")
        self.assertTrue(Membership.objects.filter(pk=self.duplicate.pk).exists())
        self.assertFalse(Removal.objects.exists())

    def test_it_refuses_a_membership_a_handover_depends_on(self):
        self.duplicate.ended_on = datetime.date(2025, 6, 30)
        self.duplicate.end_reason = Membership.EndReason.TRANSFER
        self.duplicate.save()
        Handover.objects.create(leaving=self.duplicate)
        response = self.remove("pokja:remove_member", self.duplicate.pk)
        self.assertContains(response, "A handover depends on this membership")
        self.assertTrue(Membership.objects.filter(pk=self.duplicate.pk).exists())

    def test_it_refuses_the_membership_someones_access_comes_from(self):
        self.duplicate.delete()
        person = self.first.person
        person.user = self.member
        person.save()
        response = self.remove("pokja:remove_member", self.first.pk)
        self.assertContains(response, "Budi Santoso has access to this working group")
        self.assertTrue(Membership.objects.filter(pk=self.first.pk).exists())

    def test_a_duplicate_of_someone_with_access_may_go(self):
        person = self.first.person
        person.user = self.member
        person.save()
        self.remove("pokja:remove_member", self.duplicate.pk)
        self.assertFalse(Membership.objects.filter(pk=self.duplicate.pk).exists())
        self.assertTrue(Role.objects.filter(user=self.member).exists())

    def test_it_offers_to_remove_the_person_with_their_last_membership(self):
        self.duplicate.delete()
        response = self.confirmation("pokja:remove_member", self.first.pk)
        url = self.url("pokja:remove_person", self.first.person_id)
        self.assertContains(response, f'href="{url}"')
        other = add_member(self.bandung_group, "Nining")
        Membership.objects.create(
            person=other.person,
            working_group=self.jabar_group,
            position="anggota",
            started_on=datetime.date(2024, 1, 1),
        )
        response = self.confirmation("pokja:remove_member", other.pk)
        self.assertNotContains(response, "remove Nining altogether")

    def test_only_the_groups_secretariat_removes(self):
        url = self.url("pokja:remove_member", self.duplicate.pk)
        for user, status in ((self.member, 403), (self.provincial, 403), (self.outsider, 404)):
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, status)
            response = self.client.post(url, {"reason": "Tercatat dua kali"})
            self.assertEqual(response.status_code, status)
        self.client.logout()
        response = self.client.post(url, {"reason": "Tercatat dua kali"})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/akun/masuk/", response["Location"])
        self.assertTrue(Membership.objects.filter(pk=self.duplicate.pk).exists())

    def test_a_membership_of_another_group_is_not_found(self):
        other = add_member(self.kupang_group, "Yohanes")
        response = self.remove("pokja:remove_member", other.pk)
        self.assertEqual(response.status_code, 404)


class RemovePersonTest(RemovalTestCase):
    def setUp(self):
        self.membership = add_member(
            self.bandung_group, "Budi Santosa", email="budi@example.org", phone="0812"
        )
        self.person = self.membership.person

    def test_it_removes_the_person_with_their_memberships(self):
        response = self.confirmation("pokja:remove_person", self.person.pk)
        self.assertContains(response, "This person will be removed")
        self.assertContains(response, "1 membership")
        self.remove("pokja:remove_person", self.person.pk, reason="Salah ketik nama")
        self.assertFalse(Person.objects.filter(pk=self.person.pk).exists())
        self.assertFalse(Membership.objects.filter(pk=self.membership.pk).exists())
        removal = Removal.objects.get()
        self.assertEqual((removal.model, removal.label), ("pokja.Person", "Budi Santosa"))
        self.assertEqual(removal.reason, "Salah ketik nama")
        self.assertEqual(removal.snapshot["removed_first"][0]["id"], self.membership.pk)

    def test_someone_also_in_another_group_keeps_their_record(self):
        Membership.objects.create(
            person=self.person,
            working_group=self.jabar_group,
            position="anggota",
            started_on=datetime.date(2024, 1, 1),
        )
        response = self.remove("pokja:remove_person", self.person.pk)
        self.assertContains(response, "Budi Santosa also sits in another working group")
        self.assertTrue(Person.objects.filter(pk=self.person.pk).exists())

    def test_someone_with_access_is_ended_not_removed(self):
        self.person.user = User.objects.create_user("budi@example.org", "password")
        self.person.save()
        Role.objects.create(
            user=self.person.user, working_group=self.bandung_group, kind=Role.Kind.MEMBER
        )
        response = self.remove("pokja:remove_person", self.person.pk)
        self.assertContains(response, "Budi Santosa has access to this working group")
        self.assertTrue(Person.objects.filter(pk=self.person.pk).exists())

    def test_a_person_others_depend_on_is_refused_with_a_message(self):
        # Invited to a meeting: the participant row protects the person (never a 500).
        meeting = Meeting.objects.create(
            working_group=self.bandung_group,
            kind=Meeting.Kind.COORDINATION,
            title="Rapat koordinasi triwulan",
            starts_at=timezone.now() + datetime.timedelta(days=7),
        )
        Participant.objects.create(meeting=meeting, person=self.person)
        response = self.confirmation("pokja:remove_person", self.person.pk)
        self.assertContains(response, "1 record depends on it")
        self.assertContains(response, "Participant: Budi Santosa")
        self.assertNotContains(response, 'name="reason"')
        response = self.remove("pokja:remove_person", self.person.pk)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(Person.objects.filter(pk=self.person.pk).exists())
        self.assertTrue(Membership.objects.filter(pk=self.membership.pk).exists())
        self.assertFalse(Removal.objects.exists())


class RemovalMechanismTest(BaseTestCase):
    def test_the_plan_names_what_stays_without_its_link(self):
        membership = add_member(self.bandung_group, "Budi")
        self.bandung_group.contact_person = membership.person
        self.bandung_group.save()
        plan = plan_removal(membership.person, before=[membership])
        self.assertEqual([(str(kind), n) for kind, n in plan.unlinked], [("kelompok kerja", 1)])
        self.assertEqual(plan.blockers, [])

    def test_a_refused_removal_raises_and_changes_nothing(self):
        membership = add_member(self.bandung_group, "Budi")
        meeting = Meeting.objects.create(
            working_group=self.bandung_group,
            kind=Meeting.Kind.COORDINATION,
            title="Rapat",
            starts_at=timezone.now(),
        )
        Participant.objects.create(meeting=meeting, person=membership.person)
        pk = membership.pk
        with self.assertRaises(ProtectedError):
            remove(self.bandung_group, membership.person, "Salah", self.regency, [membership])
        self.assertTrue(Membership.objects.filter(pk=pk).exists())
        self.assertFalse(Removal.objects.exists())

    def test_two_removals_at_once_remove_and_record_it_once(self):
        membership = add_member(self.bandung_group, "Budi")
        first, second = (Membership.objects.get(pk=membership.pk) for _ in range(2))
        remove(self.bandung_group, first, "Tercatat dua kali", self.regency)
        with self.assertRaises(RemovalRefused):
            remove(self.bandung_group, second, "Tercatat dua kali", self.regency)
        self.assertEqual(Removal.objects.count(), 1)

    def test_the_write_path_itself_keeps_the_rules(self):
        membership = add_member(self.bandung_group, "Budi")
        Handover.objects.create(leaving=membership)
        with self.assertRaises(RemovalRefused):
            remove(self.bandung_group, membership, "Salah", self.regency)
        self.assertTrue(Membership.objects.filter(pk=membership.pk).exists())

    def test_can_remove_follows_the_secretariat_and_the_rules(self):
        membership = add_member(self.bandung_group, "Budi")
        self.assertTrue(can_remove(self.regency, self.bandung_group, membership))
        self.assertFalse(can_remove(self.member, self.bandung_group, membership))
        self.assertFalse(can_remove(self.provincial, self.bandung_group, membership))
        with translation.override("en"):
            refusal = removal_refusal(self.bandung_group, self.bandung_group)
        self.assertEqual(refusal, "Records of this kind cannot be removed.")
