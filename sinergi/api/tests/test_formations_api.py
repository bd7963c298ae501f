from sinergi.formation.models import Stakeholder
from sinergi.formation.tests.base import FormationTestCase


class FormationApiTestCase(FormationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Stakeholder.objects.create(
            formation=cls.formation, institution=cls.bappelitbang, interest=3, influence=3
        )
        Stakeholder.objects.create(
            formation=cls.formation, name="Forum KPSPAMS", interest=3, influence=1
        )

    def codes(self, user):
        self.client.force_login(user)
        r = self.client.get("/api/formations/")
        self.assertEqual(r.status_code, 200)
        return [f["region"] for f in r.json()["results"]]

    def test_formations_follow_the_scope(self):
        self.assertEqual(self.codes(self.provincial), ["32.73"])
        self.assertEqual(self.codes(self.national), ["32.73"])
        self.assertEqual(self.codes(self.forming_member), ["32.73"])
        self.assertEqual(self.codes(self.outsider), [])
        self.assertEqual(self.codes(self.regency), [])

    def test_outsider_gets_404_on_a_formation_of_another_province(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get("/api/formations/32.73/").status_code, 404)

    def test_visitor_gets_no_formation(self):
        self.assertIn(self.client.get("/api/formations/").status_code, (401, 403))

    def test_detail_has_the_steps_and_the_stakeholder_map(self):
        self.client.force_login(self.forming_member)
        data = self.client.get("/api/formations/32.73/").json()
        self.assertEqual(data["lead_institution_name"], "Bappelitbang Kota Bandung")
        self.assertFalse(data["is_complete"])
        self.assertEqual([s["number"] for s in data["steps"]], [1, 2, 3, 4])
        self.assertEqual(data["steps"][0]["status"], "not_started")
        self.assertEqual(
            [(s["name"], s["interest"], s["influence"]) for s in data["stakeholders"]],
            [("Bappelitbang Kota Bandung", 3, 3), ("Forum KPSPAMS", 3, 1)],
        )

    def test_query_count(self):
        self.client.force_login(self.national)
        self.client.get("/api/formations/")
        # session, user, scope, count, formations, steps, evidence, stakeholders
        with self.assertNumQueries(8):
            self.client.get("/api/formations/")
