"""Removing a programme the group registered by mistake (issue 15, item 6)."""

import datetime

from django.utils import timezone

from sinergi.facilities.models import Facility
from sinergi.meetings.models import Meeting
from sinergi.pokja.models import Removal
from sinergi.pokja.tests.base import RemovalMixin
from sinergi.programmes.models import Intake, Programme, ProgrammeTarget
from sinergi.test import BaseTestCase


class RemoveProgrammeTest(RemovalMixin, BaseTestCase):
    def programme(self, group, name="PAMSIMAS IV"):
        return Programme.objects.create(
            name=name,
            kind=Programme.Kind.NATIONAL,
            sector="air_minum",
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2027, 12, 31),
            registered_by=group,
        )

    def test_it_removes_a_programme_registered_by_the_group(self):
        programme = self.programme(self.bandung_group)
        programme.locations.add(self.kab_bandung)
        ProgrammeTarget.objects.create(
            programme=programme, description="Sambungan rumah", quantity=500, unit="rumah_tangga"
        )
        facility = Facility.objects.create(
            kind="spam", name="SPAM Cinunuk", village=self.cinunuk, programme=programme
        )
        meeting = Meeting.objects.create(
            working_group=self.bandung_group,
            kind=Meeting.Kind.COORDINATION,
            title="Rapat penerimaan program",
            starts_at=timezone.now(),
        )
        meeting.programmes.add(programme)
        response = self.confirmation("programmes:remove", programme.pk)
        self.assertContains(response, "This programme will be removed")
        self.assertContains(response, "<li>1 programme target</li>", html=True)
        # Kept, without their link to it.
        self.assertCountEqual(
            response.context["plan"].unlinked, [("region", 1), ("facility", 1), ("meeting", 1)]
        )
        response = self.remove("programmes:remove", programme.pk, reason="Didaftarkan dua kali")
        self.assertRedirects(response, "/en/pokja/32.04/program/", fetch_redirect_response=False)
        self.assertFalse(Programme.objects.filter(name="PAMSIMAS IV").exists())
        facility.refresh_from_db()
        self.assertIsNone(facility.programme)
        self.assertFalse(meeting.programmes.exists())
        removal = Removal.objects.get()
        self.assertEqual((removal.label, removal.reason), ("PAMSIMAS IV", "Didaftarkan dua kali"))

    def test_the_detail_page_links_the_removal_for_the_secretariat(self):
        programme = self.programme(self.bandung_group)
        self.client.force_login(self.regency)
        response = self.client.get(f"/en/program/{programme.pk}/")
        self.assertContains(response, self.url("programmes:remove", programme.pk))

    def test_a_programme_of_another_group_is_refused(self):
        programme = self.programme(self.jabar_group)
        programme.locations.add(self.kab_bandung)
        response = self.remove("programmes:remove", programme.pk)
        self.assertContains(response, "Another working group registered this programme")
        self.assertTrue(Programme.objects.filter(pk=programme.pk).exists())

    def test_a_programme_other_groups_took_in_is_refused(self):
        programme = self.programme(self.bandung_group)
        Intake.objects.create(
            programme=programme,
            working_group=self.jabar_group,
            presented_on=datetime.date(2025, 2, 1),
            decision=Intake.Decision.AGREED,
        )
        response = self.remove("programmes:remove", programme.pk)
        self.assertContains(response, "Other working groups have recorded the intake")
        self.assertTrue(Programme.objects.filter(pk=programme.pk).exists())

    def test_readers_cannot_remove(self):
        programme = self.programme(self.bandung_group)
        for user, status in ((self.member, 403), (self.provincial, 403), (self.outsider, 404)):
            self.assertEqual(
                self.remove("programmes:remove", programme.pk, user=user).status_code, status
            )
        self.assertTrue(Programme.objects.filter(pk=programme.pk).exists())
