"""The API lists that had no query-count test: the number of queries of a page does not grow
with its rows (N rows, then 2N, the same count)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.facilities.models import Facility, Inspection
from sinergi.library.models import Document
from sinergi.meetings.models import ActionItem, Decision, Meeting
from sinergi.monitoring.models import Target
from sinergi.monitoring.tests.base import indicator
from sinergi.pages.models import Page
from sinergi.pokja.models import Institution
from sinergi.programmes.models import Programme
from sinergi.test import BaseTestCase, add_member

ROWS = 3


def rows_of(response) -> list:
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


class ListQueriesTestCase(BaseTestCase):
    def assertQueriesFlat(self, url, add_rows, user=None):
        """`add_rows(start, count)` adds `count` rows that `url` lists."""
        if user:
            self.client.force_login(user)
        add_rows(0, ROWS)
        with CaptureQueriesContext(connection) as first:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        listed = len(rows_of(response))
        self.assertGreaterEqual(listed, ROWS)
        add_rows(ROWS, ROWS)
        with self.assertNumQueries(len(first)):
            response = self.client.get(url)
        self.assertEqual(len(rows_of(response)), listed + ROWS)

    def test_institutions(self):
        def add(start, count):
            for n in range(start, start + count):
                Institution.objects.create(
                    name=f"Dinas {n}", category=Institution.Category.BAPPEDA, region=self.jabar
                )

        self.assertQueriesFlat("/api/institutions/", add)

    def test_indicators(self):
        def add(start, count):
            for n in range(start, start + count):
                indicator(f"ind-{n}", f"Indikator {n}", f"Indicator {n}", is_public=True)

        self.assertQueriesFlat("/api/indicators/", add)

    def test_targets(self):
        water = indicator("am-layak", "Air layak", "Adequate water", is_public=True)

        def add(start, count):
            for n in range(start, start + count):
                Target.objects.create(
                    indicator=water, region=self.kab_bandung, year=2025 + n, value=90
                )

        self.assertQueriesFlat("/api/targets/", add)

    def test_programmes(self):
        def add(start, count):
            for n in range(start, start + count):
                programme = Programme.objects.create(
                    name=f"Program {n}",
                    kind=Programme.Kind.NATIONAL,
                    sector="air_minum",
                    starts_on=datetime.date(2024, 1, 1),
                    ends_on=datetime.date(2026, 12, 31),
                    registered_by=self.bandung_group,
                    contact_email="kontak@example.org",
                )
                programme.working_groups.add(self.kupang_group)
                programme.locations.add(self.cinunuk)

        # Signed in: the contact of each programme is checked against the caller's scope.
        self.assertQueriesFlat("/api/programmes/", add, user=self.regency)

    def test_inspections(self):
        def add(start, count):
            for n in range(start, start + count):
                built = Facility.objects.create(village=self.cinunuk, kind="spam", name=f"SPAM {n}")
                Inspection.objects.create(
                    facility=built,
                    inspected_on=datetime.date(2025, 1, 1),
                    status=Inspection.Status.WORKING,
                    inspected_by=self.regency,
                )

        self.assertQueriesFlat("/api/inspections/", add, user=self.regency)

    def _meeting(self, title="Rapat"):
        return Meeting.objects.create(
            working_group=self.bandung_group,
            kind=Meeting.Kind.COORDINATION,
            title=title,
            starts_at=datetime.datetime(2025, 3, 1, 2, tzinfo=datetime.UTC),
        )

    def test_decisions(self):
        def add(start, count):
            meeting = self._meeting(f"Rapat {start}")
            for n in range(start, start + count):
                Decision.objects.create(meeting=meeting, number=n + 1, text=f"Keputusan {n}")

        self.assertQueriesFlat("/api/decisions/", add, user=self.member)

    def test_action_items(self):
        siti = add_member(self.bandung_group, "Siti Rahmawati", institution=self.bappeda).person
        meeting = self._meeting()

        def add(start, count):
            for n in range(start, start + count):
                decision = Decision.objects.create(meeting=meeting, number=n + 1, text="Putusan")
                owner = {"owner_person": siti} if n % 2 else {"owner_institution": self.bappeda}
                ActionItem.objects.create(
                    working_group=self.bandung_group,
                    title=f"Tindak lanjut {n}",
                    due_on=datetime.date(2025, 4, 1),
                    decision=decision,
                    **owner,
                )

        self.assertQueriesFlat("/api/action-items/", add, user=self.member)

    def test_pages(self):
        def add(start, count):
            for n in range(start, start + count):
                Page.objects.create(
                    slug=f"halaman-{n}", title_id="t", title_en="t", body_id="b", body_en="b"
                )

        self.assertQueriesFlat("/api/pages/", add)

    def test_documents(self):
        def add(start, count):
            for n in range(start, start + count):
                Document.objects.create(
                    working_group=self.bandung_group,
                    title=f"Dokumen {n}",
                    category=Document.Category.REPORT,
                    is_public=n % 3 == 0,
                )

        self.assertQueriesFlat("/api/documents/", add, user=self.member)
