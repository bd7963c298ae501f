from auditlog.models import LogEntry

from sinergi.accounts.models import ApiToken
from sinergi.pokja.models import Institution, WorkingGroup
from sinergi.test import BaseTestCase


class WorkingGroupsApiTestCase(BaseTestCase):
    def codes(self, user):
        self.client.force_login(user)
        return [g["region"] for g in self.client.get("/api/working-groups/").json()["results"]]

    def test_rows_follow_the_scope(self):
        self.assertEqual(self.codes(self.national), ["32", "32.04", "53", "53.01", "ID"])
        self.assertEqual(self.codes(self.provincial), ["32", "32.04"])
        self.assertEqual(self.codes(self.member), ["32.04"])
        self.assertEqual(self.codes(self.outsider), ["53", "53.01"])

    def test_outsider_gets_404_on_read_and_write(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get("/api/working-groups/32.04/").status_code, 404)
        r = self.client.patch(
            "/api/working-groups/32.04/", {"name": "X"}, content_type="application/json"
        )
        self.assertEqual(r.status_code, 404)
        self.assertEqual(
            WorkingGroup.objects.get(pk=self.bandung_group.pk).name, self.bandung_group.name
        )

    def test_readers_get_403_on_write(self):
        for user in (self.member, self.provincial, self.national):
            self.client.force_login(user)
            r = self.client.patch(
                "/api/working-groups/32.04/", {"name": "X"}, content_type="application/json"
            )
            self.assertEqual(r.status_code, 403, user)
        self.assertEqual(
            WorkingGroup.objects.get(pk=self.bandung_group.pk).name, self.bandung_group.name
        )

    def test_secretariat_updates_its_group_with_a_token(self):
        key = ApiToken.objects.issue(self.regency, "test")[1]
        r = self.client.patch(
            "/api/working-groups/32.04/",
            {"phone": "022-5891691"},
            content_type="application/json",
            headers={"Authorization": f"Token {key}"},
        )
        self.assertEqual(r.status_code, 200)
        self.assertEqual(WorkingGroup.objects.get(pk=self.bandung_group.pk).phone, "022-5891691")
        change = LogEntry.objects.get_for_object(self.bandung_group).first()
        self.assertEqual(change.changes_dict["phone"], ["", "022-5891691"])
        self.assertEqual(change.actor, self.regency)

    def test_bad_input_is_a_400_that_changes_nothing(self):
        self.client.force_login(self.regency)
        r = self.client.patch(
            "/api/working-groups/32.04/",
            {"email": "bukan-email", "kind": "ampl", "name": ""},
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 400)
        self.assertEqual(set(r.json()), {"detail", "code", "email", "name"})
        self.assertEqual(
            WorkingGroup.objects.get(pk=self.bandung_group.pk).name, self.bandung_group.name
        )

    def test_an_institution_of_another_region_is_refused(self):
        other = Institution.objects.create(name="Bappeda NTT", category="bappeda", region=self.ntt)
        self.client.force_login(self.regency)
        r = self.client.patch(
            "/api/working-groups/32.04/",
            {"contact_institution": other.pk},
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 400)
        self.assertIn("contact_institution", r.json())
        self.bandung_group.refresh_from_db()
        self.assertEqual(self.bandung_group.contact_institution, self.bappeda)

    def test_visitor_gets_401(self):
        self.assertEqual(self.client.get("/api/working-groups/").status_code, 401)

    def test_query_count_is_constant(self):
        self.client.force_login(self.national)
        with self.assertNumQueries(5):
            self.client.get("/api/working-groups/")


class WorkingGroupNameHistoryApiTestCase(BaseTestCase):
    def test_a_new_name_through_the_api_is_kept_in_the_history(self):
        self.client.force_login(self.regency)
        r = self.client.patch(
            "/api/working-groups/32.04/",
            {"name": "Pokja PKP Kabupaten Bandung", "kind": "pkp"},
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 200)
        names = [n.name for n in self.bandung_group.names.all()]
        self.assertEqual(names, ["Pokja PKP Kabupaten Bandung", "Pokja AMPL Kabupaten Bandung"])
