"""Issue 15: a programme the working group decided to redirect ("dialihkan") to other
locations kept its old locations, and nothing led the secretariat to record the new ones."""

from sinergi.programmes.models import Intake
from sinergi.programmes.tests.base import ProgrammeTestCase, make_programme
from sinergi.programmes.tests.test_register import form_data


class RedirectedIntakeTestCase(ProgrammeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.programme = make_programme(
            "CSR Jamban", cls.bandung_group, ["32.04.05.2001"], status="diusulkan"
        )

    def decide(self, programme, decision, code="32.04"):
        url = f"/en/pokja/{code}/program/{programme.pk}/penerimaan/"
        data = {"presented_on": "2025-05-08", "decision": decision, "conditions": "Ke Sukamanah."}
        return self.client.post(url, data)

    def test_a_redirect_leads_to_the_programme_form_to_record_the_new_locations(self):
        self.client.force_login(self.regency)
        response = self.decide(self.programme, Intake.Decision.REDIRECTED)
        edit = f"/en/pokja/32.04/program/{self.programme.pk}/ubah/"
        self.assertRedirects(response, f"{edit}#id_location_codes", fetch_redirect_response=False)
        page = self.client.get(edit)
        self.assertContains(page, "The programme was redirected: record its new locations.")
        self.assertContains(page, 'id="id_location_codes"')

        data = form_data(
            name="CSR Jamban",
            starts_on="2025-01-01",
            status="diusulkan",
            location_codes="32.04.06.2001",
            reports_to_codes="",
        )
        self.assertRedirects(self.client.post(edit, data), f"/en/program/{self.programme.pk}/")
        self.assertEqual([r.code for r in self.programme.locations.all()], ["32.04.06.2001"])

    def test_an_agreement_goes_back_to_the_programme(self):
        self.client.force_login(self.regency)
        response = self.decide(self.programme, Intake.Decision.AGREED)
        self.assertRedirects(
            response, f"/en/program/{self.programme.pk}/", fetch_redirect_response=False
        )

    def test_a_group_that_does_not_keep_the_record_is_told_whom_to_tell(self):
        provincial = make_programme("Program Provinsi", self.jabar_group, ["32.04.05"])
        self.client.force_login(self.regency)
        response = self.decide(provincial, Intake.Decision.REDIRECTED)
        self.assertRedirects(
            response, f"/en/program/{provincial.pk}/", fetch_redirect_response=False
        )
        page = self.client.get(f"/en/program/{provincial.pk}/")
        self.assertContains(
            page,
            "The programme was redirected. Pokja AMPL Provinsi Jawa Barat keeps its record: "
            "tell its secretariat the new locations.",
        )
