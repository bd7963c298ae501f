from django.test import TestCase

from sinergi.facilities.demo import load_demo
from sinergi.facilities.models import Facility, Inspection
from sinergi.regions.actions import do_load_regions


class DemoTestCase(TestCase):
    def test_it_creates_the_villages_and_facilities_once(self):
        do_load_regions(max_level=2)
        self.assertEqual(load_demo(), {"facilities": 10})
        self.assertEqual(load_demo(), {"facilities": 0})
        cinunuk = Facility.objects.filter(village__code="32.04.05.2004", village__name="Cinunuk")
        self.assertEqual(cinunuk.count(), 2)
        failures = Inspection.objects.filter(status="tidak_berfungsi")
        self.assertEqual(failures.count(), 3)
        # Demo failures are not sent to anyone.
        self.assertFalse(failures.filter(notified__isnull=True).exists())
        # Inspections in bulk, then each facility's latest status on its row.
        self.assertEqual(Facility.objects.filter(status="tidak_berfungsi").count(), 3)
        inspected = Facility.objects.filter(inspections__isnull=False)
        self.assertFalse(inspected.filter(status__isnull=True).exists())

    def test_without_regions_it_creates_nothing(self):
        self.assertEqual(load_demo(), {"facilities": 0})
