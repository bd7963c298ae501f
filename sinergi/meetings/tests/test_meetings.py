from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.meetings.models import Decision, Meeting, Participant
from sinergi.meetings.tests.base import PDF, PNG, MeetingTestCase, at, make_meeting


def local(moment) -> str:
    """A datetime as the value of a datetime-local input."""
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


class AccessTestCase(MeetingTestCase):
    def reads(self):
        pk = self.meeting.pk
        return ["/pokja/32.04/rapat/", f"/pokja/32.04/rapat/{pk}/"]

    def writes(self):
        pk, decision = self.meeting.pk, self.decision.pk
        return [
            "/pokja/32.04/rapat/baru/",
            f"/pokja/32.04/rapat/{pk}/ubah/",
            f"/pokja/32.04/rapat/{pk}/undangan/",
            f"/pokja/32.04/rapat/{pk}/kehadiran/",
            f"/pokja/32.04/rapat/{pk}/notulen/",
            f"/pokja/32.04/rapat/{pk}/keputusan/tambah/",
            f"/pokja/32.04/rapat/{pk}/keputusan/{decision}/ubah/",
        ]

    def test_access_matrix_on_every_page(self):
        attendance = f"/pokja/32.04/rapat/{self.meeting.pk}/kehadiran/"
        for url in self.reads() + self.writes():
            writes = url in self.writes()
            for user, status in [
                (self.regency, 200),
                # Members record attendance (DESIGN.md); they change nothing else.
                (self.member, 200 if url == attendance or not writes else 403),
                (self.provincial, 403 if writes else 200),
                (self.national, 403 if writes else 200),
                (self.outsider, 404),
            ]:
                with self.subTest(url=url, user=user.email):
                    self.client.force_login(user)
                    self.assertEqual(self.client.get(url).status_code, status)
            with self.subTest(url=url, user="visitor"):
                self.client.logout()
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/akun/masuk/", response["Location"])

    def test_posts_refused_to_readers_and_outsiders(self):
        pk, decision = self.meeting.pk, self.decision.pk
        posts = [
            f"/pokja/32.04/rapat/{pk}/batalkan/",
            f"/pokja/32.04/rapat/{pk}/keputusan/{decision}/hapus/",
            *self.writes(),
        ]
        attendance = f"/pokja/32.04/rapat/{pk}/kehadiran/"
        for url in posts:
            member_status = 302 if url == attendance else 403  # members record attendance
            for user, status in [
                (self.member, member_status),
                (self.provincial, 403),
                (self.outsider, 404),
            ]:
                with self.subTest(url=url, user=user.email):
                    self.client.force_login(user)
                    self.assertEqual(self.client.post(url, {"title": "x"}).status_code, status)
        self.meeting.refresh_from_db()
        self.assertFalse(self.meeting.is_cancelled)
        self.assertTrue(Decision.objects.filter(pk=decision).exists())
        self.assertEqual(Meeting.objects.filter(working_group=self.bandung_group).count(), 1)

    def test_another_groups_meeting_is_not_found_through_this_group(self):
        self.client.force_login(self.regency)
        for url in [
            f"/pokja/32.04/rapat/{self.kupang_meeting.pk}/",
            f"/pokja/32.04/rapat/{self.kupang_meeting.pk}/ubah/",
            f"/pokja/32.04/rapat/{self.kupang_meeting.pk}/berkas/notulen/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_files_are_served_only_in_scope(self):
        self.meeting.minutes_file = SimpleUploadedFile("notulen.pdf", PDF)
        self.meeting.attendance_file = SimpleUploadedFile("hadir.png", PNG)
        self.meeting.save()
        for kind, start in [("notulen", b"%PDF"), ("daftar-hadir", b"\x89PNG")]:
            url = f"/pokja/32.04/rapat/{self.meeting.pk}/berkas/{kind}/"
            with self.subTest(kind=kind):
                self.client.force_login(self.member)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(b"".join(response.streaming_content).startswith(start))
                self.client.force_login(self.outsider)
                self.assertEqual(self.client.get(url).status_code, 404)
                self.client.logout()
                self.assertEqual(self.client.get(url).status_code, 302)
        self.client.force_login(self.member)
        url = f"/pokja/32.04/rapat/{self.meeting.pk}/berkas/lain/"
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_missing_file_is_404(self):
        self.client.force_login(self.member)
        url = f"/pokja/32.04/rapat/{self.meeting.pk}/berkas/notulen/"
        self.assertEqual(self.client.get(url).status_code, 404)


class ScheduleTestCase(MeetingTestCase):
    URL = "/pokja/32.04/rapat/baru/"

    def data(self, **changes):
        data = {
            "kind": "koordinasi",
            "title": "Rapat koordinasi triwulan II",
            "starts_at": local(at(10)),
            "ends_at": local(at(10, 12)),
            "place": "Ruang rapat Bappeda lantai 2",
            "online_link": "",
            "agenda": "1. Evaluasi STBM",
            "people": [self.siti.pk, self.dadang.pk],
            "tamu-TOTAL_FORMS": "3",
            "tamu-INITIAL_FORMS": "0",
            "tamu-MIN_NUM_FORMS": "0",
            "tamu-MAX_NUM_FORMS": "50",
            "tamu-0-guest_name": "Ibu Rina",
            "tamu-0-guest_institution": "Disperkim Jabar",
            "tamu-0-guest_email": "rina@example.org",
            "tamu-1-guest_name": "Pak Ujang",
        }
        data.update(changes)
        return data

    def test_new_meeting_selects_every_current_member(self):
        self.client.force_login(self.regency)
        response = self.client.get(self.URL)
        self.assertEqual(
            set(response.context["invitees"]["people"].initial),
            {self.siti.pk, self.asep.pk, self.dadang.pk},
        )
        self.assertContains(response, "Siti Rahmawati")
        self.assertNotContains(response, "Yakobus")

    def test_secretariat_schedules_a_meeting_with_members_and_guests(self):
        self.client.force_login(self.regency)
        with (
            mock.patch("sinergi.meetings.reminders.announce_meeting") as announce,
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post(self.URL, self.data())
        meeting = Meeting.objects.get(title="Rapat koordinasi triwulan II")
        self.assertRedirects(response, meeting.get_absolute_url())
        announce.assert_called_once_with(meeting)
        self.assertEqual(meeting.created_by, self.regency)
        names = sorted(p.name for p in meeting.participants.select_related("person"))
        self.assertEqual(names, ["Dadang Suherman", "Ibu Rina", "Pak Ujang", "Siti Rahmawati"])
        guest = meeting.participants.get(guest_name="Ibu Rina")
        self.assertEqual(guest.guest_email, "rina@example.org")

    def test_end_before_start_is_refused_and_nothing_is_written(self):
        self.client.force_login(self.regency)
        response = self.client.post(self.URL, self.data(ends_at=local(at(9))))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Rapat tidak dapat berakhir sebelum dimulai.")
        self.assertFalse(Meeting.objects.filter(title="Rapat koordinasi triwulan II").exists())
        self.assertEqual(Participant.objects.filter(guest_name="Ibu Rina").count(), 0)

    def test_a_person_of_another_group_cannot_be_invited(self):
        self.client.force_login(self.regency)
        response = self.client.post(self.URL, self.data(people=[self.yakobus.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Meeting.objects.filter(title="Rapat koordinasi triwulan II").exists())

    def test_bad_input_gives_messages(self):
        self.client.force_login(self.regency)
        for changes in [
            {"starts_at": "kemarin"},
            {"place": "", "online_link": ""},
            {"tamu-0-guest_name": "", "tamu-0-guest_institution": "Disperkim"},
            {"kind": "pesta"},
            {"tamu-TOTAL_FORMS": "x"},
        ]:
            with self.subTest(changes=changes):
                response = self.client.post(self.URL, self.data(**changes))
                self.assertEqual(response.status_code, 200)
        self.assertFalse(Meeting.objects.filter(title="Rapat koordinasi triwulan II").exists())

    def test_dates_at_the_edges_of_the_calendar_are_refused(self):
        self.client.force_login(self.regency)
        for changes in [
            {"starts_at": "9999-12-31T23:30", "ends_at": ""},
            {"starts_at": "0001-01-01T00:30", "ends_at": "0001-01-01T02:00"},
            {"ends_at": "9999-12-31T23:59"},
            {"starts_at": "1944-12-31T09:00", "ends_at": ""},
        ]:
            with self.subTest(changes=changes):
                response = self.client.post(self.URL, self.data(**changes))
                self.assertEqual(response.status_code, 200)
                # The shared rule of sinergi.lib.plausible: from 1945 to ten years ahead.
                self.assertContains(response, "1945")
        self.assertFalse(Meeting.objects.filter(title="Rapat koordinasi triwulan II").exists())

    def test_programmes_and_work_plans_of_the_group_only(self):
        from sinergi.planning.models import WorkPlan

        plan = WorkPlan.objects.create(working_group=self.bandung_group, year=2026)
        other = WorkPlan.objects.create(working_group=self.kupang_group, year=2026)
        self.client.force_login(self.regency)
        response = self.client.post(self.URL, self.data(work_plans=[other.pk]))
        self.assertEqual(response.status_code, 200)
        response = self.client.post(self.URL, self.data(work_plans=[plan.pk]))
        meeting = Meeting.objects.get(title="Rapat koordinasi triwulan II")
        self.assertEqual(list(meeting.work_plans.all()), [plan])

    def test_edit_and_cancel(self):
        self.client.force_login(self.regency)
        url = f"/pokja/32.04/rapat/{self.meeting.pk}/ubah/"
        response = self.client.post(url, self.data(title="Rapat koordinasi (diubah)"))
        self.assertRedirects(response, self.meeting.get_absolute_url())
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.title, "Rapat koordinasi (diubah)")
        response = self.client.post(f"/pokja/32.04/rapat/{self.meeting.pk}/batalkan/")
        self.meeting.refresh_from_db()
        self.assertTrue(self.meeting.is_cancelled)
        response = self.client.get("/pokja/32.04/rapat/")
        self.assertContains(response, "Dibatalkan")

    def test_cancel_needs_post(self):
        self.client.force_login(self.regency)
        url = f"/pokja/32.04/rapat/{self.meeting.pk}/batalkan/"
        self.assertEqual(self.client.get(url).status_code, 405)


class InviteesTestCase(MeetingTestCase):
    def url(self):
        return f"/pokja/32.04/rapat/{self.meeting.pk}/undangan/"

    def data(self, **changes):
        data = {
            "people": [self.siti.pk, self.asep.pk],
            "tamu-TOTAL_FORMS": "1",
            "tamu-INITIAL_FORMS": "0",
            "tamu-0-guest_name": "Ibu Rina",
        }
        data.update(changes)
        return data

    def test_secretariat_changes_invitees_and_the_meeting_is_announced(self):
        self.client.force_login(self.regency)
        response = self.client.get(self.url())
        self.assertEqual(
            set(response.context["form"]["people"].initial),
            {self.siti.pk, self.asep.pk, self.dadang.pk},
        )
        ujang = self.meeting.participants.get(guest_name="Pak Ujang")
        with (
            mock.patch("sinergi.meetings.reminders.announce_meeting") as announce,
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post(self.url(), self.data(dropped_guests=[ujang.pk]))
        self.assertRedirects(response, self.meeting.get_absolute_url())
        announce.assert_called_once_with(self.meeting)
        names = sorted(p.name for p in self.meeting.participants.select_related("person"))
        self.assertEqual(names, ["Asep Hidayat", "Ibu Rina", "Siti Rahmawati"])

    def test_nothing_added_announces_nothing(self):
        self.client.force_login(self.regency)
        data = self.data(people=[self.siti.pk, self.asep.pk, self.dadang.pk])
        data["tamu-0-guest_name"] = ""
        with (
            mock.patch("sinergi.meetings.reminders.announce_meeting") as announce,
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.client.post(self.url(), data)
        announce.assert_not_called()
        self.assertEqual(self.meeting.participants.count(), 4)


class AttendanceTestCase(MeetingTestCase):
    def url(self):
        return f"/pokja/32.04/rapat/{self.meeting.pk}/kehadiran/"

    def data(self, **changes):
        rows = {p.pk: p for p in self.meeting.participants.select_related("person")}
        data = {}
        for pk, participant in rows.items():
            value = {"Siti Rahmawati": "hadir", "Dadang Suherman": "izin"}.get(
                participant.name, "tidak_hadir"
            )
            data[f"hadir-{pk}"] = value
        data.update(changes)
        return data

    def test_secretariat_records_attendance_with_the_signed_list(self):
        self.client.force_login(self.regency)
        data = self.data(attendance_file=SimpleUploadedFile("daftar.pdf", PDF))
        response = self.client.post(self.url(), data)
        self.assertRedirects(response, self.meeting.get_absolute_url())
        attendance = {
            p.name: p.attendance for p in self.meeting.participants.select_related("person")
        }
        self.assertEqual(
            attendance,
            {
                "Siti Rahmawati": "hadir",
                "Asep Hidayat": "tidak_hadir",
                "Dadang Suherman": "izin",
                "Pak Ujang": "tidak_hadir",
            },
        )
        self.meeting.refresh_from_db()
        self.assertTrue(self.meeting.attendance_file.name.endswith(".pdf"))
        response = self.client.get(self.meeting.get_absolute_url())
        self.assertContains(response, "Hadir: 1")
        self.assertContains(response, "Daftar hadir bertanda tangan")

    def test_wrong_file_kind_is_refused_and_nothing_is_written(self):
        self.client.force_login(self.regency)
        data = self.data(attendance_file=SimpleUploadedFile("daftar.pdf", b"<html>not a pdf"))
        response = self.client.post(self.url(), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Berkas ini bukan berkas PDF / JPEG / PNG.")
        self.assertFalse(self.meeting.participants.exclude(attendance="").exists())
        self.meeting.refresh_from_db()
        self.assertFalse(self.meeting.attendance_file)

    def test_a_member_records_attendance_too(self):
        self.client.force_login(self.member)
        response = self.client.post(self.url(), self.data())
        self.assertRedirects(response, self.meeting.get_absolute_url())
        present = self.meeting.participants.filter(attendance="hadir")
        self.assertEqual([p.name for p in present.select_related("person")], ["Siti Rahmawati"])

    def test_unknown_attendance_value_is_refused(self):
        self.client.force_login(self.regency)
        siti = self.meeting.participants.get(person=self.siti)
        response = self.client.post(self.url(), self.data(**{f"hadir-{siti.pk}": "pesta"}))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.meeting.participants.exclude(attendance="").exists())


class MinutesTestCase(MeetingTestCase):
    def url(self):
        return f"/pokja/32.04/rapat/{self.meeting.pk}/notulen/"

    def test_minutes_with_html_or_script_are_shown_as_text_not_run(self):
        minutes = (
            "## Pembukaan\n\nRapat dibuka **pukul 09.00**.\n\n"
            '<script>alert("xss")</script>\n\n'
            '<img src=x onerror="alert(1)"> dan [tautan](javascript:alert(2))'
        )
        self.client.force_login(self.regency)
        response = self.client.post(self.url(), {"minutes": minutes})
        self.assertRedirects(response, self.meeting.get_absolute_url())
        self.client.force_login(self.member)
        response = self.client.get(self.meeting.get_absolute_url())
        html = response.content.decode()
        self.assertIn("<strong>pukul 09.00</strong>", html)
        self.assertIn("&lt;script&gt;alert", html)
        self.assertNotIn('<script>alert("xss")', html)
        self.assertIn("&lt;img src=x", html)
        self.assertNotIn("<img src=x", html)
        self.assertNotIn('href="javascript:', html)

    def test_minutes_file_upload_and_wrong_kind(self):
        self.client.force_login(self.regency)
        bad = SimpleUploadedFile("notulen.pdf", b"MZ\x90\x00 an executable")
        response = self.client.post(self.url(), {"minutes": "Teks", "minutes_file": bad})
        self.assertEqual(response.status_code, 200)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.minutes, "")
        self.assertFalse(self.meeting.minutes_file)
        good = SimpleUploadedFile("notulen.pdf", PDF)
        response = self.client.post(self.url(), {"minutes": "", "minutes_file": good})
        self.assertRedirects(response, self.meeting.get_absolute_url())
        self.meeting.refresh_from_db()
        self.assertTrue(self.meeting.minutes_file)


class DecisionsTestCase(MeetingTestCase):
    def test_add_numbers_the_next_decision_and_refuses_a_taken_number(self):
        self.client.force_login(self.regency)
        url = f"/pokja/32.04/rapat/{self.meeting.pk}/keputusan/tambah/"
        self.assertEqual(self.client.get(url).context["form"]["number"].value(), 2)
        response = self.client.post(url, {"number": 1, "text": "Dobel"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Keputusan 1 rapat ini sudah ada.")
        response = self.client.post(url, {"number": 2, "text": "Usulan DAK 2027."})
        self.assertRedirects(response, self.meeting.get_absolute_url() + "#keputusan")
        self.assertEqual(list(self.meeting.decisions.values_list("number", flat=True)), [1, 2])

    def test_edit_and_remove_keep_the_action_items(self):
        self.client.force_login(self.regency)
        base = f"/pokja/32.04/rapat/{self.meeting.pk}/keputusan/{self.decision.pk}/"
        self.client.post(base + "ubah/", {"number": 1, "text": "Teks baru"})
        self.decision.refresh_from_db()
        self.assertEqual(self.decision.text, "Teks baru")
        self.client.post(base + "hapus/")
        self.assertFalse(Decision.objects.filter(pk=self.decision.pk).exists())
        self.item.refresh_from_db()
        self.assertIsNone(self.item.decision)

    def test_a_decision_of_another_meeting_is_404(self):
        other = make_meeting(self.bandung_group, "Rapat lain")
        self.client.force_login(self.regency)
        url = f"/pokja/32.04/rapat/{other.pk}/keputusan/{self.decision.pk}/ubah/"
        self.assertEqual(self.client.get(url).status_code, 404)


class DetailTestCase(MeetingTestCase):
    def test_detail_shows_participants_decisions_and_their_action_items(self):
        self.client.force_login(self.member)
        response = self.client.get(self.meeting.get_absolute_url())
        self.assertContains(response, "Pak Ujang")
        self.assertContains(response, "KSM Cinunuk")
        self.assertContains(response, "Verifikasi desa ODF di Cileunyi.")
        self.assertContains(response, "Jadwalkan verifikasi ODF")
        self.assertContains(response, "Riwayat perubahan")
        self.assertNotContains(response, f"/pokja/32.04/rapat/{self.meeting.pk}/ubah/")

    def test_secretariat_sees_the_edit_links(self):
        self.client.force_login(self.regency)
        response = self.client.get(self.meeting.get_absolute_url())
        self.assertContains(response, f"/pokja/32.04/rapat/{self.meeting.pk}/ubah/")
        self.assertContains(response, f"?keputusan={self.decision.pk}")


class ListTestCase(MeetingTestCase):
    def test_coming_meetings_first_then_past_ones(self):
        make_meeting(self.bandung_group, "Rapat depan", days=20)
        make_meeting(self.bandung_group, "Rapat besok", days=1)
        make_meeting(self.bandung_group, "Rapat lama", days=-60)
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/rapat/")
        self.assertEqual(
            [m.title for m in response.context["coming"]], ["Rapat besok", "Rapat depan"]
        )
        self.assertEqual(
            [m.title for m in response.context["page"]],
            ["Rapat koordinasi triwulan I", "Rapat lama"],
        )
        self.assertEqual(response.context["page"][0].participant_count, 4)
        self.assertEqual(response.context["page"][0].decision_count, 1)

    def test_list_queries_do_not_grow(self):
        self.client.force_login(self.member)
        url = "/pokja/32.04/rapat/"
        self.client.get(url)
        with self.assertNumQueries(8) as first:
            self.client.get(url)
        for i in range(5):
            meeting = make_meeting(self.bandung_group, f"Rapat {i}", days=i * 3 - 6)
            Participant.objects.create(meeting=meeting, person=self.siti)
            Decision.objects.create(meeting=meeting, number=1, text="Keputusan")
        with self.assertNumQueries(len(first.captured_queries)):
            self.assertEqual(self.client.get(url).status_code, 200)

    def test_detail_queries_do_not_grow_with_decisions(self):
        self.client.force_login(self.member)
        url = self.meeting.get_absolute_url()
        self.client.get(url)
        with self.assertNumQueries(13) as first:
            self.client.get(url)
        for number in range(2, 6):
            decision = Decision.objects.create(meeting=self.meeting, number=number, text="K")
            from sinergi.meetings.tests.base import make_item

            make_item(self.bandung_group, f"T{number}", self.dadang, decision=decision)
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(url)


class LanguageTestCase(MeetingTestCase):
    def test_pages_speak_indonesian_and_english(self):
        self.client.force_login(self.member)
        for prefix, heading in [("", "Rapat dan kegiatan"), ("/en", "Meetings and activities")]:
            with self.subTest(prefix=prefix):
                self.assertContains(self.client.get(f"{prefix}/pokja/32.04/rapat/"), heading)
        response = self.client.get(f"/en/pokja/32.04/tindak-lanjut/{self.item.pk}/")
        self.assertContains(response, "Where it comes from")
        self.assertContains(self.client.get("/tindak-lanjut-saya/"), "Tindak lanjut saya")
