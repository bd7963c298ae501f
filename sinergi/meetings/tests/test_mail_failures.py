"""Mail that cannot hang or hide (issue 19, first items): the daily run exits non-zero when an
e-mail failed, a mail server that never answers costs seconds, and a title with a comma or a
line break no longer makes an invitation that can never be sent."""

import signal
import socket
from email import message_from_string
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TransactionTestCase, override_settings

from sinergi.meetings.calendar import meeting_calendar
from sinergi.meetings.models import Participant
from sinergi.meetings.tests.base import CoordinationTestCase
from sinergi.test import BaseTestCase, add_member


class DailyRunTestCase(CoordinationTestCase):
    def test_a_failed_email_makes_the_run_fail_and_the_next_run_sends_it(self):
        with (
            mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("refused")),
            self.assertLogs("sinergi", "ERROR"),
            self.assertRaisesMessage(CommandError, "could not be sent"),
        ):
            call_command("send_reminders", stdout=StringIO())
        self.assertFalse(Participant.objects.filter(notified__isnull=False).exists())

        call_command("send_reminders", stdout=StringIO())  # no error: everything went out
        self.assertIn(["budi@example.org"], [m.to for m in mail.outbox])

    def test_a_mail_server_that_never_answers_costs_the_timeout_not_the_run(self):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen()  # accepts connections, never says a word
        settings = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": listener.getsockname()[1],
            "EMAIL_USE_TLS": False,
            "EMAIL_TIMEOUT": 1,
        }

        def hung(signum, frame):
            raise AssertionError("send_reminders waited for the mail server without end")

        # A watchdog: without a timeout on the connection the run would wait for ever.
        previous = signal.signal(signal.SIGALRM, hung)
        signal.alarm(120)
        try:
            with (
                override_settings(**settings),
                self.assertLogs("sinergi", "ERROR"),
                self.assertRaisesMessage(CommandError, "could not be sent"),
            ):
                call_command("send_reminders", stdout=StringIO())
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
            listener.close()


class CalendarNameTestCase(CoordinationTestCase):
    def test_a_comma_in_the_title_is_escaped_in_the_calendar_name(self):
        self.coming.title = "Rapat koordinasi, evaluasi SANIMAS"
        ics = meeting_calendar(self.coming).decode()
        self.assertIn("X-WR-CALNAME:Rapat koordinasi\\, evaluasi SANIMAS", ics)

    def test_the_invitation_part_names_its_charset_once(self):
        call_command("send_reminders", stdout=StringIO())
        invitation = next(m for m in mail.outbox if m.attachments)
        message = message_from_string(invitation.message().as_string())
        calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        self.assertEqual(calendar["Content-Type"].lower().count("charset"), 1)
        self.assertEqual(calendar.get_param("method"), "PUBLISH")

    def test_a_title_with_a_line_break_is_refused_by_the_api(self):
        self.client.force_login(self.regency)
        response = self.client.post(
            "/api/meetings/",
            {
                "working_group": "32.04",
                "kind": "koordinasi",
                "title": "Rapat\nkedua baris",
                "starts_at": "2030-01-10T09:00:00+07:00",
                "place": "Aula",
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("title", response.json())


class AfterTheResponseTestCase(TransactionTestCase):
    """Real commits, so that the announcement runs when it would in production."""

    def test_invitations_go_out_after_the_page_has_answered(self):
        from sinergi.lib import deferred

        BaseTestCase.setUpTestData.__func__(BaseTestCase)
        siti = add_member(BaseTestCase.bandung_group, "Siti Rahmawati").person
        during_request = []

        def announce(meeting):
            during_request.append(deferred._queue.get() is not None)

        self.client.force_login(BaseTestCase.regency)
        with mock.patch("sinergi.meetings.reminders.announce_meeting", announce):
            response = self.client.post(
                "/pokja/32.04/rapat/baru/",
                {
                    "kind": "koordinasi",
                    "title": "Rapat pleno",
                    "starts_at": "2030-01-10 09:00",
                    "place": "Aula Bappeda",
                    "people": [siti.pk],
                    "tamu-TOTAL_FORMS": "0",
                    "tamu-INITIAL_FORMS": "0",
                },
            )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(during_request, [False])  # it ran, once, after the response
