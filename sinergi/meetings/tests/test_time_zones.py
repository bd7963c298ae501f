"""Meetings across Indonesia's three time zones (issue 15, item 14): a meeting's times are typed
and shown in its working group's zone (WIB, WITA or WIT), and its calendar carries that zone."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.core import mail
from django.test import SimpleTestCase
from django.utils import timezone, translation

from sinergi.accounts.models import ApiToken, User
from sinergi.meetings.forms import MeetingForm
from sinergi.meetings.models import Meeting, Participant
from sinergi.meetings.reminders import announce_meeting
from sinergi.meetings.reports import build_meeting_pdf, meetings_for_report
from sinergi.meetings.tests.base import CoordinationTestCase
from sinergi.pokja.models import Role
from sinergi.regions.models import time_zone_of, zone_name
from sinergi.test import BaseTestCase

UTC = datetime.UTC


class ZoneOfRegionTestCase(SimpleTestCase):
    def test_the_zone_follows_the_province(self):
        cases = {
            "ID": "Asia/Jakarta",
            "11": "Asia/Jakarta",  # Aceh
            "32.04": "Asia/Jakarta",  # Kabupaten Bandung
            "62.01": "Asia/Jakarta",  # Central Kalimantan
            "51.71": "Asia/Makassar",  # Denpasar
            "53.01": "Asia/Makassar",  # Kabupaten Kupang
            "64.72": "Asia/Makassar",  # East Kalimantan
            "76": "Asia/Makassar",  # West Sulawesi
            "81.71": "Asia/Jayapura",  # Ambon
            "96": "Asia/Jayapura",  # Southwest Papua
        }
        for code, key in cases.items():
            with self.subTest(code=code):
                self.assertEqual(time_zone_of(code).key, key)

    def test_zone_names(self):
        self.assertEqual(zone_name(time_zone_of("32")), "WIB")
        self.assertEqual(zone_name(time_zone_of("53")), "WITA")
        self.assertEqual(zone_name(time_zone_of("91")), "WIT")


class KupangSecretariatTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.kupang = cls.make_secretariat("kupang@example.org", cls.kupang_group)

    @staticmethod
    def make_secretariat(email, group):
        user = User.objects.create_user(email, "password", full_name="Sekretariat")
        Role.objects.create(user=user, working_group=group, kind=Role.Kind.SECRETARIAT)
        return user

    def schedule(self, code, title):
        day = timezone.localdate() + datetime.timedelta(days=14)
        data = {
            "kind": Meeting.Kind.COORDINATION,
            "title": title,
            "starts_at": f"{day.isoformat()}T09:00",
            "ends_at": f"{day.isoformat()}T11:30",
            "place": "Kantor Bappeda",
            "tamu-TOTAL_FORMS": "0",
            "tamu-INITIAL_FORMS": "0",
            "tamu-MIN_NUM_FORMS": "0",
            "tamu-MAX_NUM_FORMS": "50",
        }
        response = self.client.post(f"/pokja/{code}/rapat/baru/", data)
        meeting = Meeting.objects.get(title=title)
        self.assertRedirects(response, meeting.get_absolute_url())
        return meeting, day

    def test_kupang_secretariat_typing_nine_schedules_nine_wita(self):
        self.client.force_login(self.kupang)
        meeting, day = self.schedule("53.01", "Rapat Pokja Kupang")
        self.assertEqual(meeting.starts_at, datetime.datetime.combine(day, datetime.time(1), UTC))
        page = self.client.get(meeting.get_absolute_url())
        self.assertContains(page, "09.00</time> – ")
        self.assertContains(page, "11.30</time> WITA")

        form = self.client.get(f"/pokja/53.01/rapat/{meeting.pk}/ubah/")
        self.assertContains(form, f'value="{day.isoformat()}T09:00"')
        self.assertContains(form, "WITA")

        event = self._event(self.client.get(self._feed_address("53.01")))
        self.assertEqual(event["dtstart"].params["TZID"], "Asia/Makassar")
        self.assertEqual(event.decoded("dtstart").strftime("%H:%M"), "09:00")
        self.assertEqual(event.decoded("dtstart").tzinfo.key, "Asia/Makassar")

    def test_a_bandung_meeting_stays_wib(self):
        self.client.force_login(self.regency)
        meeting, day = self.schedule("32.04", "Rapat Pokja Bandung")
        self.assertEqual(meeting.starts_at, datetime.datetime.combine(day, datetime.time(2), UTC))
        self.assertContains(self.client.get(meeting.get_absolute_url()), "11.30</time> WIB")
        event = self._event(self.client.get(self._feed_address("32.04")))
        self.assertEqual(event["dtstart"].params["TZID"], "Asia/Jakarta")
        self.assertEqual(event.decoded("dtstart").strftime("%H:%M"), "09:00")

    def test_the_history_shows_times_in_the_group_zone(self):
        self.client.force_login(self.kupang)
        meeting, day = self.schedule("53.01", "Rapat Pokja Kupang")
        data = {
            "kind": meeting.kind,
            "title": meeting.title,
            "starts_at": f"{day.isoformat()}T10:00",
            "ends_at": f"{day.isoformat()}T11:30",
            "place": meeting.place,
        }
        self.client.post(f"/pokja/53.01/rapat/{meeting.pk}/ubah/", data)
        page = self.client.get(meeting.get_absolute_url())
        self.assertContains(page, "09.00 WITA → ")
        self.assertContains(page, "10.00 WITA")

    def test_the_month_and_upcoming_pages_name_the_zone(self):
        self.client.force_login(self.kupang)
        meeting, day = self.schedule("53.01", "Rapat Pokja Kupang")
        upcoming = self.client.get("/pokja/53.01/rapat/mendatang/")
        self.assertContains(upcoming, "09.00–11.30 WITA")
        month = self.client.get(f"/pokja/53.01/rapat/kalender/?bulan={day:%Y-%m}")
        self.assertContains(month, "09.00</time>")
        self.assertContains(month, "WITA")

    def test_a_time_without_offset_is_the_group_zone(self):
        key = ApiToken.objects.issue(self.kupang, "test")[1]
        day = timezone.localdate() + datetime.timedelta(days=14)
        payload = {
            "working_group": "53.01",
            "kind": "koordinasi",
            "title": "Rapat Pokja Kupang (API)",
            "starts_at": f"{day.isoformat()}T09:00",
            "place": "Kantor Bappeda",
        }
        response = self.client.post(
            "/api/meetings/",
            payload,
            content_type="application/json",
            headers={"Authorization": f"Token {key}"},
        )
        self.assertEqual(response.status_code, 201, response.content)
        meeting = Meeting.objects.get(title="Rapat Pokja Kupang (API)")
        self.assertEqual(meeting.starts_at, datetime.datetime.combine(day, datetime.time(1), UTC))

    def test_an_unchanged_time_is_no_change_whatever_the_active_zone(self):
        meeting = Meeting.objects.create(
            working_group=self.kupang_group,
            kind=Meeting.Kind.COORDINATION,
            title="Rapat",
            starts_at=datetime.datetime(2030, 3, 4, 1, tzinfo=UTC),
            place="Kantor Bappeda",
        )
        data = {"kind": meeting.kind, "title": "Rapat baru", "starts_at": "2030-03-04T09:00"}
        data["place"] = meeting.place
        form = MeetingForm(data, instance=meeting, group=self.kupang_group)
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.changed_data, ["title"])

    def _feed_address(self, code):
        response = self.client.post("/akun/kalender/buat/", {"pokja": code})
        address = next(
            feed.address for _group, feed in response.context["rows"] if feed and feed.address
        )
        return address

    @staticmethod
    def _event(response):
        calendar = icalendar.Calendar.from_ical(response.content)
        return calendar.walk("VEVENT")[0]


class KupangMessagesTestCase(CoordinationTestCase):
    """The e-mailed invitation and the meeting's PDF of a Kupang meeting are in WITA."""

    def test_invitation_and_pdf_say_wita(self):
        meeting = self.kupang_meeting
        Participant.objects.create(
            meeting=meeting, guest_name="Maria", guest_email="maria@example.org"
        )
        announce_meeting(meeting)
        message = mail.outbox[-1]
        local = timezone.localtime(meeting.starts_at, ZoneInfo("Asia/Makassar"))
        self.assertEqual(local.hour, 11)  # 10.00 WIB in the base data
        self.assertIn("11.00–14.00 WITA", message.body)
        ics = icalendar.Calendar.from_ical(message.attachments[0][1])
        self.assertEqual(ics.walk("VEVENT")[0]["dtstart"].params["TZID"], "Asia/Makassar")

        with translation.override("id"):
            report = meetings_for_report(self.kupang_group).get(pk=meeting.pk)
            pdf = build_meeting_pdf(report, compress=False)
        self.assertIn(b"11.00 WITA", pdf)
