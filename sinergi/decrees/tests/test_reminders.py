import datetime
import smtplib
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from sinergi.accounts.models import Notification, User
from sinergi.accounts.notifications import preferences_loaded
from sinergi.decrees.models import Decree
from sinergi.decrees.reminders import collect_decree_reminders
from sinergi.pokja.models import Role, WorkingGroup
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, make_region

JUNE = datetime.date(2025, 6, 15)
NOVEMBER = datetime.date(2025, 11, 2)  # 59 days before the end of the year: expiring
NEW_YEAR = datetime.date(2026, 1, 1)
SITE = "https://sinergi.example.go.id"


def add_decree(group, year=2025):
    """A decree signed on 2 January for the calendar year."""
    return Decree.objects.create(
        working_group=group,
        number=f"188.45/{group.pk}/{year}",
        signed_on=datetime.date(year, 1, 2),
        signatory="Bupati",
        valid_from=datetime.date(year, 1, 1),
        valid_until=datetime.date(year, 12, 31),
    )


def send_reminders(day):
    out = StringIO()
    call_command("send_reminders", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def mail_to(address):
    return [m for m in mail.outbox if m.to == [address]]


@override_settings(SITE_URL=SITE, DECREE_EXPIRING_DAYS=60)
class DecreeRemindersTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_decree(cls.bandung_group)

    def test_a_valid_decree_is_not_reminded(self):
        send_reminders(JUNE)
        self.assertEqual(mail.outbox, [])
        self.assertFalse(Notification.objects.exists())

    def test_expiring_decree_mails_the_secretariat_once_in_indonesian(self):
        output = send_reminders(NOVEMBER)
        # The provincial secretariat's digest lists the same decree.
        self.assertIn("2 decree_expiring, 0 decree_expired, 1 decree_digest", output)
        [message] = mail_to("bandung@example.org")
        self.assertEqual(
            message.subject, "SK Pokja AMPL Kabupaten Bandung berakhir pada 31 Desember 2025"
        )
        self.assertIn("Halo Asep,", message.body)
        self.assertIn("berlaku sampai 31 Desember 2025", message.body)
        self.assertIn(f"{SITE}/pokja/32.04/sk/tambah/", message.body)
        notification = Notification.objects.get(user=self.regency)
        self.assertEqual(notification.kind, Notification.Kind.DECREE_EXPIRING)
        self.assertEqual(notification.url, "/pokja/32.04/sk/tambah/")

    def test_members_and_other_provinces_hear_nothing(self):
        send_reminders(NOVEMBER)
        self.assertEqual(mail_to("anggota@example.org"), [])
        self.assertEqual(mail_to("ntt@example.org"), [])
        self.assertEqual(mail_to("nasional@example.org"), [])
        self.assertFalse(Notification.objects.filter(user__in=[self.member, self.outsider]))

    def test_a_second_run_the_same_day_sends_nothing(self):
        send_reminders(NOVEMBER)
        sent, recorded = len(mail.outbox), Notification.objects.count()
        output = send_reminders(NOVEMBER)
        self.assertEqual(len(mail.outbox), sent)
        self.assertEqual(Notification.objects.count(), recorded)
        self.assertIn("0 decree_expiring, 0 decree_expired, 0 decree_digest", output)

    def test_the_next_day_sends_nothing_for_the_same_stage(self):
        send_reminders(NOVEMBER)
        sent = len(mail.outbox)
        send_reminders(NOVEMBER + datetime.timedelta(days=1))
        self.assertEqual(len(mail.outbox), sent)

    def test_expired_decree_is_reminded_on_new_years_day(self):
        send_reminders(NOVEMBER)
        mail.outbox.clear()
        send_reminders(NEW_YEAR)
        [message] = mail_to("bandung@example.org")
        self.assertEqual(message.subject, "SK Pokja AMPL Kabupaten Bandung sudah kedaluwarsa")
        self.assertIn("berakhir pada 31 Desember 2025", message.body)
        self.assertIn(f"{SITE}/pokja/32.04/sk/tambah/", message.body)
        self.assertEqual(
            Notification.objects.get(user=self.regency, kind="decree_expired").key,
            f"decree:{self.bandung_group.pk}:expired:2025-12-31",
        )
        mail.outbox.clear()
        send_reminders(NEW_YEAR + datetime.timedelta(days=30))
        self.assertEqual(mail.outbox, [])

    def test_a_recorded_renewal_stops_the_reminder(self):
        add_decree(self.bandung_group, 2026)
        send_reminders(NOVEMBER)
        send_reminders(NEW_YEAR)
        self.assertEqual(mail.outbox, [])

    def test_next_years_decree_is_reminded_again(self):
        send_reminders(NOVEMBER)
        add_decree(self.bandung_group, 2026)
        mail.outbox.clear()
        send_reminders(datetime.date(2026, 11, 2))
        [message] = mail_to("bandung@example.org")
        self.assertIn("31 Desember 2026", message.subject)

    def test_inactive_secretariat_account_is_skipped(self):
        User.objects.filter(pk=self.regency.pk).update(is_active=False)
        send_reminders(NOVEMBER)
        self.assertEqual(mail_to("bandung@example.org"), [])

    def test_a_secretariat_whose_role_has_ended_is_not_reminded(self):
        Role.objects.filter(user=self.regency).update(ends_on=NOVEMBER - datetime.timedelta(1))
        send_reminders(NOVEMBER)
        self.assertEqual(mail_to(self.regency.email), [])
        self.assertFalse(Notification.objects.filter(user=self.regency).exists())

    def test_a_failed_email_is_sent_again_by_the_next_run(self):
        with (
            mock.patch(
                "sinergi.accounts.notifications.send_mail", side_effect=smtplib.SMTPException
            ),
            self.assertRaisesMessage(CommandError, "2 e-mail(s) could not be sent"),
        ):
            send_reminders(NOVEMBER)
        self.assertFalse(Notification.objects.exists())
        send_reminders(NOVEMBER)
        self.assertEqual(len(mail_to("bandung@example.org")), 1)
        self.assertEqual(len(mail_to("jabar@example.org")), 1)


@override_settings(SITE_URL=SITE, DECREE_EXPIRING_DAYS=60)
class ProvincialDigestTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_decree(cls.bandung_group)
        add_decree(cls.jabar_group)
        add_decree(cls.kupang_group, 2026)  # NTT: valid in November 2025

    def test_provincial_secretariat_gets_one_digest_of_its_kabupaten_kota(self):
        send_reminders(NOVEMBER)
        own, digest = sorted(mail_to("jabar@example.org"), key=lambda m: "kabupaten" in m.subject)
        # Its own working group's decree is a reminder of its own, not part of the digest.
        self.assertIn(f"{SITE}/pokja/32/sk/tambah/", own.body)
        self.assertEqual(digest.subject, "1 kabupaten/kota di Jawa Barat memerlukan SK baru")
        self.assertIn(
            "- Kabupaten Bandung (Pokja AMPL Kabupaten Bandung): SK berlaku sampai "
            "31 Desember 2025",
            digest.body,
        )
        self.assertNotIn("Provinsi Jawa Barat", digest.body)
        self.assertIn(f"{SITE}/kepatuhan/?provinsi=32", digest.body)
        items = Notification.objects.filter(user=self.provincial).values_list("kind", "url")
        self.assertCountEqual(
            items,
            [
                ("decree_expiring", "/pokja/32/sk/tambah/"),
                ("decree_expiring", "/pokja/32.04/sk/"),
                ("decree_digest", "/kepatuhan/?provinsi=32"),
            ],
        )

    def test_a_re_run_sends_no_digest(self):
        send_reminders(NOVEMBER)
        mail.outbox.clear()
        send_reminders(NOVEMBER)
        self.assertEqual(mail.outbox, [])

    def test_the_expired_stage_brings_a_new_digest(self):
        send_reminders(NOVEMBER)
        mail.outbox.clear()
        send_reminders(NEW_YEAR)
        digests = [m for m in mail_to("jabar@example.org") if "kabupaten/kota" in m.subject]
        self.assertEqual(len(digests), 1)
        self.assertIn("SK berakhir pada 31 Desember 2025", digests[0].body)

    def test_other_provinces_get_no_digest(self):
        send_reminders(NOVEMBER)
        self.assertEqual(mail_to("ntt@example.org"), [])
        self.assertFalse(Notification.objects.filter(user=self.outsider).exists())

    def test_a_failed_digest_keeps_nothing_and_is_sent_again(self):
        real_send = mail.send_mail

        def refuse_digest(subject, *args, **kwargs):
            if "kabupaten/kota" in subject:
                raise smtplib.SMTPRecipientsRefused({})
            return real_send(subject, *args, **kwargs)

        with (
            mock.patch("sinergi.accounts.notifications.send_mail", side_effect=refuse_digest),
            self.assertRaisesMessage(CommandError, "1 e-mail(s) could not be sent"),
        ):
            send_reminders(NOVEMBER)
        self.assertEqual(Notification.objects.filter(user=self.provincial).count(), 1)
        send_reminders(NOVEMBER)
        digests = [m for m in mail_to("jabar@example.org") if "kabupaten/kota" in m.subject]
        self.assertEqual(len(digests), 1)
        self.assertEqual(Notification.objects.filter(user=self.provincial).count(), 3)


@override_settings(DECREE_EXPIRING_DAYS=60)
class ReminderQueriesTestCase(BaseTestCase):
    def add_expiring_groups(self, codes):
        for code in codes:
            region = make_region(f"32.{code}", f"Kabupaten {code}", Region.Kind.REGENCY, self.jabar)
            group = WorkingGroup.objects.create(region=region, name=f"Pokja AMPL {code}")
            user = User.objects.create_user(f"sekretariat{code}@example.org", full_name=code)
            Role.objects.create(user=user, working_group=group, kind=Role.Kind.SECRETARIAT)
            add_decree(group)

    def collect(self):
        # As the daily command runs it: the users' choices are read once, beforehand.
        with preferences_loaded(), CaptureQueriesContext(connection) as context:
            counts = collect_decree_reminders(NOVEMBER)
        reads = [q["sql"] for q in context.captured_queries if q["sql"].startswith("SELECT")]
        inserts = [q["sql"] for q in context.captured_queries if q["sql"].startswith("INSERT")]
        return counts, reads, inserts

    def test_reads_do_not_grow_with_the_number_of_groups(self):
        self.add_expiring_groups(["01", "02", "03"])
        counts, reads, inserts = self.collect()
        self.assertEqual(counts["decree_expiring"], 3 + 3)  # direct, and the digest's items
        self.assertEqual(len(reads), 3)
        self.assertEqual(len(inserts), 3 + 3 + 1)

        self.add_expiring_groups(["05", "06", "07", "08", "09", "10"])
        counts, reads, inserts = self.collect()
        self.assertEqual(counts["decree_expiring"], 6 + 6)
        self.assertEqual(len(reads), 3)
        self.assertEqual(len(inserts), 6 + 6 + 1)

        with self.assertNumQueries(3):
            self.assertEqual(collect_decree_reminders(NOVEMBER), {})
