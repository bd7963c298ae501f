"""Each facility's latest status and inspection day, kept on its row by every write of an
inspection (issue 18): lists, filters and exports read them without a subquery."""

import datetime

from django.contrib.admin.sites import site
from django.test import RequestFactory

from sinergi.facilities.models import Facility, Inspection
from sinergi.facilities.tests.base import TODAY, FacilityTestCase, facility, inspect

S = Inspection.Status


class StatusTestCase(FacilityTestCase):
    def stored(self, built):
        return Facility.objects.values_list("status", "last_inspected_on").get(pk=built.pk)

    def test_a_new_facility_is_not_inspected(self):
        built = facility("PAH SDN 1", self.cinunuk, kind=Facility.Kind.RAINWATER)
        self.assertEqual(self.stored(built), (None, None))

    def test_a_later_inspection_gives_its_status(self):
        inspect(self.spam, TODAY, S.NOT_WORKING, "Pompa rusak")
        self.assertEqual(self.stored(self.spam), (S.NOT_WORKING, TODAY))
        self.assertEqual(Facility.objects.filter(status=S.NOT_WORKING).get(), self.spam)

    def test_an_earlier_inspection_recorded_late_changes_nothing(self):
        inspect(self.spam, TODAY - datetime.timedelta(days=400), S.NOT_WORKING, "Lama")
        self.assertEqual(self.stored(self.spam), (S.WORKING, TODAY - datetime.timedelta(days=30)))

    def test_removing_the_latest_inspection_brings_back_the_one_before(self):
        before = TODAY - datetime.timedelta(days=30)
        latest = inspect(self.spam, TODAY, S.NOT_WORKING, "Pompa rusak")
        latest.delete()
        self.assertEqual(self.stored(self.spam), (S.WORKING, before))
        Inspection.objects.get(facility=self.spam).delete()
        self.assertEqual(self.stored(self.spam), (None, None))

    def test_the_same_day_counts_the_inspection_recorded_last(self):
        inspect(self.spam, TODAY, S.PARTLY, "Debit kecil")
        inspect(self.spam, TODAY, S.WORKING)
        self.assertEqual(self.stored(self.spam)[0], S.WORKING)

    def test_changing_an_inspection_changes_the_status(self):
        inspection = self.spam.inspections.get()
        inspection.status = S.PARTLY
        inspection.save()
        self.assertEqual(self.stored(self.spam)[0], S.PARTLY)

    def test_saving_a_facility_read_before_an_inspection_keeps_the_new_status(self):
        stale = Facility.objects.get(pk=self.spam.pk)
        inspect(self.spam, TODAY, S.NOT_WORKING, "Pompa rusak")
        stale.name = "SPAM Cinunuk"
        stale.save()
        self.assertEqual(self.stored(self.spam), (S.NOT_WORKING, TODAY))
        self.assertEqual(Facility.objects.get(pk=self.spam.pk).name, "SPAM Cinunuk")

    def test_the_instance_in_hand_follows(self):
        inspection = inspect(self.spam, TODAY, S.NOT_WORKING, "Pompa rusak")
        self.assertEqual(inspection.facility.status, S.NOT_WORKING)

    def test_a_bulk_write_is_followed_by_refresh_status(self):
        Inspection.objects.bulk_create(
            [Inspection(facility=self.ipal, inspected_on=TODAY, status=S.NOT_WORKING)]
        )
        self.assertEqual(self.stored(self.ipal)[0], S.WORKING)  # bulk_create skips save()
        Facility.objects.within(self.kab_bandung).refresh_status()
        self.assertEqual(self.stored(self.ipal), (S.NOT_WORKING, TODAY))
        self.assertEqual(self.stored(self.spam)[0], S.WORKING)

    def test_a_bulk_delete_in_the_admin_refreshes_the_status(self):
        inspect(self.spam, TODAY, S.NOT_WORKING, "Pompa rusak")
        admin = site._registry[Inspection]
        request = RequestFactory().post("/")
        admin.delete_queryset(request, Inspection.objects.filter(facility=self.spam))
        self.assertEqual(self.stored(self.spam), (None, None))
        self.assertEqual(self.stored(self.ipal)[0], S.WORKING)

    def test_the_detail_page_shows_the_stored_status(self):
        inspect(self.spam, TODAY, S.NOT_WORKING, "Pompa rusak")
        self.client.force_login(self.member)
        response = self.client.get(f"/pokja/32.04/sarana/{self.spam.pk}/")
        self.assertEqual(response.context["status"], S.NOT_WORKING)
