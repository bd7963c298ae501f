"""Removing a facility entered by mistake, with its inspections (issue 15, item 6)."""

import datetime

from sinergi.facilities.models import Facility, Inspection
from sinergi.pokja.models import Removal
from sinergi.pokja.tests.base import RemovalMixin
from sinergi.test import BaseTestCase


class RemoveFacilityTest(RemovalMixin, BaseTestCase):
    def setUp(self):
        self.facility = Facility.objects.create(
            kind="mck", name="MCK Cinunuk 2", village=self.cinunuk
        )
        Inspection.objects.create(
            facility=self.facility, inspected_on=datetime.date(2025, 3, 1), status="berfungsi"
        )

    def test_it_removes_the_facility_with_its_inspections(self):
        response = self.confirmation("facilities:remove", self.facility.pk)
        self.assertContains(response, "1 inspection")
        response = self.remove("facilities:remove", self.facility.pk, reason="Desa salah")
        self.assertRedirects(response, "/en/pokja/32.04/sarana/", fetch_redirect_response=False)
        self.assertFalse(Facility.objects.exists())
        self.assertFalse(Inspection.objects.exists())
        removal = Removal.objects.get()
        self.assertEqual(removal.working_group, self.bandung_group)
        self.assertEqual((removal.label, removal.removed_with), ("MCK Cinunuk 2", "1 inspection"))

    def test_those_who_edit_the_regions_data_remove(self):
        # The provincial secretariat writes the facilities of its province (REGION_WRITE).
        self.remove("facilities:remove", self.facility.pk, user=self.provincial)
        self.assertFalse(Facility.objects.exists())
        self.assertEqual(Removal.objects.get().removed_by, self.provincial)

    def test_readers_cannot_remove(self):
        for user, status in ((self.member, 403), (self.outsider, 404)):
            response = self.remove("facilities:remove", self.facility.pk, user=user)
            self.assertEqual(response.status_code, status)
        self.assertTrue(Facility.objects.exists())

    def test_the_detail_page_links_the_removal(self):
        self.client.force_login(self.regency)
        response = self.client.get(f"/en/pokja/32.04/sarana/{self.facility.pk}/")
        self.assertContains(response, self.url("facilities:remove", self.facility.pk))
