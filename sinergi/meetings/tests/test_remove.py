"""Removing a meeting scheduled by mistake (issue 15, item 6): before it takes place and once
those invited have had the cancellation; one that took place stays in the record."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from sinergi.meetings.models import Decision, Meeting, Participant
from sinergi.pokja.models import Removal
from sinergi.pokja.tests.base import RemovalMixin
from sinergi.test import BaseTestCase, add_member

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class RemoveMeetingTest(RemovalMixin, BaseTestCase):
    def meeting(self, days=7, **fields):
        return Meeting.objects.create(
            working_group=self.bandung_group,
            kind=Meeting.Kind.COORDINATION,
            title="Rapat koordinasi triwulan III",
            starts_at=timezone.now() + datetime.timedelta(days=days),
            **fields,
        )

    def test_it_removes_a_meeting_scheduled_by_mistake(self):
        meeting = self.meeting()
        response = self.remove("meetings:meeting_remove", meeting.pk, reason="Tercatat dua kali")
        self.assertRedirects(response, "/en/pokja/32.04/rapat/", fetch_redirect_response=False)
        self.assertFalse(Meeting.objects.filter(pk=meeting.pk).exists())
        removal = Removal.objects.get()
        self.assertEqual(removal.model, "meetings.Meeting")
        self.assertTrue(removal.label.startswith("Rapat koordinasi triwulan III ("))

    def test_invitees_hear_of_it_first_through_the_cancellation(self):
        meeting = self.meeting()
        Participant.objects.create(
            meeting=meeting, person=add_member(self.bandung_group, "Budi").person
        )
        response = self.remove("meetings:meeting_remove", meeting.pk)
        self.assertContains(response, "People have been invited to this meeting. Cancel it first")
        self.assertTrue(Meeting.objects.filter(pk=meeting.pk).exists())
        meeting.is_cancelled = True
        meeting.save()
        response = self.confirmation("meetings:meeting_remove", meeting.pk)
        self.assertContains(response, "1 participant")
        self.remove("meetings:meeting_remove", meeting.pk)
        self.assertFalse(Meeting.objects.filter(pk=meeting.pk).exists())
        self.assertFalse(Participant.objects.exists())

    def test_a_meeting_that_began_is_cancelled_not_removed(self):
        meeting = self.meeting(days=-1)
        response = self.remove("meetings:meeting_remove", meeting.pk)
        self.assertContains(response, "The meeting has already begun")
        self.assertTrue(Meeting.objects.filter(pk=meeting.pk).exists())

    def test_a_meeting_on_record_stays(self):
        on_record = [
            self.meeting(days=-3, minutes="**Pembukaan**", is_cancelled=True),
            self.meeting(days=-3, minutes_file=ContentFile(PDF, name="notulen.pdf")),
        ]
        with_decision = self.meeting()
        Decision.objects.create(meeting=with_decision, number=1, text="Sepakat")
        attended = self.meeting(days=-1, is_cancelled=True)
        Participant.objects.create(meeting=attended, guest_name="Tamu", attendance="hadir")
        for meeting in [*on_record, with_decision, attended]:
            response = self.remove("meetings:meeting_remove", meeting.pk)
            self.assertContains(
                response, "The meeting has minutes, decisions or recorded attendance"
            )
        self.assertEqual(Meeting.objects.count(), 4)
        self.assertFalse(Removal.objects.exists())

    def test_readers_cannot_remove(self):
        meeting = self.meeting()
        for user, status in ((self.member, 403), (self.provincial, 403), (self.outsider, 404)):
            response = self.remove("meetings:meeting_remove", meeting.pk, user=user)
            self.assertEqual(response.status_code, status)
        self.assertTrue(Meeting.objects.filter(pk=meeting.pk).exists())

    def test_the_meeting_page_links_the_removal(self):
        meeting = self.meeting()
        self.client.force_login(self.regency)
        response = self.client.get(f"/en/pokja/32.04/rapat/{meeting.pk}/")
        self.assertContains(response, self.url("meetings:meeting_remove", meeting.pk))
