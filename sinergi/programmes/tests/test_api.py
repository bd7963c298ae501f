from sinergi.accounts.models import ApiToken
from sinergi.programmes.models import Programme, ProgrammeTarget
from sinergi.programmes.tests.base import WATER, ProgrammeTestCase, make_programme

URL = "/api/programmes/"


class ProgrammeAPITestCase(ProgrammeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.sanimas = make_programme(
            "SANIMAS Cinunuk",
            cls.bandung_group,
            ["32.04.05.2001"],
            contact_email="u@example.org",
            contact_phone="0812",
        )
        ProgrammeTarget.objects.create(
            programme=cls.sanimas, description="KK", quantity=200, unit="rumah_tangga"
        )
        cls.kupang = make_programme(
            "PAMSIMAS Kupang", cls.kupang_group, ["53.01"], sector=WATER, status="selesai"
        )

    def get(self, url, user=None):
        headers = {}
        if user is not None:
            headers["Authorization"] = f"Token {ApiToken.objects.issue(user, 'test')[1]}"
        return self.client.get(url, headers=headers)

    def test_visitor_reads_public_fields_without_contacts(self):
        response = self.get(URL)
        self.assertEqual(response.status_code, 200)
        rows = {row["name"]: row for row in response.json()["results"]}
        sanimas = rows["SANIMAS Cinunuk"]
        self.assertEqual(sanimas["locations"], ["32.04.05.2001"])
        self.assertEqual(sanimas["registered_by"], "32.04")
        self.assertEqual(sanimas["working_groups"], ["32.04"])
        self.assertEqual(
            sanimas["targets"], [{"description": "KK", "quantity": 200, "unit": "rumah_tangga"}]
        )
        self.assertIsNone(sanimas["contact_email"])
        self.assertIsNone(sanimas["contact_phone"])

    def test_contacts_in_scope_only(self):
        for user, visible in [(self.member, True), (self.provincial, True), (self.outsider, False)]:
            with self.subTest(user=user.email):
                row = self.get(f"{URL}{self.sanimas.pk}/", user).json()
                self.assertEqual(row["contact_email"], "u@example.org" if visible else None)

    def test_filters(self):
        for query, names in [
            ("?region=32.04", ["SANIMAS Cinunuk"]),
            ("?region=32.04.05.2001", ["SANIMAS Cinunuk"]),
            ("?region=53", ["PAMSIMAS Kupang"]),
            ("?region=ID", ["SANIMAS Cinunuk", "PAMSIMAS Kupang"]),
            ("?sector=air_minum", ["PAMSIMAS Kupang"]),
            ("?status=berjalan", ["SANIMAS Cinunuk"]),
        ]:
            with self.subTest(query=query):
                rows = self.get(URL + query).json()["results"]
                self.assertEqual(sorted(r["name"] for r in rows), sorted(names))

    def test_read_only(self):
        response = self.client.post(URL, {"name": "x"})
        self.assertIn(response.status_code, (401, 403, 405))
        self.assertEqual(Programme.objects.count(), 2)

    def test_list_queries_do_not_grow(self):
        self.get(URL)
        # count, page, groups, locations, targets
        with self.assertNumQueries(5):
            self.get(URL)
        for i in range(5):
            places = ["32.04.05.2003", "32.04.06.2001", "53.01"]
            programme = make_programme(f"P{i}", self.bandung_group, places)
            programme.working_groups.add(self.kupang_group)
            ProgrammeTarget.objects.create(
                programme=programme, description="Desa", quantity=3, unit="desa"
            )
        with self.assertNumQueries(5):
            rows = self.get(URL).json()["results"]
        self.assertEqual(len(rows), 7)
        row = next(r for r in rows if r["name"] == "P0")
        self.assertEqual(row["locations"], ["32.04.05.2003", "32.04.06.2001", "53.01"])
        self.assertEqual(row["working_groups"], ["32.04", "53.01"])
        self.assertEqual(row["targets"], [{"description": "Desa", "quantity": 3, "unit": "desa"}])
