import smtplib
from unittest import mock

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import RequestFactory, override_settings

from sinergi.accounts.context_processors import notifications as unread_context
from sinergi.accounts.models import Notification
from sinergi.accounts.notifications import notify
from sinergi.test import BaseTestCase

EXPIRING = Notification.Kind.DECREE_EXPIRING


@override_settings(SITE_URL="https://sinergi.example.go.id")
class NotifyTestCase(BaseTestCase):
    def notify(self, key="decree:1:expiring:2025-12-31", **kwargs):
        return notify(
            self.regency,
            EXPIRING,
            key,
            "SK Pokja AMPL Kabupaten Bandung berakhir",
            "Catat SK baru di Sinergi:",
            "/pokja/32.04/sk/tambah/",
            **kwargs,
        )

    def test_it_records_and_mails_once(self):
        notification = self.notify()
        self.assertEqual(notification.user, self.regency)
        self.assertIsNone(self.notify())
        self.assertEqual(Notification.objects.count(), 1)
        [message] = mail.outbox
        self.assertEqual(message.to, ["bandung@example.org"])
        self.assertEqual(message.subject, "SK Pokja AMPL Kabupaten Bandung berakhir")
        self.assertIn("Halo Asep,", message.body)
        self.assertIn(
            "Catat SK baru di Sinergi:\n\nhttps://sinergi.example.go.id/pokja/32.04/sk/tambah/",
            message.body,
        )
        self.assertIn("https://sinergi.example.go.id/notifikasi/", message.body)

    def test_the_same_event_reaches_each_user_once(self):
        self.notify()
        other = notify(self.member, EXPIRING, "decree:1:expiring:2025-12-31", "SK", "", "")
        self.assertIsNotNone(other)
        self.assertEqual(len(mail.outbox), 2)

    def test_in_app_only(self):
        self.assertIsNotNone(self.notify(email=False))
        self.assertEqual(mail.outbox, [])

    def test_nothing_is_recorded_when_the_email_fails(self):
        with mock.patch(
            "sinergi.accounts.notifications.send_mail", side_effect=smtplib.SMTPServerDisconnected
        ):
            self.assertIsNone(self.notify())
        self.assertFalse(Notification.objects.exists())
        self.assertIsNotNone(self.notify())


class NotificationPagesTestCase(BaseTestCase):
    url = "/notifikasi/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add = Notification.objects.create
        cls.first = add(
            user=cls.regency,
            kind=EXPIRING,
            key="decree:1:expiring:2025-12-31",
            title="SK Pokja AMPL Kabupaten Bandung berakhir pada 31 Desember 2025",
            body="Catat SK baru di Sinergi:",
            url="/pokja/32.04/sk/tambah/",
        )
        cls.second = add(
            user=cls.regency,
            kind=Notification.Kind.DECREE_EXPIRED,
            key="decree:1:expired:2025-12-31",
            title="SK Pokja AMPL Kabupaten Bandung sudah kedaluwarsa",
        )
        cls.others = add(
            user=cls.provincial,
            kind=Notification.Kind.DECREE_DIGEST,
            key="decree-digest:1",
            title="1 kabupaten/kota di Jawa Barat memerlukan SK baru",
            url="/kepatuhan/?provinsi=32",
        )

    def read_url(self, notification):
        return f"/notifikasi/{notification.pk}/baca/"

    def test_it_lists_the_users_own_notifications_unread_highlighted(self):
        self.client.force_login(self.regency)
        r = self.client.get(self.url)
        self.assertContains(r, "berakhir pada 31 Desember 2025")
        self.assertContains(r, "sudah kedaluwarsa")
        self.assertNotContains(r, "Jawa Barat memerlukan")
        self.assertContains(r, "notification-unread", count=2)
        self.assertContains(r, f'action="{self.read_url(self.first)}"')
        self.assertEqual(r.context["unread_notifications"], 2)

    def test_a_read_notification_is_not_highlighted(self):
        Notification.objects.filter(pk=self.first.pk).update(read_at=self.first.created)
        self.client.force_login(self.regency)
        r = self.client.get(self.url)
        self.assertContains(r, "notification-unread", count=1)
        self.assertContains(r, 'href="/pokja/32.04/sk/tambah/"')

    def test_query_count_does_not_grow_with_notifications(self):
        for number in range(60):
            Notification.objects.create(
                user=self.regency, kind=EXPIRING, key=f"test:{number}", title=f"Nomor {number}"
            )
        self.client.force_login(self.regency)
        # Session, user, the header's scope and unread count, page count, page.
        with self.assertNumQueries(6):
            r = self.client.get(self.url)
        self.assertContains(r, 'rel="next"')

    def test_reading_marks_read_and_opens_the_link(self):
        self.client.force_login(self.regency)
        r = self.client.post(self.read_url(self.first))
        self.assertRedirects(r, "/pokja/32.04/sk/tambah/", fetch_redirect_response=False)
        self.first.refresh_from_db()
        self.assertIsNotNone(self.first.read_at)

    def test_reading_in_english_opens_the_english_page(self):
        self.client.force_login(self.regency)
        r = self.client.post(f"/en{self.read_url(self.first)}")
        self.assertRedirects(r, "/en/pokja/32.04/sk/tambah/", fetch_redirect_response=False)

    def test_a_notification_without_link_returns_to_the_list(self):
        self.client.force_login(self.regency)
        r = self.client.post(self.read_url(self.second))
        self.assertRedirects(r, self.url)

    def test_another_users_notification_is_404(self):
        self.client.force_login(self.regency)
        self.assertEqual(self.client.post(self.read_url(self.others)).status_code, 404)
        self.others.refresh_from_db()
        self.assertIsNone(self.others.read_at)

    def test_reading_needs_post(self):
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get(self.read_url(self.first)).status_code, 405)
        self.assertEqual(self.client.get("/notifikasi/baca-semua/").status_code, 405)

    def test_mark_all_read_touches_only_own_notifications(self):
        self.client.force_login(self.regency)
        self.assertRedirects(self.client.post("/notifikasi/baca-semua/"), self.url)
        self.assertFalse(self.regency.notifications.filter(read_at__isnull=True).exists())
        self.others.refresh_from_db()
        self.assertIsNone(self.others.read_at)

    def test_visitor_is_sent_to_sign_in(self):
        self.assertRedirects(self.client.get(self.url), f"/akun/masuk/?next={self.url}")
        for url in (self.read_url(self.first), "/notifikasi/baca-semua/"):
            r = self.client.post(url)
            self.assertRedirects(r, f"/akun/masuk/?next={url}", fetch_redirect_response=False)
        self.first.refresh_from_db()
        self.assertIsNone(self.first.read_at)


class UnreadCountTestCase(BaseTestCase):
    def test_it_counts_unread_notifications_with_one_query_when_shown(self):
        notify(self.member, EXPIRING, "a", "A", email=False)
        read = notify(self.member, EXPIRING, "b", "B", email=False)
        Notification.objects.filter(pk=read.pk).update(read_at=read.created)
        request = RequestFactory().get("/")
        request.user = self.member
        with self.assertNumQueries(0):
            context = unread_context(request)
        with self.assertNumQueries(1):
            self.assertEqual(context["unread_notifications"], 1)
            self.assertEqual(str(context["unread_notifications"]), "1")

    def test_visitors_get_nothing(self):
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        with self.assertNumQueries(0):
            self.assertEqual(unread_context(request), {})
