import datetime
import hashlib
import re
from unittest import mock

import icalendar
from django.core import mail
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.utils import timezone

from sinergi.accounts.models import Notification, NotificationPreference, User
from sinergi.meetings.calendar import JAKARTA, parse_month
from sinergi.meetings.models import CalendarFeed, Meeting, Participant
from sinergi.meetings.reminders import announce_meeting
from sinergi.meetings.tests.base import CoordinationTestCase, jakarta, meeting
from sinergi.pokja.models import Person, Role

NOVEMBER = "/pokja/32.04/rapat/kalender/?bulan=2026-11"


class CalendarPagesTestCase(CoordinationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.november = meeting(
            cls.bandung_group, "Rapat pleno November", jakarta(datetime.date(2026, 11, 3), 9)
        )
        cls.cancelled = meeting(
            cls.bandung_group,
            "Sosialisasi dibatalkan",
            jakarta(datetime.date(2026, 11, 3), 23, 30),
            is_cancelled=True,
        )

    def test_access_matrix(self):
        for url in [NOVEMBER, "/pokja/32.04/rapat/mendatang/"]:
            for user, status in [
                (self.regency, 200),
                (self.member, 200),
                (self.provincial, 200),
                (self.national, 200),
                (self.outsider, 404),
            ]:
                with self.subTest(url=url, user=user.email):
                    self.client.force_login(user)
                    self.assertEqual(self.client.get(url).status_code, status)
            self.client.logout()
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn("/akun/masuk/", response["Location"])

    def test_the_month_is_a_monday_first_table_in_indonesian(self):
        self.client.force_login(self.member)
        response = self.client.get(NOVEMBER)
        html = response.content.decode()
        self.assertContains(response, "November 2026")
        self.assertContains(response, '<abbr title="Senin">')
        self.assertLess(html.index('title="Senin"'), html.index('title="Minggu"'))
        self.assertContains(response, "Rapat pleno November")
        self.assertContains(response, "?bulan=2026-10")
        self.assertContains(response, "?bulan=2026-12")
        # 23.30 WIB on the 3rd stays on the 3rd, though it is the 3rd 16.30 UTC.
        weeks = response.context["weeks"]
        third = next(d for w in weeks for d in w if d.date == datetime.date(2026, 11, 3))
        self.assertEqual(
            [m.title for m in third.meetings], [self.november.title, self.cancelled.title]
        )
        self.assertEqual(weeks[0][0].date, datetime.date(2026, 10, 26))  # a Monday
        self.assertEqual(len(weeks), 6)  # 1 November 2026 is a Sunday

    def test_a_bad_month_gets_a_clear_message(self):
        self.client.force_login(self.member)
        for value in ["2026-13", "abc", "0000-01", "2026-1", "9999999-01"]:
            with self.subTest(value=value):
                response = self.client.get(f"/pokja/32.04/rapat/kalender/?bulan={value}")
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "bukan bulan", status_code=400)

    def test_the_month_reads_do_not_grow_with_the_meetings(self):
        self.client.force_login(self.member)
        self.client.get(NOVEMBER)
        with self.assertNumQueries(6) as first:
            self.client.get(NOVEMBER)
        for i in range(5):
            meeting(self.bandung_group, f"Rapat {i}", jakarta(datetime.date(2026, 11, 10 + i), 9))
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(NOVEMBER)

    def test_coming_meetings_reads_do_not_grow_with_the_meetings(self):
        self.client.force_login(self.member)
        url = "/pokja/32.04/rapat/mendatang/"
        self.client.get(url)
        with self.assertNumQueries(7) as first:
            self.client.get(url)
        for i in range(5):
            meeting(
                self.bandung_group,
                f"Rapat {i}",
                jakarta(timezone.localdate(), 9) + datetime.timedelta(days=40 + i),
            )
        with self.assertNumQueries(len(first.captured_queries)):
            self.assertContains(self.client.get(url), "Rapat 4")

    def test_the_pages_speak_english_under_en(self):
        self.client.force_login(self.member)
        self.assertContains(self.client.get("/en" + NOVEMBER), "Monday")
        self.assertContains(self.client.get("/en/pokja/32.04/rapat/mendatang/"), "Coming meetings")

    def test_coming_meetings_lists_only_the_coming_ones(self):
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/rapat/mendatang/")
        self.assertContains(response, "Rapat koordinasi SANIMAS")
        self.assertNotContains(response, "Rapat evaluasi STBM")
        self.assertNotContains(response, "Rapat Pokja Kupang")

    def test_parse_month(self):
        today = datetime.date(2026, 11, 28)
        self.assertEqual(parse_month("", today), datetime.date(2026, 11, 1))
        self.assertEqual(parse_month("2027-02", today), datetime.date(2027, 2, 1))
        self.assertIsNone(parse_month("2027-2", today))


def events(response) -> dict:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


class FeedTestCase(CoordinationTestCase):
    def make_feed(self, user, code=""):
        """The new live feed, with `token` as the page showed it once (the database keeps only
        its hash)."""
        self.client.force_login(user)
        response = self.client.post("/akun/kalender/buat/", {"pokja": code})
        self.assertEqual(response.status_code, 200)
        self.client.logout()
        live = CalendarFeed.objects.filter(user=user, revoked__isnull=True)
        feed = live.get(
            **({"working_group__region__code": code} if code else {"working_group": None})
        )
        found = re.search(r"/kalender/([A-Za-z0-9_-]+)\.ics", response.content.decode())
        feed.token = found[1]
        return feed

    def test_a_group_feed_parses_and_has_the_meetings_in_jakarta_time(self):
        feed = self.make_feed(self.member, "32.04")
        response = self.client.get(f"/kalender/{feed.token}.ics")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        found = events(response)
        self.assertEqual(set(found), {"Rapat koordinasi SANIMAS", "Rapat evaluasi STBM"})
        event = found["Rapat koordinasi SANIMAS"]
        start = event.decoded("dtstart")
        self.assertEqual(start, self.coming.starts_at)
        self.assertEqual(start.astimezone(JAKARTA).hour, 9)
        self.assertEqual(event["dtstart"].params["TZID"], "Asia/Jakarta")
        self.assertEqual(event.decoded("dtend").astimezone(JAKARTA).hour, 12)
        self.assertEqual(str(event["uid"]), f"meeting-{self.coming.pk}@127.0.0.1")
        self.assertEqual(str(event["location"]), "Ruang Rapat Bappeda")
        self.assertIn("Kemajuan SANIMAS Cinunuk", str(event["description"]))
        self.assertTrue(str(event["url"]).endswith(f"/pokja/32.04/rapat/{self.coming.pk}/"))
        self.assertEqual(str(event["status"]), "CONFIRMED")
        calendar = icalendar.Calendar.from_ical(response.content)
        self.assertEqual([str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")], ["Asia/Jakarta"])

    def test_a_cancelled_meeting_is_cancelled_in_the_feed(self):
        feed = self.make_feed(self.regency, "32.04")
        self.coming.is_cancelled = True
        self.coming.save()
        event = events(self.client.get(f"/kalender/{feed.token}.ics"))["Rapat koordinasi SANIMAS"]
        self.assertEqual(str(event["status"]), "CANCELLED")

    def test_a_personal_feed_has_the_groups_and_the_invitations(self):
        Participant.objects.create(meeting=self.kupang_meeting, person=self.siti)
        old = meeting(
            self.bandung_group,
            "Rapat lama",
            timezone.now() - datetime.timedelta(days=120),
        )
        feed = self.make_feed(self.member)
        found = events(self.client.get(f"/kalender/{feed.token}.ics"))
        self.assertIn("Rapat koordinasi SANIMAS", found)
        self.assertNotIn(old.title, found)  # older than 90 days
        # Invited to a meeting of a group she cannot read: left out, as its page is.
        self.assertNotIn("Rapat Pokja Kupang", found)
        # The province reads Bandung's pages: the meeting it is invited to is in its feed.
        dedi = Person.objects.create(full_name="Dedi", user=self.provincial)
        Participant.objects.create(meeting=self.coming, person=dedi)
        found = events(self.client.get(f"/kalender/{self.make_feed(self.provincial).token}.ics"))
        self.assertEqual(set(found), {"Rapat koordinasi SANIMAS"})

    def test_a_former_member_no_longer_sees_the_groups_meetings(self):
        # Issue 13 item 5: her role ends, her invitation to the coming meeting stays.
        feed = self.make_feed(self.member)
        url = f"/kalender/{feed.token}.ics"
        self.assertIn("Rapat koordinasi SANIMAS", events(self.client.get(url)))
        Role.objects.filter(user=self.member).delete()
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(events(response), {})
        self.assertNotIn(b"meet.example.org", response.content)

    def test_the_database_keeps_only_the_hash_of_a_feed_token(self):
        feed = self.make_feed(self.member, "32.04")
        stored = CalendarFeed.objects.filter(pk=feed.pk).values().get()
        self.assertNotIn(feed.token, [str(value) for value in stored.values()])
        self.assertEqual(stored["token_hash"], hashlib.sha256(feed.token.encode()).hexdigest())
        self.assertEqual(self.client.get(f"/kalender/{feed.token}.ics").status_code, 200)
        self.assertEqual(self.client.get(f"/kalender/{stored['token_hash']}.ics").status_code, 404)

    def test_revoked_unknown_and_out_of_scope_feeds_are_404(self):
        feed = self.make_feed(self.member, "32.04")
        url = f"/kalender/{feed.token}.ics"
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.get("/kalender/tidak-ada.ics").status_code, 404)

        # A new address replaces the old one.
        new = self.make_feed(self.member, "32.04")
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(f"/kalender/{new.token}.ics").status_code, 200)

        self.client.force_login(self.member)
        response = self.client.post(f"/akun/kalender/{new.pk}/cabut/")
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        self.assertEqual(self.client.get(f"/kalender/{new.token}.ics").status_code, 404)

        # The user leaves the working group: the feed stops.
        newer = self.make_feed(self.member, "32.04")
        Role.objects.filter(user=self.member).delete()
        self.assertEqual(self.client.get(f"/kalender/{newer.token}.ics").status_code, 404)

    def test_nobody_makes_or_revokes_a_feed_out_of_their_scope(self):
        self.client.force_login(self.outsider)
        self.assertEqual(
            self.client.post("/akun/kalender/buat/", {"pokja": "32.04"}).status_code, 404
        )
        self.assertEqual(self.client.post("/akun/kalender/buat/", {"pokja": "xx"}).status_code, 404)
        feed = self.make_feed(self.member, "32.04")
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(f"/akun/kalender/{feed.pk}/cabut/").status_code, 404)
        self.assertEqual(self.client.get(f"/kalender/{feed.token}.ics").status_code, 200)
        self.assertEqual(self.client.get("/akun/kalender/buat/").status_code, 405)

    def test_a_meeting_at_the_edge_of_the_calendar_is_left_out_not_the_feed(self):
        # Saved before the forms refused such years: the feed still serves the others.
        utc = datetime.UTC
        for title, starts_at in [
            ("Rapat tahun 9999", datetime.datetime(9999, 12, 31, 23, 30, tzinfo=JAKARTA)),
            ("Rapat akhir zaman", datetime.datetime(9999, 12, 31, 20, 0, tzinfo=utc)),
        ]:
            Meeting.objects.create(
                working_group=self.bandung_group,
                kind=Meeting.Kind.COORDINATION,
                title=title,
                starts_at=starts_at,
                place="Aula",
            )
        feed = self.make_feed(self.member, "32.04")
        with self.assertLogs("sinergi.meetings.calendar", "WARNING"):
            response = self.client.get(f"/kalender/{feed.token}.ics")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(events(response)), {"Rapat koordinasi SANIMAS", "Rapat evaluasi STBM"})

    def test_a_nul_in_the_group_code_is_404_and_makes_no_feed(self):
        self.client.force_login(self.member)
        response = self.client.post("/akun/kalender/buat/", {"pokja": "32.04\x00"})
        self.assertIn(response.status_code, (400, 404))
        self.assertFalse(CalendarFeed.objects.exists())

    def test_two_clicks_at_once_make_one_address_not_an_error(self):
        # The second request's insert meets the one-live-feed constraint the first just filled.
        self.client.force_login(self.member)
        with mock.patch.object(
            CalendarFeed.objects, "create", side_effect=IntegrityError("calendar_feed_one_live")
        ):
            response = self.client.post("/akun/kalender/buat/", {"pokja": "32.04"})
        self.assertRedirects(response, "/akun/kalender/")

    def test_the_feed_reads_do_not_grow_with_the_meetings(self):
        feed = self.make_feed(self.member)
        url = f"/kalender/{feed.token}.ics"
        with self.assertNumQueries(3) as first:  # the feed, its owner's scope, its meetings
            self.client.get(url)
        for i in range(5):
            meeting(self.bandung_group, f"Rapat {i}", timezone.now() + datetime.timedelta(days=i))
        with self.assertNumQueries(len(first.captured_queries)):
            self.assertEqual(len(events(self.client.get(url))), 7)

    def test_the_feeds_page_shows_an_address_once(self):
        self.client.force_login(self.member)
        response = self.client.post("/akun/kalender/buat/", {"pokja": "32.04"})
        feed = CalendarFeed.objects.get(user=self.member)
        address = re.search(
            r"http://127\.0\.0\.1:8000/kalender/[A-Za-z0-9_-]+\.ics", response.content.decode()
        )
        self.assertIsNotNone(address)
        self.assertEqual(self.client.get(address[0]).status_code, 200)
        # Shown once: later the page lists the feed without its address.
        response = self.client.get("/akun/kalender/")
        self.assertNotContains(response, "/kalender/" + address[0].rsplit("/", 1)[1])
        self.assertContains(response, "Pokja AMPL Kabupaten Bandung")
        self.assertContains(response, f"/akun/kalender/{feed.pk}/cabut/")
        self.assertContains(response, "Buat alamat baru")
        self.client.logout()
        self.assertEqual(self.client.get("/akun/kalender/").status_code, 302)


class PreferencesTestCase(CoordinationTestCase):
    URL = "/akun/notifikasi/pengaturan/"

    def test_in_app_only_is_saved_and_honoured(self):
        self.client.force_login(self.member)
        response = self.client.get(self.URL)
        self.assertContains(response, "Undangan rapat")
        self.assertContains(response, "Hanya di aplikasi")
        data = dict.fromkeys(Notification.Kind.values, "email")
        data["meeting_invitation"] = "app"
        response = self.client.post(self.URL, data)
        self.assertRedirects(response, self.URL)
        self.assertEqual(
            set(
                NotificationPreference.objects.filter(user=self.member, email=False).values_list(
                    "kind", flat=True
                )
            ),
            {"meeting_invitation"},
        )
        announce_meeting(self.coming)
        self.assertTrue(Notification.objects.filter(user=self.member).exists())
        self.assertNotIn(["anggota@example.org"], [m.to for m in mail.outbox])

    def test_a_bad_choice_saves_nothing(self):
        self.client.force_login(self.member)
        response = self.client.post(self.URL, {"meeting_invitation": "sms"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(NotificationPreference.objects.exists())

    def test_visitors_sign_in_first(self):
        response = self.client.get(self.URL)
        self.assertEqual(response.status_code, 302)


class FeedTokenMigrationTestCase(TransactionTestCase):
    """The addresses made before tokens were hashed keep working after the migration."""

    def test_existing_tokens_become_hashes_and_their_addresses_work(self):
        executor = MigrationExecutor(connection)
        before, after = ("meetings", "0001_initial"), ("meetings", "0002_calendar_feed_token_hash")
        # Leave the schema as the other tests expect it: every migration applied.
        self.addCleanup(self._migrate_to_latest)
        executor.migrate([before])
        old_apps = executor.loader.project_state([before]).apps
        user = User.objects.create_user("lama@example.org", "password", full_name="Lama")
        old_apps.get_model("meetings", "CalendarFeed").objects.create(
            user_id=user.pk, token="alamat-lama"
        )
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([after])
        feed = CalendarFeed.objects.get()
        self.assertEqual(feed.token_hash, hashlib.sha256(b"alamat-lama").hexdigest())
        self.assertEqual(self.client.get("/kalender/alamat-lama.ics").status_code, 200)

    @staticmethod
    def _migrate_to_latest():
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
