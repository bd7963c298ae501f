"""Reopening a closed action item from its page (issue 15, small things)."""

from auditlog.models import LogEntry
from django.utils import timezone

from sinergi.meetings.models import ActionItem
from sinergi.meetings.tests.base import MeetingTestCase, make_item


class ReopenTestCase(MeetingTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dadang_item = make_item(cls.bandung_group, "Milik Dadang", cls.dadang)

    def setUp(self):
        for item in (self.item, self.dadang_item):
            item.status, item.closed_on = ActionItem.Status.DONE, timezone.localdate()
            item.closing_note = "Jadwal terbit."
            item.save()

    def url(self, item=None):
        return f"/pokja/32.04/tindak-lanjut/{(item or self.item).pk}/buka-kembali/"

    def assert_open(self, item, is_open=True):
        item.refresh_from_db()
        self.assertEqual(item.status == ActionItem.Status.OPEN, is_open)
        if is_open:
            self.assertIsNone(item.closed_on)
            self.assertEqual(item.closing_note, "")

    def test_secretariat_reopens_and_history_records_it(self):
        self.client.force_login(self.regency)
        detail = f"/pokja/32.04/tindak-lanjut/{self.item.pk}/"
        self.assertContains(self.client.get(detail), self.url())
        response = self.client.post(self.url())
        self.assertRedirects(response, detail)
        self.assert_open(self.item)
        change = LogEntry.objects.get_for_object(self.item).first()
        self.assertEqual(change.actor, self.regency)
        self.assertIn("closed_on", change.changes_dict)
        response = self.client.get(detail)
        self.assertNotContains(response, self.url())
        self.assertContains(response, "/tutup/")

    def test_owner_may_reopen_their_own_item(self):
        self.client.force_login(self.member)
        self.assertContains(
            self.client.get(f"/pokja/32.04/tindak-lanjut/{self.item.pk}/"), self.url()
        )
        self.assertEqual(self.client.post(self.url()).status_code, 302)
        self.assert_open(self.item)

    def test_readers_get_403_outsiders_404_get_405(self):
        for user, item, status in [
            (self.member, self.dadang_item, 403),
            (self.provincial, self.item, 403),
            (self.national, self.item, 403),
            (self.outsider, self.item, 404),
        ]:
            with self.subTest(user=user.email, item=item.title):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url(item)).status_code, status)
                self.assert_open(item, False)
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get(self.url()).status_code, 405)
        self.assert_open(self.item, False)
        self.client.force_login(self.member)
        detail = f"/pokja/32.04/tindak-lanjut/{self.dadang_item.pk}/"
        self.assertNotContains(self.client.get(detail), self.url(self.dadang_item))

    def test_an_open_item_stays_as_it_is(self):
        self.item.status, self.item.closed_on = ActionItem.Status.OPEN, None
        self.item.closing_note = ""
        self.item.save()
        self.client.force_login(self.regency)
        self.assertEqual(self.client.post(self.url()).status_code, 302)
        self.assert_open(self.item)
