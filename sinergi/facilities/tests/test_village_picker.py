"""The village of a facility is picked by name, as people know it, and stored as the region
(its Kemendagri code) (issue 15 item 12)."""

from django.urls import reverse
from django.utils import translation

from sinergi.facilities.models import Facility
from sinergi.facilities.tests.base import FacilityTestCase
from sinergi.facilities.tests.test_views import facility_data

ADD = "/en/pokja/32.04/sarana/tambah/"


class VillagePickerTestCase(FacilityTestCase):
    def setUp(self):
        # A page under /en/ leaves English active in the thread (LocaleMiddleware); later
        # tests expect the default language.
        self.addCleanup(translation.deactivate)

    def test_the_secretariat_names_the_village(self):
        self.client.force_login(self.regency)
        for village, name in [
            ("Cinunuk", "Hidran Umum Babakan"),
            ("desa cileunyi wetan", "Hidran Umum Cikoneng"),
            ("Cinunuk — Kec. Cileunyi, Kab. Bandung (32.04.05.2001)", "MCK Babakan"),
        ]:
            with self.subTest(village):
                response = self.client.post(ADD, facility_data(name=name, village=village))
                self.assertEqual(response.status_code, 302, response.content)
        self.assertEqual(
            dict(
                Facility.objects.filter(
                    name__in=["Hidran Umum Babakan", "Hidran Umum Cikoneng"]
                ).values_list("name", "village__code")
            ),
            {"Hidran Umum Babakan": "32.04.05.2001", "Hidran Umum Cikoneng": "32.04.05.2002"},
        )
        self.assertEqual(Facility.objects.get(name="MCK Babakan").village, self.cinunuk)

    def test_a_kecamatan_or_a_village_elsewhere_is_refused_by_name(self):
        self.client.force_login(self.regency)
        for village, message in [
            ("Cileunyi", "No desa or kelurahan called “Cileunyi” was found in Kabupaten Bandung"),
            ("Uitao", "No desa or kelurahan called “Uitao” was found in Kabupaten Bandung"),
            ("53.01.01.2001", "Uitao (53.01.01.2001) lies outside Kabupaten Bandung."),
        ]:
            with self.subTest(village):
                response = self.client.post(ADD, facility_data(village=village))
                self.assertContains(response, message)
        self.assertFalse(Facility.objects.filter(name="Hidran Umum Kampung Babakan").exists())

    def test_the_form_shows_the_village_by_name_with_its_code_and_the_search(self):
        self.client.force_login(self.regency)
        response = self.client.get(reverse("facilities:edit", args=["32.04", self.spam.pk]))
        self.assertContains(
            response, 'value="Cinunuk — Kec. Cileunyi, Kab. Bandung (32.04.05.2001)"'
        )
        self.assertContains(response, 'data-region-level="4"')
        self.assertContains(response, 'data-region-within="32.04"')
        self.assertContains(response, "/static/js/region-picker.js")
