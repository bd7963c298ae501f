import datetime

from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sinergi.formation.models import Evidence, Stakeholder
from sinergi.formation.tests.base import FormationTestCase
from sinergi.pokja.models import Institution

TRACKER = "/pokja/32.73/pembentukan/"


def step_url(number):
    return f"{TRACKER}langkah/{number}/"


class TrackerAccessTestCase(FormationTestCase):
    def test_secretariat_gets_the_forms(self):
        self.client.force_login(self.provincial)
        r = self.client.get(TRACKER)
        self.assertEqual(r.status_code, 200)
        for form_id in ("step-1", "step-4", "evidence-2", "add-stakeholder", "record-first-decree"):
            self.assertContains(r, f'id="{form_id}"')

    def test_member_and_readers_in_scope_read_without_forms_and_get_403_on_changes(self):
        for user in (self.forming_member, self.national):
            self.client.force_login(user)
            r = self.client.get(TRACKER)
            self.assertEqual(r.status_code, 200)
            self.assertNotContains(r, 'id="step-1"')
            self.assertNotContains(r, 'id="record-first-decree"')
            r = self.client.post(step_url(1), {"s1-status": "in_progress"})
            self.assertEqual(r.status_code, 403)
            r = self.client.post(f"{TRACKER}pemangku/", {"st-name": "X", "st-interest": 1})
            self.assertEqual(r.status_code, 403)
        self.assertFalse(Stakeholder.objects.exists())
        self.assertEqual(self.formation.steps.get(number=1).status, "not_started")

    def test_outsider_gets_404(self):
        for user in (self.outsider, self.regency, self.member):
            self.client.force_login(user)
            self.assertEqual(self.client.get(TRACKER).status_code, 404)
            r = self.client.post(step_url(1), {"s1-status": "in_progress"})
            self.assertEqual(r.status_code, 404)

    def test_visitor_is_sent_to_sign_in(self):
        self.assertRedirects(self.client.get(TRACKER), f"/akun/masuk/?next={TRACKER}")
        r = self.client.post(step_url(1), {"s1-status": "in_progress"})
        self.assertRedirects(r, f"/akun/masuk/?next={step_url(1)}")

    def test_a_group_without_a_formation_has_no_tracker(self):
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get("/pokja/32.04/pembentukan/").status_code, 404)

    def test_query_count_does_not_grow_with_the_content(self):
        self.client.force_login(self.provincial)
        self.client.get(TRACKER)  # the session
        # Counted against an empty map, so that queries of the site's base template (menus,
        # notifications) do not change the point: nothing here grows with the content.
        with CaptureQueriesContext(connection) as empty:
            self.client.get(TRACKER)
        self.assertLessEqual(len(empty), 15)
        for i in range(5):
            Stakeholder.objects.create(
                formation=self.formation,
                institution=Institution.objects.create(
                    name=f"Dinas {i}", category="opd", region=self.kota_bandung
                ),
                interest=i % 3 + 1,
                influence=3 - i % 3,
            )
        step = self.formation.steps.get(number=2)
        for i in range(3):
            Evidence.objects.create(step=step, title=f"Bukti {i}", file=f"formation/{i}.pdf")
        with self.assertNumQueries(len(empty)):
            self.client.get(TRACKER)


class UpdateStepTestCase(FormationTestCase):
    def setUp(self):
        self.client.force_login(self.provincial)

    def step(self, number):
        return self.formation.steps.get(number=number)

    def post(self, number, lang="", **fields):
        data = {f"s{number}-{name}": value for name, value in fields.items()}
        return self.client.post(f"{lang}{step_url(number)}", data)

    def test_a_step_under_way_starts_today_and_the_change_is_recorded(self):
        r = self.post(3, status="in_progress", notes="Draf struktur", structure="Ketua Bappeda")
        self.assertRedirects(r, f"{TRACKER}#langkah-3", fetch_redirect_response=False)
        step = self.step(3)
        self.assertEqual(step.status, "in_progress")
        self.assertEqual(step.started_on, timezone.localdate())
        self.assertIsNone(step.done_on)
        self.formation.refresh_from_db()
        self.assertEqual(self.formation.structure, "Ketua Bappeda")
        entry = LogEntry.objects.get_for_object(step).first()
        self.assertEqual(entry.actor, self.provincial)

    def test_step_two_done_keeps_the_meeting_date(self):
        r = self.post(
            2,
            status="done",
            started_on="2026-09-01",
            done_on="2026-09-17",
            orientation_meeting_on="2026-09-16",
            notes="Berita acara ditandatangani.",
        )
        self.assertEqual(r.status_code, 302)
        step = self.step(2)
        self.assertEqual((step.status, step.done_on), ("done", datetime.date(2026, 9, 17)))
        self.formation.refresh_from_db()
        self.assertEqual(self.formation.orientation_meeting_on, datetime.date(2026, 9, 16))

    def test_a_step_done_without_dates_is_done_today(self):
        self.post(4, status="done", directions="Akses air minum aman", priorities="ODF 2028")
        step = self.step(4)
        today = timezone.localdate()
        self.assertEqual((step.started_on, step.done_on), (today, today))

    def test_bad_dates_and_missing_step_data_are_refused_and_nothing_changes(self):
        cases = [
            (
                2,
                {
                    "status": "done",
                    "started_on": "2026-09-10",
                    "done_on": "2026-09-01",
                    "orientation_meeting_on": "2026-09-05",
                },
                "A step cannot be done before it starts.",
            ),
            (
                2,
                {"status": "done", "done_on": "2099-01-01", "orientation_meeting_on": "2026-09-05"},
                "A step cannot be done in the future.",
            ),
            (2, {"status": "done", "done_on": "2026-09-01"}, "Needed before this step is done."),
            (3, {"status": "done", "done_on": "2026-09-01"}, "Needed before this step is done."),
            (
                1,
                {"status": "done", "done_on": "2026-09-01"},
                "Put at least one actor on the stakeholder map before this step is done.",
            ),
            (1, {"status": "selesai"}, "Select a valid choice."),
        ]
        for number, fields, message in cases:
            r = self.post(number, lang="/en", **fields)
            self.assertContains(r, message, msg_prefix=str(fields))
            self.assertContains(r, f'id="step-{number}"')
        self.assertEqual(
            set(self.formation.steps.values_list("status", flat=True)), {"not_started"}
        )
        self.formation.refresh_from_db()
        self.assertIsNone(self.formation.orientation_meeting_on)

    def test_back_to_in_progress_clears_the_done_date(self):
        self.post(4, status="done", done_on="2026-10-01", directions="Arah")
        self.post(4, status="in_progress", started_on="2026-09-20", done_on="2026-10-01")
        step = self.step(4)
        self.assertEqual((step.status, step.done_on), ("in_progress", None))
        self.assertEqual(step.started_on, datetime.date(2026, 9, 20))

    def test_an_unknown_step_is_404(self):
        self.assertEqual(self.post(5, status="done").status_code, 404)


class StakeholderTestCase(FormationTestCase):
    url = f"{TRACKER}pemangku/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.health = Institution.objects.create(
            name="Dinas Kesehatan Kota Bandung", category="opd", region=cls.kota_bandung
        )

    def setUp(self):
        self.client.force_login(self.provincial)

    def add(self, lang="", **fields):
        data = {"st-interest": 3, "st-influence": 2, **{f"st-{k}": v for k, v in fields.items()}}
        return self.client.post(f"{lang}{self.url}", data)

    def test_secretariat_maps_institutions_and_other_actors(self):
        r = self.add(institution=self.health.pk, notes="Memimpin STBM")
        self.assertRedirects(r, f"{TRACKER}#pemangku", fetch_redirect_response=False)
        self.add(name="Forum  KPSPAMS Kota   Bandung", interest=1, influence=1)
        # The province's own institutions may stand on the map too.
        jabar_bappeda = Institution.objects.create(
            name="Bappeda Jabar", category="bappeda", region=self.jabar
        )
        self.add(institution=jabar_bappeda.pk, interest=2, influence=3)
        mapped = [
            (s.display_name, s.interest, s.influence) for s in self.formation.stakeholders.all()
        ]
        self.assertEqual(
            mapped,
            [
                ("Bappeda Jabar", 2, 3),
                ("Dinas Kesehatan Kota Bandung", 3, 2),
                ("Forum KPSPAMS Kota Bandung", 1, 1),
            ],
        )
        r = self.client.get(f"/en{TRACKER}")
        grid = dict(r.context["stakeholder_map"])
        self.assertEqual(grid["high"], [[], ["Bappeda Jabar"], []])
        self.assertEqual(grid["medium"], [[], [], ["Dinas Kesehatan Kota Bandung"]])
        self.assertEqual(grid["low"], [["Forum KPSPAMS Kota Bandung"], [], []])

    def test_it_refuses_both_none_duplicates_and_other_provinces(self):
        self.add(institution=self.health.pk)
        kupang = Institution.objects.create(
            name="Bappeda Kupang", category="bappeda", region=self.kab_kupang
        )
        for fields, message in [
            ({"institution": self.health.pk, "name": "X"}, "not both"),
            ({}, "not both"),
            ({"institution": self.health.pk}, "This actor is already on the map."),
            ({"institution": kupang.pk}, "Select a valid choice."),
            ({"name": "Y", "interest": 7}, "Select a valid choice."),
        ]:
            r = self.add(lang="/en", **fields)
            self.assertContains(r, message, msg_prefix=str(fields))
        self.assertEqual(self.formation.stakeholders.count(), 1)

    def test_remove(self):
        self.add(institution=self.health.pk)
        stakeholder = Stakeholder.objects.get()
        url = f"{self.url}{stakeholder.pk}/hapus/"
        self.client.force_login(self.forming_member)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(url).status_code, 404)
        self.client.force_login(self.provincial)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertRedirects(
            self.client.post(url), f"{TRACKER}#pemangku", fetch_redirect_response=False
        )
        self.assertFalse(Stakeholder.objects.exists())
