"""Two people saving the same new record at the same moment (issue 15, item 8): the database's
uniqueness rule refuses the second, and the user gets the form again with a message (where the
view knows the form) or a 409 page (anywhere else), never a 500."""

from unittest import mock

from django.db import IntegrityError

from sinergi.facilities.forms import FacilityForm
from sinergi.facilities.models import Facility
from sinergi.facilities.tests.base import FacilityTestCase
from sinergi.facilities.tests.test_views import facility_data

URL = "/en/pokja/32.04/sarana/tambah/"


class SameMomentTestCase(FacilityTestCase):
    def race(self):
        """The other person's facility is saved after this form was validated."""

        def validate_unique(form):
            Facility.objects.create(
                name="Hidran Umum Kampung Babakan",
                village=self.cinunuk,
                kind=Facility.Kind.HYDRANT,
            )

        return mock.patch.object(FacilityForm, "validate_unique", validate_unique)

    def test_adding_the_same_facility_at_once_shows_the_form_with_a_message(self):
        self.client.force_login(self.regency)
        with self.race():
            response = self.client.post(URL, facility_data())
        self.assertContains(response, "saved by someone else at the same moment")
        self.assertEqual(Facility.objects.filter(name="Hidran Umum Kampung Babakan").count(), 1)

    def test_any_other_conflict_is_a_409_page_not_a_500(self):
        self.client.force_login(self.regency)
        with mock.patch(
            "sinergi.facilities.views.saved", side_effect=IntegrityError("unique constraint")
        ):
            response = self.client.post(URL, facility_data())
        self.assertContains(response, "at the same moment", status_code=409)
