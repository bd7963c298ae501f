from sinergi.programmes.models import Intake, Programme, ProgrammeTarget
from sinergi.programmes.tests.base import ProgrammeTestCase, make_programme

ADD = "/pokja/32.04/program/baru/"


def form_data(**overrides):
    data = {
        "name": "SANIMAS Cinunuk 2025",
        "kind": "nasional",
        "sector": "sanitasi",
        "funder": "DAK Sanitasi",
        "implementer": "KSM Cinunuk Sehat",
        "starts_on": "2025-03-01",
        "ends_on": "2025-12-31",
        "budget": "650000000",
        "status": "diusulkan",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "location_codes": "32.04.05.2001, 32.04.05.2003",
        "reports_to_codes": "32",
        "sasaran-TOTAL_FORMS": "1",
        "sasaran-INITIAL_FORMS": "0",
        "sasaran-0-description": "Rumah tangga tersambung IPAL komunal",
        "sasaran-0-quantity": "200",
        "sasaran-0-unit": "rumah_tangga",
    }
    return data | overrides


class AddProgrammeTestCase(ProgrammeTestCase):
    def test_secretariat_registers_a_programme_with_locations_and_targets(self):
        self.client.force_login(self.regency)
        response = self.client.post(ADD, form_data())
        programme = Programme.objects.get()
        self.assertRedirects(response, programme.get_absolute_url())
        self.assertEqual(programme.registered_by, self.bandung_group)
        self.assertEqual(
            set(programme.locations.values_list("code", flat=True)),
            {"32.04.05.2001", "32.04.05.2003"},
        )
        self.assertEqual(
            set(programme.working_groups.all()), {self.bandung_group, self.jabar_group}
        )
        target = ProgrammeTarget.objects.get()
        self.assertEqual((target.quantity, target.unit), (200, "rumah_tangga"))

    def test_unknown_village_code_is_refused_with_a_message_and_nothing_written(self):
        self.client.force_login(self.regency)
        data = form_data(location_codes="32.04.05.2001, 32.04.05.2999")
        response = self.client.post("/en" + ADD, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The region code “32.04.05.2999” does not exist.")
        self.assertIn("32.04.05.2999", str(response.context["form"].errors["location_codes"]))
        self.assertFalse(Programme.objects.exists())
        self.assertFalse(ProgrammeTarget.objects.exists())

    def test_location_outside_the_kabupaten_is_refused(self):
        self.client.force_login(self.regency)
        response = self.client.post(ADD, form_data(location_codes="53.01"))
        self.assertIn("Kabupaten Kupang", str(response.context["form"].errors["location_codes"]))
        self.assertFalse(Programme.objects.exists())

    def test_unknown_working_group_is_refused(self):
        self.client.force_login(self.regency)
        response = self.client.post(ADD, form_data(reports_to_codes="32.73"))
        self.assertIn("32.73", str(response.context["form"].errors["reports_to_codes"]))
        self.assertFalse(Programme.objects.exists())

    def test_end_before_start_and_duplicates_are_refused(self):
        self.client.force_login(self.regency)
        response = self.client.post(ADD, form_data(ends_on="2024-01-01"))
        self.assertFalse(response.context["form"].is_valid())
        self.client.post(ADD, form_data())
        response = self.client.post(ADD, form_data())
        self.assertIn("name", response.context["form"].errors)
        self.assertEqual(Programme.objects.count(), 1)

    def test_member_cannot_post(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.post(ADD, form_data()).status_code, 403)
        self.assertFalse(Programme.objects.exists())

    def test_province_may_locate_anywhere_in_its_province(self):
        self.client.force_login(self.provincial)
        response = self.client.post("/pokja/32/program/baru/", form_data(reports_to_codes="32.04"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Programme.objects.get().registered_by, self.jabar_group)


class EditProgrammeTestCase(ProgrammeTestCase):
    def test_secretariat_changes_locations_and_removes_a_target(self):
        programme = make_programme("SANIMAS Cinunuk 2025", self.bandung_group, ["32.04.05.2001"])
        target = ProgrammeTarget.objects.create(
            programme=programme, description="KK", quantity=10, unit="rumah_tangga"
        )
        self.client.force_login(self.regency)
        data = form_data(
            location_codes="32.04.06",
            reports_to_codes="",
            status="berjalan",
            **{
                "sasaran-TOTAL_FORMS": "1",
                "sasaran-INITIAL_FORMS": "1",
                "sasaran-0-id": str(target.pk),
                "sasaran-0-programme": str(programme.pk),
                "sasaran-0-DELETE": "on",
            },
        )
        response = self.client.post(f"/pokja/32.04/program/{programme.pk}/ubah/", data)
        self.assertRedirects(response, programme.get_absolute_url())
        programme.refresh_from_db()
        self.assertEqual(programme.status, "berjalan")
        self.assertEqual(list(programme.locations.values_list("code", flat=True)), ["32.04.06"])
        self.assertEqual(list(programme.working_groups.all()), [self.bandung_group])
        self.assertFalse(ProgrammeTarget.objects.exists())

    def test_edit_form_shows_stored_codes(self):
        programme = make_programme("A", self.bandung_group, ["32.04.05.2001", "32.04.06"])
        self.client.force_login(self.regency)
        response = self.client.get(f"/pokja/32.04/program/{programme.pk}/ubah/")
        # One a line, by name with the code (the region picker, issue 15 item 12).
        self.assertContains(
            response,
            "Cinunuk — Kec. Cileunyi, Kab. Bandung (32.04.05.2001)\n"
            "Rancaekek — Kab. Bandung, Jawa Barat (32.04.06)</textarea>",
        )


class IntakeTestCase(ProgrammeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.programme = make_programme(
            "CSR Jamban", cls.bandung_group, ["32.04.05.2001"], status="diusulkan"
        )
        cls.url = f"/pokja/32.04/program/{cls.programme.pk}/penerimaan/"

    def post(self, **overrides):
        data = {
            "presented_on": "2025-05-08",
            "decision": "bersyarat",
            "conditions": "Hanya RW 05 dan 06.",
            "meeting_reference": "Rapat koordinasi 8 Mei 2025",
        } | overrides
        return self.client.post(self.url, data)

    def test_secretariat_records_a_decision_and_the_programme_is_agreed(self):
        self.client.force_login(self.regency)
        self.assertRedirects(self.post(), self.programme.get_absolute_url())
        intake = Intake.objects.get()
        self.assertEqual(intake.working_group, self.bandung_group)
        self.assertEqual(intake.meeting_reference, "Rapat koordinasi 8 Mei 2025")
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.status, Programme.Status.AGREED)
        response = self.client.get(self.programme.get_absolute_url())
        self.assertContains(response, "Hanya RW 05 dan 06.")

    def test_redirection_keeps_the_status(self):
        self.client.force_login(self.regency)
        self.post(decision="dialihkan", conditions="Ke Sukamanah.")
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.status, Programme.Status.PROPOSED)

    def test_conditions_are_required_for_a_conditional_agreement(self):
        self.client.force_login(self.regency)
        response = self.post(conditions="")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Intake.objects.exists())

    def test_the_same_day_twice_is_refused(self):
        self.client.force_login(self.regency)
        self.post()
        response = self.post()
        self.assertIn("presented_on", response.context["form"].errors)
        self.assertEqual(Intake.objects.count(), 1)

    def test_the_kabupaten_records_its_decision_on_a_provincial_programme(self):
        provincial = make_programme("Program Provinsi", self.jabar_group, ["32.04.05"])
        self.client.force_login(self.regency)
        url = f"/pokja/32.04/program/{provincial.pk}/penerimaan/"
        response = self.client.post(url, {"presented_on": "2025-02-01", "decision": "disepakati"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(provincial.intakes.get().working_group, self.bandung_group)

    def test_intakes_are_hidden_outside_scope(self):
        Intake.objects.create(
            programme=self.programme,
            working_group=self.bandung_group,
            presented_on="2025-05-08",
            decision="disepakati",
            meeting_reference="Rapat rahasia",
        )
        self.assertNotContains(self.client.get(self.programme.get_absolute_url()), "Rapat rahasia")
        self.client.force_login(self.member)
        self.assertContains(self.client.get(self.programme.get_absolute_url()), "Rapat rahasia")

    def test_member_and_outsider_cannot_record(self):
        for user, status in [(self.member, 403), (self.outsider, 404)]:
            self.client.force_login(user)
            self.assertEqual(self.post().status_code, status)
        self.assertFalse(Intake.objects.exists())
