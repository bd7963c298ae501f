import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from sinergi.accounts.models import Notification
from sinergi.accounts.notifications import preferences_loaded
from sinergi.facilities.models import Inspection
from sinergi.facilities.reminders import collect_facility_failures
from sinergi.facilities.tests.base import TODAY, FacilityTestCase, facility, inspect
from sinergi.pokja.models import Role

S = Inspection.Status


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class FailureTestCase(FacilityTestCase):
    def test_a_failure_reaches_the_secretariat_and_the_programme_once(self):
        failure = inspect(self.spam, TODAY, S.NOT_WORKING, "Pompa rusak")
        counts = collect_facility_failures(TODAY)
        self.assertEqual(counts["facility_failure"], 1)
        self.assertEqual(counts["facility_failure_programme"], 1)
        notification = Notification.objects.get()
        self.assertEqual(notification.user, self.regency)  # not the member
        self.assertIn("SPAM Perdesaan Desa Cinunuk", notification.title)
        self.assertIn("Pompa rusak", notification.body)
        self.assertEqual(notification.url, f"/pokja/32.04/sarana/{self.spam.pk}/")
        self.assertEqual(
            sorted(message.to[0] for message in mail.outbox),
            ["bandung@example.org", "pamsimas@example.org"],
        )
        programme_mail = next(m for m in mail.outbox if m.to == ["pamsimas@example.org"])
        self.assertIn("Pamsimas III", programme_mail.body)
        self.assertIn("Budi Santoso", programme_mail.body)
        failure.refresh_from_db()
        self.assertIsNotNone(failure.notified)

        mail.outbox.clear()
        self.assertEqual(collect_facility_failures(TODAY + datetime.timedelta(days=1)), {})
        self.assertEqual(mail.outbox, [])
        self.assertEqual(Notification.objects.count(), 1)

    @override_settings(SITE_URL="https://sinergi.example.org")
    def test_the_programme_contact_gets_a_link_that_needs_no_login(self):
        inspect(self.spam, TODAY, S.NOT_WORKING, "Pompa rusak")
        collect_facility_failures(TODAY)
        programme_mail = next(m for m in mail.outbox if m.to == ["pamsimas@example.org"])
        programme = self.spam.programme
        self.assertIn(f"https://sinergi.example.org/program/{programme.pk}/", programme_mail.body)
        self.assertNotIn("/sarana/", programme_mail.body)  # the facility page needs a login
        self.client.logout()
        self.assertEqual(self.client.get(f"/program/{programme.pk}/").status_code, 200)

    def test_a_secretariat_whose_role_has_ended_hears_nothing(self):
        Role.objects.filter(user=self.regency).update(ends_on=TODAY - datetime.timedelta(days=1))
        inspect(self.spam, TODAY, S.NOT_WORKING, "Pompa rusak")
        collect_facility_failures(TODAY)
        self.assertFalse(Notification.objects.filter(user=self.regency).exists())

    def test_working_inspections_tell_nobody(self):
        inspect(self.spam, TODAY, S.PARTLY, "Debit kecil")
        self.assertEqual(collect_facility_failures(TODAY), {})
        self.assertEqual(mail.outbox, [])

    def test_without_a_kabupaten_group_the_province_hears_of_it(self):
        uitao = facility("SPAM Uitao", self.kupang_village)
        self.kupang_group.delete()
        inspect(uitao, TODAY, S.NOT_WORKING, "Sumber kering")
        collect_facility_failures(TODAY)
        self.assertEqual(Notification.objects.get().user, self.outsider)

    def test_the_reads_do_not_grow_with_the_failures(self):
        for i in range(4):
            inspect(facility(f"MCK {i}", self.cinunuk, kind="mck"), TODAY, S.NOT_WORKING, "Rusak")
        # 4 reads, then per failure: a notification (savepoint, insert, release) and an update;
        # the users' choices are read once beforehand, as the daily command does.
        with preferences_loaded(), self.assertNumQueries(4 + 4 * 4):
            collect_facility_failures(TODAY)

    def test_the_command_runs_the_collector(self):
        from sinergi.portal.management.commands import send_reminders

        inspect(self.spam, TODAY, S.NOT_WORKING, "Pompa rusak")
        collectors = [*send_reminders.COLLECTORS, collect_facility_failures]
        with self.settings():
            original = send_reminders.COLLECTORS
            send_reminders.COLLECTORS = collectors
            try:
                call_command("send_reminders", date=TODAY, stdout=StringIO())
            finally:
                send_reminders.COLLECTORS = original
        self.assertEqual(len(mail.outbox), 2)
