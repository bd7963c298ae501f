"""The meetings and action items lists of the API read a fixed number of queries whatever the
number of rows, and read a national scope without a filter on the groups (which would keep
PostgreSQL from reading the rows in the order of an index)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers

from sinergi.api.meetings import DecisionSerializer, ParticipantSerializer
from sinergi.meetings.models import Decision, Participant
from sinergi.meetings.tests.base import (
    CoordinationTestCase,
    days_from_today,
    item,
    jakarta,
    meeting,
)
from sinergi.programmes.models import Programme
from sinergi.test import add_member


class ApiListQueriesTestCase(CoordinationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.programme = Programme.objects.create(
            name="SANIMAS",
            kind=Programme.Kind.NATIONAL,
            sector="sanitasi",
            starts_on=days_from_today(-400),
            ends_on=days_from_today(400),
            registered_by=cls.bandung_group,
            contact_email="kontak@example.org",
        )

    def add_meetings(self, start, count):
        """`count` meetings in Bandung and as many in Kupang, each with a roster person, a
        guest, a decision and a programme."""
        for n in range(start, start + count):
            for group in (self.bandung_group, self.kupang_group):
                person = add_member(group, f"Anggota {n} {group.pk}", email=f"a{n}@example.org")
                extra = meeting(group, f"Rapat {n}", jakarta(days_from_today(-n - 30), 9))
                Participant.objects.create(meeting=extra, person=person.person)
                Participant.objects.create(meeting=extra, guest_name=f"Tamu {n}")
                Decision.objects.create(meeting=extra, number=1, text="Setuju")
                extra.programmes.add(self.programme)

    def add_items(self, start, count):
        for n in range(start, start + count):
            for group in (self.bandung_group, self.kupang_group):
                owner = add_member(group, f"Pemilik {n} {group.pk}").person
                item(group, f"Tindak lanjut {n}", owner, days_from_today(n))

    def assertQueriesFlat(self, url, add_rows, users):
        for user in users:
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.client.get(url)
                with CaptureQueriesContext(connection) as small:
                    listed = len(self.client.get(url).json()["results"])
                add_rows(100 * users.index(user), 9)
                with self.assertNumQueries(len(small)):
                    response = self.client.get(url)
                self.assertGreater(len(response.json()["results"]), listed)

    def test_the_meeting_list_reads_as_many_queries_for_3_meetings_as_for_12(self):
        self.add_meetings(1000, 3)
        self.assertQueriesFlat(
            "/api/meetings/", self.add_meetings, [self.national, self.provincial, self.member]
        )

    def test_the_action_item_list_reads_as_many_queries_for_3_items_as_for_12(self):
        self.add_items(1000, 3)
        self.assertQueriesFlat(
            "/api/action-items/", self.add_items, [self.national, self.provincial, self.member]
        )

    def test_a_national_scope_lists_without_a_filter_on_the_groups(self):
        self.client.force_login(self.national)
        for url, table in [
            ("/api/meetings/", "meetings_meeting"),
            ("/api/action-items/", "meetings_actionitem"),
        ]:
            with self.subTest(url=url), CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            listing = [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]
            self.assertTrue(listing)
            for sql in listing:
                self.assertNotIn("IN (SELECT", sql)

    def test_narrower_scopes_still_list_only_their_groups(self):
        self.add_meetings(0, 2)
        self.add_items(0, 2)
        regions = {
            user: {
                url: {row["region"] for row in self.get_rows(user, url)}
                for url in ("/api/meetings/", "/api/action-items/")
            }
            for user in (self.provincial, self.member, self.outsider, self.national)
        }
        self.assertEqual(regions[self.provincial]["/api/meetings/"], {"32.04"})
        self.assertEqual(regions[self.provincial]["/api/action-items/"], {"32.04"})
        self.assertEqual(regions[self.member]["/api/meetings/"], {"32.04"})
        self.assertEqual(regions[self.outsider]["/api/meetings/"], {"53.01"})
        self.assertEqual(regions[self.national]["/api/action-items/"], {"32.04", "53.01"})

    def get_rows(self, user, url):
        self.client.force_login(user)
        return self.client.get(url).json()["results"]

    def test_participants_are_read_without_joining_every_person(self):
        # Joined to the participants, PostgreSQL hashed the whole person table for one page.
        self.client.force_login(self.member)
        with CaptureQueriesContext(connection) as queries:
            rows = self.client.get("/api/meetings/").json()["results"]
        participants = [q["sql"] for q in queries if 'FROM "meetings_participant"' in q["sql"]]
        self.assertEqual(len(participants), 1)
        self.assertNotIn("pokja_person", participants[0])
        coming = next(row for row in rows if row["id"] == self.coming.pk)
        self.assertEqual(
            [(p["name"], p["email"], p["guest_institution"]) for p in coming["participants"]],
            [
                ("Siti Rahmawati", "", ""),
                ("Asep Hidayat", "", ""),
                ("Dadang Suherman", "dadang@example.org", ""),
                ("Budi Santoso", "budi@example.org", "Pamsimas"),
                ("Pak Ujang", "", ""),
            ],
        )

    def test_programmes_and_work_plans_are_listed_by_id(self):
        self.coming.programmes.add(self.programme)
        self.client.force_login(self.member)
        rows = self.client.get("/api/meetings/").json()["results"]
        coming = next(row for row in rows if row["id"] == self.coming.pk)
        self.assertEqual(coming["programmes"], [self.programme.pk])
        self.assertEqual(coming["work_plans"], [])

    def test_participants_and_decisions_read_as_drf_would_write_them(self):
        # Their serializers build the dict directly; DRF's own path is the reference.
        self.assertTrue(Participant.objects.filter(person=None).exists())
        for serializer, records in [
            (ParticipantSerializer(), Participant.objects.select_related("person")),
            (DecisionSerializer(), Decision.objects.all()),
        ]:
            for record in records:
                with self.subTest(record=record):
                    drf = serializers.ModelSerializer.to_representation(serializer, record)
                    self.assertEqual(serializer.to_representation(record), dict(drf))
