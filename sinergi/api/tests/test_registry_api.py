from sinergi.pokja.models import Handover, Membership
from sinergi.test import BaseTestCase, add_member


class RegistryApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.current = add_member(
            cls.bandung_group,
            "Dadang Suherman",
            "koordinator_bidang",
            email="dadang@example.org",
            phone="0812-555",
            nip="197302281999031003",
        )
        cls.former = add_member(cls.bandung_group, "Rudi Hartono", "sekretaris", "2020-01-01")
        cls.former.ended_on, cls.former.end_reason = "2023-12-31", "pensiun"
        cls.former.save()
        add_member(cls.kupang_group, "Yakobus Tefa", email="yakobus@example.org")

    def people(self, user=None):
        if user:
            self.client.force_login(user)
        return {p["full_name"]: p for p in self.client.get("/api/people/").json()["results"]}

    def test_visitors_see_current_members_without_private_fields(self):
        people = self.people()
        self.assertEqual(set(people), {"Dadang Suherman", "Yakobus Tefa"})
        self.assertNotIn("email", people["Dadang Suherman"])
        self.assertNotIn("nip", people["Dadang Suherman"])

    def test_private_fields_only_in_scope(self):
        people = self.people(self.member)
        self.assertEqual(people["Dadang Suherman"]["email"], "dadang@example.org")
        self.assertIn("Rudi Hartono", people)  # former members of one's own group
        self.assertNotIn("email", people["Yakobus Tefa"])  # another province
        people = self.people(self.outsider)
        self.assertNotIn("email", people["Dadang Suherman"])
        self.assertNotIn("Rudi Hartono", people)
        self.assertEqual(people["Yakobus Tefa"]["email"], "yakobus@example.org")

    def test_memberships_history_only_in_scope_and_filter_by_date(self):
        def names(query, user=None):
            if user:
                self.client.force_login(user)
            return sorted(
                m["person_name"]
                for m in self.client.get("/api/memberships/" + query).json()["results"]
            )

        self.assertEqual(names("?working_group=32.04"), ["Dadang Suherman"])
        self.assertEqual(
            names("?working_group=32.04", self.member), ["Dadang Suherman", "Rudi Hartono"]
        )
        self.assertEqual(names("?working_group=32.04&on=2021-06-01", self.member), ["Rudi Hartono"])
        self.assertEqual(self.client.get("/api/memberships/?on=kemarin").status_code, 400)

    def test_secretariat_ends_a_membership_with_a_handover(self):
        url = f"/api/memberships/{self.current.pk}/end/"
        body = {"ended_on": "2026-03-31", "end_reason": "mutasi"}
        self.client.force_login(self.member)
        self.assertEqual(
            self.client.post(url, body, content_type="application/json").status_code, 403
        )
        self.client.force_login(self.outsider)
        self.assertEqual(
            self.client.post(url, body, content_type="application/json").status_code, 403
        )
        self.client.force_login(self.regency)
        bad = self.client.post(
            url, {"ended_on": "1999-01-01", "end_reason": "mutasi"}, content_type="application/json"
        )
        self.assertEqual(bad.status_code, 400)
        r = self.client.post(url, body, content_type="application/json")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["end_reason"], "mutasi")
        self.assertTrue(Handover.objects.filter(leaving=self.current).exists())
        self.assertEqual(
            Membership.objects.get(pk=self.current.pk).ended_on.isoformat(), "2026-03-31"
        )

    def test_institutions_and_directory_are_open_data(self):
        r = self.client.get("/api/institutions/?region=32.04")
        self.assertEqual([i["name"] for i in r.json()["results"]], ["Bappeda Kabupaten Bandung"])
        rows = self.client.get("/api/directory/?provinsi=32").json()
        self.assertEqual([row["code"] for row in rows], ["32", "32.04", "32.73"])
        self.assertEqual(rows[2]["status"], "none")

    def test_query_counts(self):
        self.client.force_login(self.national)
        with self.assertNumQueries(5):
            self.client.get("/api/people/")
        with self.assertNumQueries(5):
            self.client.get("/api/memberships/")
        # 4 of the request and the directory, 9 of the activeness index (activeness.index.collect)
        with self.assertNumQueries(13):
            self.client.get("/api/directory/")
