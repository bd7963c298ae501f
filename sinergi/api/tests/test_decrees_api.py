import datetime

from django.utils import timezone

from sinergi.decrees.models import Decree
from sinergi.test import BaseTestCase


class DecreesApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        year = timezone.localdate().year
        for group, number in ((cls.bandung_group, "050/2026"), (cls.kupang_group, "188/2026")):
            Decree.objects.create(
                working_group=group,
                number=number,
                signatory="Bupati",
                signed_on=datetime.date(year, 1, 2),
                valid_from=datetime.date(year - 1, 1, 1),
                valid_until=datetime.date(year + 1, 12, 31),
            )

    def numbers(self, user):
        self.client.force_login(user)
        return [d["number"] for d in self.client.get("/api/decrees/").json()["results"]]

    def test_decrees_follow_the_scope(self):
        self.assertEqual(self.numbers(self.national), ["050/2026", "188/2026"])
        self.assertEqual(self.numbers(self.provincial), ["050/2026"])
        self.assertEqual(self.numbers(self.member), ["050/2026"])
        self.assertEqual(self.numbers(self.outsider), ["188/2026"])

    def test_status_and_detail(self):
        self.client.force_login(self.member)
        decree = self.client.get("/api/decrees/").json()["results"][0]
        self.assertEqual((decree["status"], decree["working_group"]), ("valid", "32.04"))
        other = Decree.objects.get(number="188/2026")
        self.assertEqual(self.client.get(f"/api/decrees/{other.pk}/").status_code, 404)

    def test_visitor_gets_401(self):
        self.assertEqual(self.client.get("/api/decrees/").status_code, 401)

    def test_query_count(self):
        self.client.force_login(self.national)
        with self.assertNumQueries(6):
            self.client.get("/api/decrees/")
