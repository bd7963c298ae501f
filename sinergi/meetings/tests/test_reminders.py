import datetime
from io import StringIO
from unittest import mock

import icalendar
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sinergi.accounts.models import Notification, NotificationPreference
from sinergi.meetings.models import ActionItem, Participant
from sinergi.meetings.reminders import (
    GUEST_INVITATION,
    announce_action,
    announce_meeting,
    collect_coordination_reminders,
)
from sinergi.meetings.tests.base import (
    CoordinationTestCase,
    days_from_today,
    item,
    jakarta,
    meeting,
)

K = Notification.Kind


class InvitationTestCase(CoordinationTestCase):
    def test_an_invitation_tells_each_invitee_once(self):
        counts = announce_meeting(self.coming)
        self.assertEqual(counts[K.MEETING_INVITATION], 2)  # Siti and Asep have accounts
        self.assertEqual(counts[GUEST_INVITATION], 2)  # Dadang and Budi do not
        notifications = Notification.objects.filter(kind=K.MEETING_INVITATION)
        self.assertEqual({n.user for n in notifications}, {self.member, self.regency})
        notification = notifications.get(user=self.member)
        self.assertIn("Rapat koordinasi SANIMAS", notification.title)
        self.assertIn("09.00–12.00 WIB", notification.body)
        self.assertIn("Kemajuan SANIMAS Cinunuk", notification.body)
        self.assertEqual(notification.url, f"/pokja/32.04/rapat/{self.coming.pk}/")
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            [
                "anggota@example.org",
                "bandung@example.org",
                "budi@example.org",
                "dadang@example.org",
            ],
        )
        # Dadang and Budi are marked; the guest without an address is left alone.
        self.assertEqual(
            set(
                Participant.objects.filter(notified__isnull=False).values_list(
                    "guest_name", "person__full_name"
                )
            ),
            {("", "Dadang Suherman"), ("Budi Santoso", None)},
        )

        mail.outbox.clear()
        self.assertEqual(announce_meeting(self.coming), {})
        self.assertEqual(collect_coordination_reminders(timezone.localdate()), {})
        out = StringIO()
        call_command("send_reminders", stdout=out)
        self.assertIn("0 meeting_invitation", out.getvalue())
        self.assertEqual(mail.outbox, [])
        self.assertEqual(Notification.objects.count(), 2)

    def test_the_guest_email_carries_the_meeting_as_ics(self):
        announce_meeting(self.coming)
        message = next(m for m in mail.outbox if m.to == ["budi@example.org"])
        self.assertIn("Budi Santoso", message.body)
        self.assertIn("Ruang Rapat Bappeda", message.body)
        name, content, mimetype = message.attachments[0]
        self.assertEqual(name, f"rapat-{self.coming.pk}.ics")
        self.assertTrue(mimetype.startswith("text/calendar"))
        event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
        self.assertEqual(event.decoded("dtstart"), self.coming.starts_at)
        self.assertEqual(event["dtstart"].params["TZID"], "Asia/Jakarta")

    def test_a_cancelled_or_past_meeting_tells_nobody(self):
        self.coming.is_cancelled = True
        self.coming.save()
        self.assertEqual(announce_meeting(self.coming), {})
        self.assertEqual(announce_meeting(self.past), {})
        self.assertEqual(mail.outbox, [])

    def test_in_app_only_records_the_notification_without_email(self):
        NotificationPreference.objects.create(
            user=self.member, kind=K.MEETING_INVITATION, email=False
        )
        announce_meeting(self.coming)
        self.assertTrue(Notification.objects.filter(user=self.member).exists())
        self.assertNotIn(["anggota@example.org"], [m.to for m in mail.outbox])
        self.assertIn(["bandung@example.org"], [m.to for m in mail.outbox])

    def test_a_failed_email_is_sent_again_by_the_daily_command(self):
        with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError):
            counts = announce_meeting(self.coming)
        self.assertEqual(counts, {})
        self.assertEqual(Notification.objects.count(), 0)
        self.assertFalse(Participant.objects.filter(notified__isnull=False).exists())

        counts = collect_coordination_reminders(timezone.localdate())
        self.assertEqual(counts[K.MEETING_INVITATION], 2)
        self.assertEqual(counts[GUEST_INVITATION], 2)
        self.assertEqual(len(mail.outbox), 4)

    def test_a_failed_ics_undoes_the_claim_and_the_daily_command_retries(self):
        with (
            mock.patch(
                "sinergi.meetings.reminders.meeting_calendar", side_effect=RuntimeError("ics")
            ),
            self.assertLogs("sinergi.meetings.reminders", "ERROR"),
        ):
            counts = announce_meeting(self.coming)
        self.assertEqual(counts, {K.MEETING_INVITATION: 2})  # the accounts hear of it in-app
        self.assertFalse(Participant.objects.filter(notified__isnull=False).exists())

        counts = collect_coordination_reminders(timezone.localdate())
        self.assertEqual(counts, {GUEST_INVITATION: 2})
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox if m.attachments),
            ["budi@example.org", "dadang@example.org"],
        )

    def test_a_failed_announcement_never_undoes_the_write(self):
        from sinergi.meetings.forms import MeetingForm

        self.client.force_login(self.regency)
        start = jakarta(days_from_today(12), 9)
        data = {
            "kind": "koordinasi",
            "title": "Rapat dengan undangan gagal",
            "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
            "place": "Aula",
            "people": [self.siti.pk],
            "tamu-TOTAL_FORMS": "1",
            "tamu-INITIAL_FORMS": "0",
            "tamu-MIN_NUM_FORMS": "0",
            "tamu-MAX_NUM_FORMS": "50",
            "tamu-0-guest_name": "Rina",
            "tamu-0-guest_email": "rina@example.org",
        }
        self.assertTrue(MeetingForm(data, group=self.bandung_group).is_valid())
        with (
            mock.patch(
                "sinergi.meetings.reminders.announce_meeting", side_effect=RuntimeError("boom")
            ),
            self.assertLogs("sinergi.meetings.actions", "ERROR"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post("/pokja/32.04/rapat/baru/", data)
        created = Participant.objects.get(guest_name="Rina").meeting
        self.assertRedirects(response, created.get_absolute_url())
        self.assertIsNone(Participant.objects.get(guest_name="Rina").notified)

        with (
            mock.patch(
                "sinergi.meetings.reminders.announce_action", side_effect=RuntimeError("boom")
            ),
            self.assertLogs("sinergi.meetings.actions", "ERROR"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post(
                "/api/action-items/",
                {
                    "working_group": "32.04",
                    "title": "Tugas dengan kabar gagal",
                    "owner_person": self.siti.pk,
                    "due_on": days_from_today(1).isoformat(),
                },
                content_type="application/json",
            )
        self.assertEqual(response.status_code, 201, response.content)

        # The daily run sends what was missed.
        collect_coordination_reminders(timezone.localdate())
        self.assertIn(["rina@example.org"], [m.to for m in mail.outbox])
        self.assertTrue(
            Notification.objects.filter(
                user=self.member, kind=K.ACTION_DUE, body__contains="Tugas dengan kabar gagal"
            ).exists()
        )

    def test_new_invitees_hear_of_it_and_the_others_not_again(self):
        announce_meeting(self.coming)
        mail.outbox.clear()
        Participant.objects.create(
            meeting=self.coming, guest_name="Rina", guest_email="rina@example.org"
        )
        self.assertEqual(announce_meeting(self.coming), {GUEST_INVITATION: 1})
        self.assertEqual([m.to for m in mail.outbox], [["rina@example.org"]])

    def test_the_catch_up_reads_do_not_grow_with_the_meetings(self):
        for i in range(3):
            other = meeting(self.bandung_group, f"Rapat {i}", jakarta(days_from_today(3 + i), 9))
            Participant.objects.create(meeting=other, person=self.siti)
            Participant.objects.create(meeting=other, person=self.dadang)
        collect_coordination_reminders(timezone.localdate())
        # Nothing left to send: three reads (invitations, items due, items overdue).
        with self.assertNumQueries(3):
            self.assertEqual(collect_coordination_reminders(timezone.localdate()), {})


class ActionItemReminderTestCase(CoordinationTestCase):
    def test_a_new_item_tells_its_owner_once(self):
        self.assertEqual(announce_action(self.action), {K.ACTION_NEW: 1})
        notification = Notification.objects.get()
        self.assertEqual(notification.user, self.member)
        self.assertIn("Jadwalkan verifikasi ODF", notification.title)
        self.assertEqual(notification.url, f"/pokja/32.04/tindak-lanjut/{self.action.pk}/")
        self.assertEqual([m.to for m in mail.outbox], [["anggota@example.org"]])
        self.assertEqual(announce_action(self.action), {})
        self.assertEqual(len(mail.outbox), 1)

    def test_an_item_of_an_institution_or_of_someone_without_account_tells_nobody(self):
        by_institution = ActionItem.objects.create(
            working_group=self.bandung_group,
            title="Siapkan anggaran",
            owner_institution=self.bappeda,
            due_on=days_from_today(10),
        )
        by_dadang = item(self.bandung_group, "Survei", self.dadang, days_from_today(10))
        self.assertEqual(announce_action(by_institution), {})
        self.assertEqual(announce_action(by_dadang), {})
        self.assertEqual(Notification.objects.count(), 0)

    def test_items_due_within_three_days_are_reminded_once_per_due_date(self):
        today = timezone.localdate()
        soon = item(self.bandung_group, "Kirim laporan", self.siti, today + datetime.timedelta(3))
        item(self.bandung_group, "Nanti saja", self.siti, today + datetime.timedelta(4))
        item(self.bandung_group, "Laporan Asep", self.asep, today)
        counts = collect_coordination_reminders(today)
        self.assertEqual(counts[K.ACTION_DUE], 2)
        titles = set(Notification.objects.filter(kind=K.ACTION_DUE).values_list("title", flat=True))
        self.assertEqual(len(titles), 2)
        self.assertTrue(any("Kirim laporan" in t for t in titles))

        self.assertEqual(collect_coordination_reminders(today)[K.ACTION_DUE], 0)
        # The next day only the later item enters the three days.
        self.assertEqual(
            collect_coordination_reminders(today + datetime.timedelta(1))[K.ACTION_DUE], 1
        )
        # A new due date is a new event.
        soon.due_on = today + datetime.timedelta(2)
        soon.save()
        self.assertEqual(collect_coordination_reminders(today)[K.ACTION_DUE], 1)

    def test_overdue_items_are_reminded_once_and_closed_ones_never(self):
        today = timezone.localdate()
        late = item(self.bandung_group, "Terlambat", self.siti, today - datetime.timedelta(2))
        item(
            self.bandung_group,
            "Sudah selesai",
            self.siti,
            today - datetime.timedelta(5),
            status=ActionItem.Status.DONE,
            closed_on=today - datetime.timedelta(6),
        )
        counts = collect_coordination_reminders(today)
        self.assertEqual(counts[K.ACTION_OVERDUE], 1)
        notification = Notification.objects.get(kind=K.ACTION_OVERDUE)
        self.assertEqual(notification.key, f"action-overdue:{late.pk}:{late.due_on.isoformat()}")
        self.assertEqual(notification.user, self.member)
        self.assertEqual(
            collect_coordination_reminders(today + datetime.timedelta(7))[K.ACTION_OVERDUE], 0
        )

    def test_the_daily_command_runs_the_collector(self):
        item(
            self.bandung_group, "Terlambat", self.siti, timezone.localdate() - datetime.timedelta(1)
        )
        out = StringIO()
        call_command("send_reminders", stdout=out)
        self.assertIn("1 action_overdue", out.getvalue())
        self.assertIn("2 meeting_invitation", out.getvalue())
        out = StringIO()
        call_command("send_reminders", stdout=out)
        self.assertIn("0 action_overdue", out.getvalue())
        self.assertIn("0 meeting_invitation", out.getvalue())
