"""The decree pages read a fixed number of queries, however many decrees replace others."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.decrees.models import Decree
from sinergi.test import BaseTestCase


class DecreeQueriesTestCase(BaseTestCase):
    def add_decrees(self, years):
        """One decree a year, each replacing the one before."""
        previous = Decree.objects.filter(working_group=self.bandung_group).first()
        for year in years:
            previous = Decree.objects.create(
                working_group=self.bandung_group,
                number=f"{year}/Kep/Bappeda",
                signatory="Bupati Bandung",
                signed_on=datetime.date(year, 1, 2),
                valid_from=datetime.date(year, 1, 1),
                valid_until=datetime.date(year, 12, 31),
                replaces=previous,
            )
        return previous

    def test_the_list_reads_as_many_queries_for_2_decrees_as_for_8(self):
        self.add_decrees([2016, 2017])
        for user in (self.member, self.regency):
            with self.subTest(user=user.email):
                self.client.force_login(user)
                with CaptureQueriesContext(connection) as small:
                    self.client.get("/pokja/32.04/sk/")
                first = 2018 + 6 * (user == self.regency)
                self.add_decrees(range(first, first + 3))
                with self.assertNumQueries(len(small)):
                    response = self.client.get("/pokja/32.04/sk/")
                # Its own row, and the next one's "replaces".
                self.assertContains(response, "2017/Kep/Bappeda", count=2)

    def test_the_detail_of_a_replacing_decree_reads_its_predecessor_with_it(self):
        first = self.add_decrees([2024])
        second = self.add_decrees([2025])
        self.client.force_login(self.member)
        with CaptureQueriesContext(connection) as alone:
            self.client.get(f"/pokja/32.04/sk/{first.pk}/")
        with self.assertNumQueries(len(alone)):
            response = self.client.get(f"/pokja/32.04/sk/{second.pk}/")
        self.assertContains(response, f'href="/pokja/32.04/sk/{first.pk}/"')
