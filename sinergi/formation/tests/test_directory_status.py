import datetime

from django.utils import timezone

from sinergi.decrees.models import Decree, LegalStatus
from sinergi.formation.tests.base import FormationTestCase
from sinergi.portal.directory import directory


def status_of(code):
    return next(row.status for row in directory()[1] if row.code == code)


class DirectoryStatusTestCase(FormationTestCase):
    def test_a_started_formation_is_in_formation_until_its_first_decree_activates_it(self):
        self.assertEqual(status_of("32.07"), LegalStatus.NONE)
        self.client.force_login(self.provincial)
        self.client.post(
            "/pembentukan/mulai/?wilayah=32.07",
            {
                "new_institution": "Bappeda Kabupaten Ciamis",
                "new_institution_category": "bappeda",
                "name": "Pokja AMPL Kabupaten Ciamis",
                "started_on": "2026-10-05",
            },
        )
        self.assertEqual(status_of("32.07"), LegalStatus.FORMING)
        r = self.client.get("/pokja/32.07/pembentukan/")
        self.assertContains(r, 'href="/pokja/32.07/sk/tambah/"')

        # The starter records the first decree on the decrees page.
        today = timezone.localdate()
        r = self.client.post(
            "/pokja/32.07/sk/tambah/",
            {
                "number": "050/Kep.12-Bappeda/2026",
                "signed_on": today.isoformat(),
                "signatory": "Bupati Ciamis",
                "valid_from": today.isoformat(),
                "valid_until": (today + datetime.timedelta(days=365)).isoformat(),
            },
        )
        decree = Decree.objects.get(working_group__region=self.ciamis)
        self.assertRedirects(r, f"/pokja/32.07/sk/{decree.pk}/")
        self.assertEqual(status_of("32.07"), LegalStatus.ACTIVE)

        decree_url = f"/en/pokja/32.07/sk/{decree.pk}/"
        r = self.client.get("/en/pokja/32.07/pembentukan/")
        self.assertContains(r, "Complete")
        self.assertContains(
            r,
            f'activated by decree <a href="{decree_url}">050/Kep.12-Bappeda/2026</a>',
        )
        self.assertNotContains(r, 'id="record-first-decree"')
        r = self.client.get("/en/pembentukan/")
        self.assertEqual(
            [(f.working_group.code, f.is_complete) for f in r.context["formations"]],
            [("32.07", True), ("32.73", False)],
        )
