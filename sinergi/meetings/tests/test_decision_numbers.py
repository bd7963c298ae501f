"""A new decision's number comes from one place (actions.next_decision_number), whether the
page or the API adds it."""

from sinergi.meetings.models import Decision
from sinergi.meetings.tests.base import CoordinationTestCase


class DecisionNumberTestCase(CoordinationTestCase):
    def page_url(self):
        return f"/pokja/32.04/rapat/{self.past.pk}/keputusan/tambah/"

    def test_page_and_api_number_decisions_consecutively(self):
        self.client.force_login(self.regency)
        # The page proposes the next number; the secretariat keeps it.
        proposed = self.client.get(self.page_url()).context["form"].initial["number"]
        self.assertEqual(proposed, 2)
        response = self.client.post(
            self.page_url(), {"number": proposed, "text": "Bentuk tim verifikasi."}
        )
        self.assertEqual(response.status_code, 302)
        response = self.client.post(
            f"/api/meetings/{self.past.pk}/decisions/",
            {"text": "Laporkan hasil verifikasi."},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["number"], 3)
        numbers = list(self.past.decisions.order_by("number").values_list("number", flat=True))
        self.assertEqual(numbers, [1, 2, 3])
        # And the page proposes the number after the API's.
        self.assertEqual(self.client.get(self.page_url()).context["form"].initial["number"], 4)

    def test_a_removed_number_in_the_middle_is_not_reused(self):
        Decision.objects.create(meeting=self.past, number=2, text="Kedua.")
        Decision.objects.create(meeting=self.past, number=3, text="Ketiga.")
        Decision.objects.filter(meeting=self.past, number=2).delete()
        self.client.force_login(self.regency)
        response = self.client.post(
            f"/api/meetings/{self.past.pk}/decisions/",
            {"text": "Keempat."},
            content_type="application/json",
        )
        self.assertEqual(response.json()["number"], 4)

    def test_a_taken_number_is_refused_on_both_doors(self):
        self.client.force_login(self.regency)
        response = self.client.post(self.page_url(), {"number": 1, "text": "Lagi."})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["number"])
        response = self.client.post(
            f"/api/meetings/{self.past.pk}/decisions/",
            {"number": 1, "text": "Lagi."},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.past.decisions.count(), 1)
