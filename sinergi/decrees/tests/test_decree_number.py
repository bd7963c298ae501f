"""Issue 15, item 8: posting the decree form twice records one decree. A number is recorded
once per working group (compared without case and extra spaces, stored normalised); the second
post is shown again with a message naming the number, also when both posts pass validation at
the same time and the database refuses the second."""

import datetime
from unittest import mock

from django.db import IntegrityError, transaction
from django.utils import translation

from sinergi.decrees.forms import DecreeForm
from sinergi.decrees.models import Decree, normalise_number
from sinergi.test import BaseTestCase, add_member

D = datetime.date.fromisoformat
ADD = "/en/pokja/32.04/sk/tambah/"
NUMBER = "050/Kep.112-Bappeda/2026"
TAKEN = f"A decree with the number {NUMBER} is already recorded for this working group."


def decree(group, number, **fields):
    return Decree.objects.create(
        working_group=group,
        number=number,
        signatory="Bupati",
        signed_on=D("2026-01-14"),
        valid_from=D("2026-01-01"),
        valid_until=D("2026-12-31"),
        **fields,
    )


class DecreeNumberTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.chair = add_member(cls.bandung_group, "Ujang Saepudin", "ketua")

    def setUp(self):
        self.client.force_login(self.regency)

    def form(self, **changes):
        return {
            "number": NUMBER,
            "signed_on": "2026-01-14",
            "signatory": "Bupati Bandung",
            "appointments": [self.chair.pk],
            **changes,
        }

    def test_posting_the_same_form_twice_records_one_decree(self):
        first = self.client.post(ADD, self.form())
        self.assertEqual(first.status_code, 302)
        second = self.client.post(ADD, self.form())
        self.assertEqual(second.status_code, 200)
        self.assertEqual(second.context["form"].errors["number"], [TAKEN])
        self.assertContains(second, TAKEN)
        self.assertEqual(Decree.objects.count(), 1)
        self.assertEqual(Decree.objects.get().appointments.count(), 1)

    def test_the_number_is_compared_without_case_and_extra_spaces(self):
        decree(self.bandung_group, NUMBER)
        response = self.client.post(ADD, self.form(number="  050 / kep.112-bappeda/2026 "))
        self.assertEqual(
            response.context["form"].errors["number"],
            [
                "A decree with the number 050/kep.112-bappeda/2026 is already recorded for "
                "this working group."
            ],
        )
        self.assertEqual(Decree.objects.count(), 1)

    def test_the_number_is_stored_normalised(self):
        self.client.post(ADD, self.form(number="  050 /  Kep.112-Bappeda / 2026\t"))
        self.assertEqual(Decree.objects.get().number, NUMBER)
        self.assertEqual(normalise_number(" 188.45/ KEP  HK/214 /2025 "), "188.45/KEP HK/214/2025")

    def test_another_group_may_use_the_same_number(self):
        decree(self.kupang_group, NUMBER)
        self.assertEqual(self.client.post(ADD, self.form()).status_code, 302)
        self.assertEqual(Decree.objects.filter(number=NUMBER).count(), 2)

    def test_editing_a_decree_keeps_its_own_number_but_cannot_take_another(self):
        own = decree(self.bandung_group, NUMBER)
        decree(self.bandung_group, "050/Kep.7/2025")
        url = f"/en/pokja/32.04/sk/{own.pk}/ubah/"
        data = self.form(valid_from="2026-01-01", valid_until="2026-12-31")
        self.assertEqual(self.client.post(url, data).status_code, 302)
        response = self.client.post(url, {**data, "number": "050/KEP.7/2025"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("050/KEP.7/2025 is already recorded", str(response.context["form"].errors))
        own.refresh_from_db()
        self.assertEqual(own.number, NUMBER)

    def test_two_posts_at_once_show_the_form_again_instead_of_an_error(self):
        """Both posts pass validation; the other one's decree is saved before this one is."""
        clean_number = DecreeForm.clean_number

        def other_request_saves_first(form):
            number = clean_number(form)
            decree(self.bandung_group, NUMBER)
            return number

        with mock.patch.object(DecreeForm, "clean_number", other_request_saves_first):
            response = self.client.post(ADD, self.form())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors["number"], [TAKEN])
        self.assertEqual(Decree.objects.count(), 1)
        self.assertFalse(Decree.objects.get().appointments.exists())

    def test_another_integrity_error_is_not_hidden(self):
        form = DecreeForm(self.form(), group=self.bandung_group)
        self.assertTrue(form.is_valid())
        with translation.override("en"):
            self.assertFalse(form.refuse_duplicate())
        self.assertEqual(form.errors, {})

    def test_the_database_refuses_a_duplicate_whatever_its_case(self):
        decree(self.bandung_group, NUMBER)
        with self.assertRaises(IntegrityError), transaction.atomic():
            decree(self.bandung_group, NUMBER.upper())
