import datetime

from django.core import mail
from django.utils import timezone

from sinergi.accounts.models import ApiToken, Notification
from sinergi.meetings.models import ActionItem, Decision, Meeting, Participant
from sinergi.meetings.tests.base import (
    CoordinationTestCase,
    days_from_today,
    item,
    jakarta,
    meeting,
)

JSON = "application/json"


class MeetingApiTestCase(CoordinationTestCase):
    def new_meeting(self, **changes):
        payload = {
            "working_group": "32.04",
            "kind": "koordinasi",
            "title": "Rapat persiapan STBM",
            "starts_at": jakarta(days_from_today(14), 9).isoformat(),
            "ends_at": jakarta(days_from_today(14), 11).isoformat(),
            "place": "Aula Bappeda",
            "agenda": "Persiapan verifikasi",
            "people": [self.siti.pk, self.dadang.pk],
            "guests": [{"guest_name": "Budi", "guest_email": "budi2@example.org"}],
        }
        payload.update(changes)
        return payload

    def test_anonymous_callers_are_refused(self):
        for url in ["/api/meetings/", "/api/action-items/", "/api/decisions/"]:
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, (401, 403))
        response = self.client.post("/api/meetings/", self.new_meeting(), content_type=JSON)
        self.assertIn(response.status_code, (401, 403))
        self.assertFalse(Meeting.objects.filter(title="Rapat persiapan STBM").exists())

    def test_rows_follow_the_scope(self):
        def titles(user, url="/api/meetings/"):
            self.client.force_login(user)
            return {
                row.get("title") or row.get("text")
                for row in self.client.get(url).json()["results"]
            }

        self.assertEqual(titles(self.outsider), {"Rapat Pokja Kupang"})
        self.assertEqual(titles(self.member), {"Rapat koordinasi SANIMAS", "Rapat evaluasi STBM"})
        self.assertEqual(len(titles(self.national)), 3)
        self.assertEqual(titles(self.outsider, "/api/action-items/"), set())
        self.assertEqual(titles(self.outsider, "/api/decisions/"), set())
        self.assertEqual(titles(self.member, "/api/decisions/"), {self.decision.text})
        self.client.force_login(self.outsider)
        for url in [
            f"/api/meetings/{self.past.pk}/",
            f"/api/action-items/{self.action.pk}/",
            f"/api/decisions/{self.decision.pk}/",
        ]:
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_meeting_reads_with_its_participants_and_decisions(self):
        self.client.force_login(self.member)
        data = self.client.get(f"/api/meetings/{self.past.pk}/").json()
        self.assertEqual(data["region"], "32.04")
        self.assertEqual(
            [(p["name"], p["attendance"]) for p in data["participants"]],
            [("Siti Rahmawati", "hadir"), ("Asep Hidayat", "hadir"), ("Dadang Suherman", "izin")],
        )
        self.assertEqual(data["decisions"][0]["text"], self.decision.text)

    def test_the_list_reads_do_not_grow_with_the_meetings(self):
        self.client.force_login(self.national)
        self.client.get("/api/meetings/")
        with self.assertNumQueries(10) as first:
            self.client.get("/api/meetings/")
        for i in range(4):
            extra = meeting(self.kupang_group, f"Rapat {i}", jakarta(days_from_today(i), 9))
            Participant.objects.create(meeting=extra, guest_name=f"Tamu {i}")
            Decision.objects.create(meeting=extra, number=1, text="Setuju")
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get("/api/meetings/")

    def test_the_secretariat_schedules_a_meeting_and_invitees_hear_of_it(self):
        key = ApiToken.objects.issue(self.regency, "test")[1]
        auth = {"Authorization": f"Token {key}"}
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/api/meetings/", self.new_meeting(), content_type=JSON, headers=auth
            )
        self.assertEqual(response.status_code, 201, response.content)
        created = Meeting.objects.get(title="Rapat persiapan STBM")
        self.assertEqual(created.working_group, self.bandung_group)
        self.assertEqual(created.created_by, self.regency)
        self.assertEqual(created.participants.count(), 3)
        self.assertEqual(
            list(Notification.objects.values_list("user", "kind")),
            [(self.member.pk, "meeting_invitation")],
        )
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            ["anggota@example.org", "budi2@example.org", "dadang@example.org"],
        )
        self.assertEqual(created.starts_at, jakarta(days_from_today(14), 9))
        self.assertEqual(response.json()["starts_at"][11:], "09:00:00+07:00")

    def test_readers_and_outsiders_cannot_write(self):
        for user, status in [(self.member, 403), (self.provincial, 403), (self.outsider, 400)]:
            with self.subTest(user=user.email):
                self.client.force_login(user)
                response = self.client.post("/api/meetings/", self.new_meeting(), content_type=JSON)
                self.assertEqual(response.status_code, status)
                response = self.client.patch(
                    f"/api/meetings/{self.coming.pk}/", {"title": "X"}, content_type=JSON
                )
                self.assertEqual(response.status_code, 404 if user == self.outsider else 403)
        self.assertFalse(Meeting.objects.filter(title__in=["X", "Rapat persiapan STBM"]).exists())

    def test_bad_payloads_are_400_and_write_nothing(self):
        self.client.force_login(self.regency)
        for changes, field in [
            ({"title": ""}, "title"),
            ({"ends_at": jakarta(days_from_today(13), 9).isoformat()}, "ends_at"),
            ({"starts_at": "kemarin"}, "starts_at"),
            ({"people": [self.yakobus_id()]}, "people"),
            ({"guests": [{"guest_email": "bukan-email"}]}, "guest_email"),
            ({"working_group": "53.01"}, "working_group"),
            ({"kind": "pesta"}, "kind"),
        ]:
            with self.subTest(field=field):
                response = self.client.post(
                    "/api/meetings/", self.new_meeting(**changes), content_type=JSON
                )
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(field, response.json())
        response = self.client.post("/api/meetings/", [1, 2], content_type=JSON)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Meeting.objects.count(), 3)
        self.assertEqual(mail.outbox, [])

    def test_dates_at_the_edges_of_the_calendar_are_400(self):
        self.client.force_login(self.regency)
        for changes in [
            {"starts_at": "9999-12-31T23:30", "ends_at": None},
            {"starts_at": "0001-01-01T00:30", "ends_at": None},
        ]:
            with self.subTest(changes=changes):
                response = self.client.post(
                    "/api/meetings/", self.new_meeting(**changes), content_type=JSON
                )
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn("1945", response.json()["starts_at"][0])
        response = self.client.patch(
            f"/api/meetings/{self.coming.pk}/", {"ends_at": "9999-12-31T23:59"}, content_type=JSON
        )
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("ends_at", response.json())
        self.assertEqual(Meeting.objects.count(), 3)
        self.assertLess(self.coming.ends_at.year, 2100)

    def test_values_of_the_wrong_json_type_are_400_and_write_nothing(self):
        self.client.force_login(self.regency)
        for changes, field, message in [
            ({"starts_at": 12345}, "starts_at", "Harus berupa teks."),
            ({"ends_at": 5.5}, "ends_at", "Harus berupa teks."),
            ({"title": {"id": "x"}}, "title", "Harus berupa teks."),
            ({"place": ["Aula"]}, "place", "Harus berupa teks."),
            ({"kind": True}, "kind", "Harus berupa teks."),
            ({"working_group": 3204}, "working_group", "Harus berupa teks."),
            ({"people": [{"id": 1}]}, "people", "Harus berupa daftar angka."),
            ({"programmes": 1}, "programmes", "Harus berupa daftar angka."),
            ({"guests": [{"guest_name": ["Budi"]}]}, "guests", "Sebuah daftar tamu."),
            ({"guests": ["Budi"]}, "guests", "Sebuah daftar tamu."),
        ]:
            with self.subTest(changes=changes):
                response = self.client.post(
                    "/api/meetings/", self.new_meeting(**changes), content_type=JSON
                )
                self.assertEqual(response.status_code, 400, response.content)
                self.assertEqual(response.json()[field], [message])
        url = f"/api/meetings/{self.coming.pk}/"
        for changes, field in [({"ends_at": 5}, "ends_at"), ({"agenda": {"a": 1}}, "agenda")]:
            with self.subTest(changes=changes):
                response = self.client.patch(url, changes, content_type=JSON)
                self.assertEqual(response.status_code, 400, response.content)
                self.assertEqual(response.json()[field], ["Harus berupa teks."])
        response = self.client.post(
            f"/api/meetings/{self.past.pk}/decisions/",
            {"number": [2], "text": "Setuju"},
            content_type=JSON,
        )
        self.assertEqual(response.json()["number"], ["Harus berupa angka."])
        self.assertEqual(Meeting.objects.count(), 3)
        self.assertEqual(self.past.decisions.count(), 1)
        self.assertEqual(mail.outbox, [])

    def test_a_nul_character_is_400_and_writes_nothing(self):
        self.client.force_login(self.regency)
        participants = Participant.objects.count()
        for changes, field in [
            ({"working_group": "\x00"}, "working_group"),
            ({"working_group": "32.04\x00"}, "working_group"),
            ({"title": "Rapat\x00"}, "title"),
            ({"people": ["\x00"]}, "people"),
            ({"guests": [{"guest_name": "Budi\x00"}]}, "guests"),
        ]:
            with self.subTest(changes=changes):
                response = self.client.post(
                    "/api/meetings/", self.new_meeting(**changes), content_type=JSON
                )
                self.assertEqual(response.status_code, 400, response.content)
                self.assertEqual(response.json()[field], ["Karakter null tidak diizinkan."])
        response = self.client.patch(
            f"/api/meetings/{self.coming.pk}/", {"place": "\x00"}, content_type=JSON
        )
        self.assertEqual(response.status_code, 400)
        self.coming.refresh_from_db()
        self.assertEqual(self.coming.place, "Ruang Rapat Bappeda")
        self.assertEqual(Meeting.objects.count(), 3)
        self.assertEqual(Participant.objects.count(), participants)

    def yakobus_id(self):
        from sinergi.test import add_member

        return add_member(self.kupang_group, "Yakobus Tefa").person.pk

    def test_the_secretariat_changes_cancels_and_records_attendance_and_decisions(self):
        self.client.force_login(self.regency)
        url = f"/api/meetings/{self.coming.pk}/"
        response = self.client.patch(url, {"place": "Aula Desa Cinunuk"}, content_type=JSON)
        self.assertEqual(response.status_code, 200, response.content)
        self.coming.refresh_from_db()
        self.assertEqual(self.coming.place, "Aula Desa Cinunuk")
        self.assertEqual(self.coming.title, "Rapat koordinasi SANIMAS")

        response = self.client.patch(url, {"is_cancelled": "ya"}, content_type=JSON)
        self.assertEqual(response.status_code, 400)
        response = self.client.patch(url, {"ends_at": "2000-01-01T00:00"}, content_type=JSON)
        self.assertEqual(response.status_code, 400)
        self.coming.refresh_from_db()
        self.assertIsNotNone(self.coming.ends_at)
        self.assertGreater(self.coming.ends_at, self.coming.starts_at)

        # Invitees: the roster list replaces the old one.
        response = self.client.patch(url, {"people": [self.siti.pk]}, content_type=JSON)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(
            set(
                self.coming.participants.filter(person__isnull=False).values_list(
                    "person", flat=True
                )
            ),
            {self.siti.pk},
        )

        past = f"/api/meetings/{self.past.pk}/"
        dadang = self.past.participants.get(person=self.dadang)
        response = self.client.post(
            past + "attendance/", {"attendance": {str(dadang.pk): "tidak_hadir"}}, content_type=JSON
        )
        self.assertEqual(response.status_code, 200, response.content)
        dadang.refresh_from_db()
        self.assertEqual(dadang.attendance, "tidak_hadir")
        for bad in [
            {"attendance": {"999999": "hadir"}},
            {"attendance": {str(dadang.pk): "mungkin"}},
        ]:
            self.assertEqual(
                self.client.post(past + "attendance/", bad, content_type=JSON).status_code, 400
            )
        dadang.refresh_from_db()
        self.assertEqual(dadang.attendance, "tidak_hadir")

        response = self.client.post(
            past + "decisions/", {"text": "Anggaran disetujui."}, content_type=JSON
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["number"], 2)
        response = self.client.post(
            past + "decisions/", {"number": 1, "text": "Duplikat"}, content_type=JSON
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.past.decisions.count(), 2)

        response = self.client.patch(url, {"is_cancelled": True}, content_type=JSON)
        self.assertEqual(response.status_code, 200)
        self.coming.refresh_from_db()
        self.assertTrue(self.coming.is_cancelled)

    def test_members_record_attendance_and_overseers_cannot(self):
        dadang = self.past.participants.get(person=self.dadang)
        before = dadang.attendance
        url = f"/api/meetings/{self.past.pk}/attendance/"
        for user, status in [(self.provincial, 403), (self.national, 403), (self.outsider, 404)]:
            with self.subTest(user=user.email):
                self.client.force_login(user)
                response = self.client.post(
                    url, {"attendance": {str(dadang.pk): "hadir"}}, content_type=JSON
                )
                self.assertEqual(response.status_code, status)
        dadang.refresh_from_db()
        self.assertEqual(dadang.attendance, before)

        self.client.force_login(self.member)
        response = self.client.post(
            url, {"attendance": {str(dadang.pk): "tidak_hadir"}}, content_type=JSON
        )
        self.assertEqual(response.status_code, 200)
        dadang.refresh_from_db()
        self.assertEqual(dadang.attendance, "tidak_hadir")


class ActionItemApiTestCase(CoordinationTestCase):
    def test_filters(self):
        today = timezone.localdate()
        late = item(self.bandung_group, "Terlambat", self.asep, today - datetime.timedelta(days=3))
        self.client.force_login(self.provincial)

        def ids(query):
            return [
                row["id"] for row in self.client.get("/api/action-items/" + query).json()["results"]
            ]

        self.assertEqual(ids("?overdue=true"), [late.pk])
        self.assertEqual(ids("?overdue=false"), [self.action.pk])
        self.assertEqual(ids("?working_group=32.04&status=terbuka"), [late.pk, self.action.pk])
        self.assertEqual(ids("?working_group=53.01"), [])
        self.assertEqual(self.client.get("/api/action-items/?status=aneh").status_code, 400)

    def test_the_secretariat_creates_an_item_and_its_owner_hears_of_it(self):
        self.client.force_login(self.regency)
        payload = {
            "working_group": "32.04",
            "title": "Susun jadwal verifikasi",
            "owner_person": self.siti.pk,
            "due_on": days_from_today(10).isoformat(),
            "decision": self.decision.pk,
        }
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post("/api/action-items/", payload, content_type=JSON)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["owner_name"], "Siti Rahmawati")
        created = ActionItem.objects.get(title="Susun jadwal verifikasi")
        self.assertEqual(
            Notification.objects.get().key, f"action-new:{created.pk}:{self.member.pk}"
        )

    def test_bad_items_are_400_and_write_nothing(self):
        self.client.force_login(self.regency)
        kupang_decision = Decision.objects.create(meeting=self.kupang_meeting, number=1, text="X")
        base = {"working_group": "32.04", "title": "Tugas", "due_on": "2026-12-01"}
        for changes, field in [
            ({}, "owner_person"),
            ({"owner_person": self.siti.pk, "due_on": "2026-02-30"}, "due_on"),
            ({"owner_person": self.siti.pk, "decision": kupang_decision.pk}, "decision"),
            ({"owner_person": self.siti.pk, "title": ""}, "title"),
        ]:
            with self.subTest(field=field):
                response = self.client.post(
                    "/api/action-items/", {**base, **changes}, content_type=JSON
                )
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(field, response.json())
        self.assertEqual(ActionItem.objects.count(), 1)

    def test_values_of_the_wrong_json_type_or_with_nul_are_400(self):
        self.client.force_login(self.regency)
        base = {"working_group": "32.04", "title": "x", "owner_person": self.siti.pk}
        for changes, field, message in [
            ({"due_on": 20250101}, "due_on", "Harus berupa teks."),
            ({"due_on": ["2026-12-01"]}, "due_on", "Harus berupa teks."),
            ({"due_on": "2026-12-01", "owner_person": True}, "owner_person", "Harus berupa angka."),
            ({"due_on": "2026-12-01", "decision": {"id": 1}}, "decision", "Harus berupa angka."),
            ({"due_on": "2026-12-01", "working_group": "\u0000"}, "working_group", None),
            ({"due_on": "2026-12-01", "description": "a\x00b"}, "description", None),
        ]:
            with self.subTest(changes=changes):
                response = self.client.post(
                    "/api/action-items/", {**base, **changes}, content_type=JSON
                )
                self.assertEqual(response.status_code, 400, response.content)
                self.assertEqual(
                    response.json()[field], [message or "Karakter null tidak diizinkan."]
                )
        url = f"/api/action-items/{self.action.pk}/"
        response = self.client.patch(url, {"due_on": 5}, content_type=JSON)
        self.assertEqual(response.json()["due_on"], ["Harus berupa teks."])
        response = self.client.post(url + "close/", {"status": 1}, content_type=JSON)
        self.assertEqual(response.json()["status"], ["Harus berupa teks."])
        self.assertEqual(ActionItem.objects.count(), 1)
        self.action.refresh_from_db()
        self.assertEqual(self.action.status, "terbuka")

    def test_closing_by_the_owner_and_not_by_other_readers(self):
        url = f"/api/action-items/{self.action.pk}/close/"
        self.client.force_login(self.provincial)
        self.assertEqual(
            self.client.post(url, {"status": "selesai"}, content_type=JSON).status_code, 403
        )
        self.client.force_login(self.outsider)
        self.assertEqual(
            self.client.post(url, {"status": "selesai"}, content_type=JSON).status_code, 404
        )
        self.client.force_login(self.member)  # Siti owns the item
        response = self.client.post(url, {"status": "dibatalkan"}, content_type=JSON)
        self.assertEqual(response.status_code, 400)  # a dropped item needs a note
        response = self.client.post(
            url, {"status": "selesai", "closing_note": "Sudah"}, content_type=JSON
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.action.refresh_from_db()
        self.assertEqual(self.action.status, "selesai")
        self.assertEqual(self.action.closed_on, timezone.localdate())
        self.assertEqual(
            self.client.post(url, {"status": "selesai"}, content_type=JSON).status_code, 400
        )

    def test_members_cannot_change_items(self):
        self.client.force_login(self.member)
        response = self.client.patch(
            f"/api/action-items/{self.action.pk}/", {"title": "X"}, content_type=JSON
        )
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.regency)
        response = self.client.patch(
            f"/api/action-items/{self.action.pk}/", {"title": "Jadwalkan ulang"}, content_type=JSON
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.action.refresh_from_db()
        self.assertEqual(self.action.title, "Jadwalkan ulang")
        self.assertEqual(self.action.owner_person, self.siti)
