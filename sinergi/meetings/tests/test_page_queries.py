"""The action-item pages and the meeting calendar read a fixed number of queries, whatever
the number of items, owners, decisions and meetings."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.meetings.models import Decision, Participant
from sinergi.meetings.tests.base import MeetingTestCase, make_item, make_meeting
from sinergi.pokja.models import Institution
from sinergi.test import add_member


class PageQueriesTestCase(MeetingTestCase):
    def add_items(self, start, count):
        """`count` items of new owners (people and institutions), from new decisions, one of
        them owned by the member persona."""
        for n in range(start, start + count):
            meeting = make_meeting(self.bandung_group, f"Rapat {n}", days=-n - 10)
            Participant.objects.create(meeting=meeting, person=self.dadang)
            decision = Decision.objects.create(meeting=meeting, number=1, text=f"Keputusan {n}")
            owner = add_member(self.bandung_group, f"Pemilik {n}").person
            make_item(self.bandung_group, f"Tindak lanjut {n}", owner, decision=decision)
            institution = Institution.objects.create(
                name=f"Dinas {n}", category=Institution.Category.BAPPEDA, region=self.kab_bandung
            )
            make_item(self.bandung_group, f"Tugas dinas {n}", None, owner_institution=institution)
            make_item(self.bandung_group, f"Tugas Siti {n}", self.siti, due_days=-n - 1)

    def assertQueriesFlat(self, url, user, rows, start=0):
        self.client.force_login(user)
        self.add_items(start, 3)
        self.client.get(url)
        with CaptureQueriesContext(connection) as small:
            self.assertEqual(self.client.get(url).status_code, 200)
        self.add_items(start + 3, 9)
        with self.assertNumQueries(len(small)):
            response = self.client.get(url)
        self.assertGreater(len(rows(response)), 3)
        return response

    def test_the_action_items_of_a_group(self):
        for start, user in [(0, self.regency), (100, self.member)]:
            with self.subTest(user=user.email):
                response = self.assertQueriesFlat(
                    "/pokja/32.04/tindak-lanjut/",
                    user,
                    lambda r: r.context["page"].object_list,
                    start,
                )
        self.assertContains(response, "Dinas 111")  # among the owners to filter by

    def test_my_action_items(self):
        self.assertQueriesFlat(
            "/tindak-lanjut-saya/", self.member, lambda r: r.context["page"].object_list
        )

    def test_the_meeting_list_and_calendar(self):
        for url in ("/pokja/32.04/rapat/", "/pokja/32.04/rapat/kalender/"):
            with self.subTest(url=url):
                self.client.force_login(self.member)
                with CaptureQueriesContext(connection) as small:
                    self.client.get(url)
                for n in range(6):
                    make_meeting(self.bandung_group, f"Rapat kalender {url} {n}", days=n - 3)
                with self.assertNumQueries(len(small)):
                    self.client.get(url)
