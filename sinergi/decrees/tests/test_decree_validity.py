"""Issue 15, item 3: an empty validity starts at signing and ends on 31 December of that year;
saving warns (after the save) about a validity before the formation or the signing, one ending
within the reminder window, and a decree that appoints nobody."""

import datetime

from django.conf import settings
from django.contrib.messages import get_messages
from django.utils import timezone

from sinergi.decrees.models import Decree
from sinergi.test import BaseTestCase, add_member

D = datetime.date.fromisoformat
URL = "/pokja/32.04/sk/tambah/"


class DecreeValidityTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.chair = add_member(cls.bandung_group, "Ujang Saepudin", "ketua")

    def setUp(self):
        self.client.force_login(self.regency)

    def post(self, **changes):
        data = {
            "number": "050/Kep.7/2025",
            "signed_on": "2025-11-20",
            "signatory": "Bupati Bandung",
            "appointments": [self.chair.pk],
            **changes,
        }
        response = self.client.post(URL, data)
        return response, [str(m) for m in get_messages(response.wsgi_request)]

    def test_a_late_first_decree_starts_at_signing(self):
        response, messages = self.post()
        decree = Decree.objects.get()
        self.assertRedirects(response, decree.get_absolute_url())
        self.assertEqual(
            (decree.valid_from, decree.valid_until), (D("2025-11-20"), D("2025-12-31"))
        )
        self.assertEqual(len(messages), 1, messages)  # recorded; nothing to warn about

    def test_an_empty_end_follows_the_given_start(self):
        self.post(valid_from="2026-01-01")
        decree = Decree.objects.get()
        self.assertEqual(decree.valid_until, D("2026-12-31"))

    def test_a_validity_before_signing_and_formation_is_saved_with_warnings(self):
        self.bandung_group.formed_on = D("2025-03-01")
        self.bandung_group.save()
        _response, messages = self.post(valid_from="2025-01-01")
        self.assertTrue(Decree.objects.exists())
        text = " ".join(messages)
        self.assertIn("sebelum kelompok kerja dibentuk", text)
        self.assertIn("sebelum SK ditandatangani", text)

    def test_a_decree_ending_within_the_reminder_window_warns(self):
        today = timezone.localdate()
        end = today + datetime.timedelta(days=settings.DECREE_EXPIRING_DAYS - 1)
        _response, messages = self.post(
            signed_on=str(today - datetime.timedelta(days=30)), valid_until=str(end)
        )
        self.assertIn("siapkan SK berikutnya", " ".join(messages))

    def test_a_decree_appointing_nobody_warns(self):
        _response, messages = self.post(appointments=[])
        self.assertTrue(Decree.objects.exists())
        self.assertIn("tidak menetapkan siapa pun", " ".join(messages))

    def test_editing_warns_too(self):
        self.post()
        decree = Decree.objects.get()
        response = self.client.post(
            f"/pokja/32.04/sk/{decree.pk}/ubah/",
            {
                "number": decree.number,
                "signed_on": "2025-11-20",
                "signatory": "Bupati Bandung",
                "valid_from": "2025-11-20",
                "valid_until": "2025-12-31",
            },
            follow=True,
        )
        self.assertContains(response, "tidak menetapkan siapa pun")
