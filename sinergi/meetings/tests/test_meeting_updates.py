"""Moving or cancelling a meeting reaches its invitees (issue 15, item 15): each invitee already
invited hears of it once per change, with an updated invitation (same UID, higher SEQUENCE) or a
cancellation."""

import datetime

import icalendar
from django.core import mail
from django.utils import timezone

from sinergi.accounts.models import ApiToken, Notification
from sinergi.meetings.models import Meeting
from sinergi.meetings.reminders import announce_meeting
from sinergi.meetings.tests.base import CoordinationTestCase

# Siti and Asep (accounts), Dadang (no account, e-mail) and Budi (guest with e-mail); Pak Ujang
# has no address.
INVITEES = {"anggota@example.org", "bandung@example.org", "dadang@example.org", "budi@example.org"}


def calendar_of(message):
    name, content, mimetype = message.attachments[0]
    return icalendar.Calendar.from_ical(content), mimetype


class ChangeTestCase(CoordinationTestCase):
    """The coming meeting, its invitees already invited; the regency secretariat signed in."""

    def setUp(self):
        announce_meeting(self.coming)  # everyone was invited
        self.uid = str(calendar_of(mail.outbox[-1])[0].walk("VEVENT")[0]["uid"])
        mail.outbox.clear()
        self.client.force_login(self.regency)

    def edit_url(self):
        return f"/pokja/32.04/rapat/{self.coming.pk}/ubah/"

    def data(self, **changes):
        def typed(moment):
            return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""

        data = {
            "kind": self.coming.kind,
            "title": self.coming.title,
            "starts_at": typed(self.coming.starts_at),
            "ends_at": typed(self.coming.ends_at),
            "place": self.coming.place,
            "online_link": self.coming.online_link,
            "agenda": self.coming.agenda,
        }
        data.update(changes)
        return data

    def post(self, url, data=None):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data or {})
        self.assertEqual(response.status_code, 302)
        self.coming.refresh_from_db()


class MeetingUpdatesTestCase(ChangeTestCase):
    def test_moving_a_meeting_sends_one_updated_invitation_per_invitee(self):
        later = timezone.localtime(self.coming.starts_at) + datetime.timedelta(days=1)
        self.post(
            self.edit_url(), self.data(starts_at=later.strftime("%Y-%m-%dT%H:%M"), ends_at="")
        )
        self.assertEqual(self.coming.sequence, 1)
        self.assertEqual({m.to[0] for m in mail.outbox}, INVITEES)
        self.assertEqual(len(mail.outbox), len(INVITEES))
        for message in mail.outbox:
            calendar, mimetype = calendar_of(message)
            event = calendar.walk("VEVENT")[0]
            self.assertEqual(str(calendar["method"]), "REQUEST")
            self.assertIn("method=REQUEST", mimetype)
            self.assertEqual(str(event["uid"]), self.uid)
            self.assertEqual(event["sequence"], 1)
            self.assertEqual(event.decoded("dtstart"), later)
            self.assertEqual(str(event["attendee"]), f"mailto:{message.to[0]}")
            self.assertIn(self.coming.title, message.subject)
        # The account holders also hear in the app, once for this change.
        keys = Notification.objects.filter(key__startswith="meeting-change:").values_list(
            "key", flat=True
        )
        self.assertEqual(len(keys), 2)

        # A second move is a second change: SEQUENCE 2, once again each.
        mail.outbox.clear()
        self.post(self.edit_url(), self.data(place="Aula Bappeda"))
        self.assertEqual(len(mail.outbox), len(INVITEES))
        self.assertEqual(calendar_of(mail.outbox[0])[0].walk("VEVENT")[0]["sequence"], 2)

    def test_cancelling_sends_a_cancellation(self):
        self.post(f"/pokja/32.04/rapat/{self.coming.pk}/batalkan/")
        self.assertTrue(self.coming.is_cancelled)
        self.assertEqual(self.coming.sequence, 1)
        self.assertEqual({m.to[0] for m in mail.outbox}, INVITEES)
        for message in mail.outbox:
            calendar, mimetype = calendar_of(message)
            event = calendar.walk("VEVENT")[0]
            self.assertEqual(str(calendar["method"]), "CANCEL")
            self.assertIn("method=CANCEL", mimetype)
            self.assertEqual(str(event["status"]), "CANCELLED")
            self.assertEqual(str(event["uid"]), self.uid)
            self.assertEqual(event["sequence"], 1)
        # Cancelling again changes and sends nothing.
        mail.outbox.clear()
        self.post(f"/pokja/32.04/rapat/{self.coming.pk}/batalkan/")
        self.assertEqual(self.coming.sequence, 1)
        self.assertEqual(mail.outbox, [])

    def test_saving_without_a_change_of_time_or_place_sends_nothing(self):
        self.post(self.edit_url(), self.data(title="Rapat koordinasi SANIMAS (agenda baru)"))
        self.assertEqual(self.coming.sequence, 0)
        self.assertEqual(mail.outbox, [])
        self.assertFalse(Notification.objects.filter(key__startswith="meeting-change:").exists())

    def test_an_invitee_not_yet_invited_gets_the_invitation_not_a_change(self):
        self.coming.participants.filter(guest_email="budi@example.org").update(notified=None)
        self.post(self.edit_url(), self.data(place="Aula Bappeda"))
        to_budi = [m for m in mail.outbox if m.to == ["budi@example.org"]]
        self.assertEqual(len(to_budi), 1)
        self.assertEqual(str(calendar_of(to_budi[0])[0]["method"]), "PUBLISH")

    def test_a_past_meeting_corrected_tells_nobody(self):
        Meeting.objects.filter(pk=self.coming.pk).update(
            starts_at=timezone.now() - datetime.timedelta(days=3), ends_at=None
        )
        self.coming.refresh_from_db()
        self.post(self.edit_url(), self.data(place="Aula Bappeda", ends_at=""))
        self.assertEqual(self.coming.sequence, 1)
        self.assertEqual(mail.outbox, [])

    def test_the_feed_carries_the_sequence(self):
        self.post(self.edit_url(), self.data(place="Aula Bappeda"))
        self.client.force_login(self.member)
        response = self.client.post("/akun/kalender/buat/", {"pokja": "32.04"})
        address = next(f.address for _g, f in response.context["rows"] if f and f.address)
        calendar = icalendar.Calendar.from_ical(self.client.get(address).content)
        events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
        self.assertEqual(events[self.uid]["sequence"], 1)


class MeetingUpdatesApiTestCase(ChangeTestCase):
    """The API changes a meeting through the same action: the same messages."""

    def patch(self, payload):
        key = ApiToken.objects.issue(self.regency, "test")[1]
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.patch(
                f"/api/meetings/{self.coming.pk}/",
                payload,
                content_type="application/json",
                headers={"Authorization": f"Token {key}"},
            )
        self.assertEqual(response.status_code, 200, response.content)
        self.coming.refresh_from_db()

    def test_cancelling_through_the_api_sends_a_cancellation(self):
        self.patch({"is_cancelled": True})
        self.assertEqual(self.coming.sequence, 1)
        self.assertEqual({m.to[0] for m in mail.outbox}, INVITEES)
        self.assertEqual(str(calendar_of(mail.outbox[0])[0]["method"]), "CANCEL")

    def test_the_same_time_without_offset_is_no_change(self):
        self.patch({"starts_at": self.data()["starts_at"], "agenda": "Agenda baru"})
        self.assertEqual(self.coming.sequence, 0)
        self.assertEqual(mail.outbox, [])
