"""Programme locations are picked by name, one a line, and stored as regions (their Kemendagri
codes) (issue 15 item 12)."""

from django.utils import translation

from sinergi.programmes.models import Programme
from sinergi.programmes.tests.base import ProgrammeTestCase, make_programme
from sinergi.programmes.tests.test_register import ADD, form_data


class LocationPickerTestCase(ProgrammeTestCase):
    def setUp(self):
        # A page under /en/ leaves English active in the thread (LocaleMiddleware); later
        # tests expect the default language.
        self.addCleanup(translation.deactivate)

    def test_the_secretariat_names_the_locations_one_a_line(self):
        self.client.force_login(self.regency)
        locations = "Desa Cinunuk\nCimekar — Kec. Cileunyi, Kab. Bandung (32.04.05.2003)\nRancaekek"
        response = self.client.post(ADD, form_data(location_codes=locations))
        programme = Programme.objects.get()
        self.assertRedirects(response, programme.get_absolute_url())
        self.assertEqual(
            sorted(programme.locations.values_list("code", flat=True)),
            ["32.04.05.2001", "32.04.05.2003", "32.04.06"],
        )

    def test_every_line_not_understood_is_named_and_nothing_saved(self):
        self.client.force_login(self.regency)
        response = self.client.post(
            "/en" + ADD, form_data(location_codes="Cinunuk\nCinunukk\nKabupaten Kupang")
        )
        errors = response.context["form"].errors["location_codes"]
        self.assertEqual(len(errors), 2)
        self.assertIn("“Cinunukk”", errors[0])
        self.assertIn("“Kabupaten Kupang” was found in Kabupaten Bandung", errors[1])
        self.assertFalse(Programme.objects.exists())

    def test_the_edit_form_sends_back_what_it_shows(self):
        programme = make_programme("A", self.bandung_group, ["32.04.05.2001", "32.04.06"])
        self.client.force_login(self.regency)
        url = f"/pokja/32.04/program/{programme.pk}/ubah/"
        shown = self.client.get(url).context["form"]["location_codes"].value()
        response = self.client.post(url, form_data(name="A", location_codes=shown + "\nCimekar"))
        self.assertRedirects(response, programme.get_absolute_url())
        self.assertEqual(
            sorted(programme.locations.values_list("code", flat=True)),
            ["32.04.05.2001", "32.04.05.2003", "32.04.06"],
        )
