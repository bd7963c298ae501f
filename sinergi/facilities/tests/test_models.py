from decimal import Decimal

from django.core.exceptions import ValidationError

from sinergi.facilities.models import Facility
from sinergi.facilities.tests.base import FacilityTestCase


class FacilityValidationTestCase(FacilityTestCase):
    def make(self, **fields):
        values = {
            "name": "Hidran Umum",
            "kind": Facility.Kind.HYDRANT,
            "village": self.cinunuk,
            "latitude": Decimal("-6.9"),
            "longitude": Decimal("107.7"),
        } | fields
        return Facility(**values)

    def test_it_refuses_coordinates_outside_indonesia(self):
        with self.assertRaisesMessage(ValidationError, "di luar Indonesia"):
            self.make(latitude=Decimal("48.85"), longitude=Decimal("107.7")).full_clean()
        with self.assertRaisesMessage(ValidationError, "di luar Indonesia"):
            self.make(longitude=Decimal("2.35")).full_clean()

    def test_it_refuses_only_one_coordinate(self):
        with self.assertRaisesMessage(ValidationError, "lintang dan bujur sekaligus"):
            self.make(longitude=None).full_clean()

    def test_it_refuses_a_region_that_is_not_a_village(self):
        with self.assertRaisesMessage(ValidationError, "bukan desa/kelurahan"):
            self.make(village=self.cileunyi).full_clean()

    def test_it_takes_no_coordinates(self):
        self.make(latitude=None, longitude=None).full_clean()

    def test_the_status_is_that_of_the_latest_inspection(self):
        facility = Facility.objects.with_status().get(pk=self.spam.pk)
        self.assertEqual(facility.status, "berfungsi")
