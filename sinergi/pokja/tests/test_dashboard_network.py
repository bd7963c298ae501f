"""The dashboard leads to the network's tasks: the requests for secretariat access a user may
decide, and for the national secretariat the directory import and the bulk invitation."""

from sinergi.accounts.models import User
from sinergi.pokja.models import AccessRequest
from sinergi.test import BaseTestCase


class NetworkTasksTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        officer = User.objects.create_user("officer@example.org", "x", full_name="Yanti")
        AccessRequest.objects.create(
            user=officer,
            working_group=cls.bandung_group,
            job_title="Kepala Subbidang Permukiman",
            institution_name="Bappeda Kabupaten Bandung",
        )

    def test_the_province_sees_the_request_it_may_decide(self):
        self.client.force_login(self.provincial)
        page = self.client.get("/en/dasbor/")
        self.assertContains(page, "1 request for secretariat access waits for your decision")
        self.assertContains(page, 'href="/en/permintaan-akses/"')
        self.assertNotContains(page, "Import the directory of working groups")

    def test_the_national_secretariat_brings_the_network_in(self):
        self.client.force_login(self.national)
        page = self.client.get("/en/dasbor/")
        self.assertContains(page, 'href="/en/pokja/impor-direktori/"')
        self.assertContains(page, 'href="/en/pokja/undang-sekretariat/"')

    def test_a_member_sees_no_network_tasks(self):
        self.client.force_login(self.member)
        self.assertNotContains(self.client.get("/en/dasbor/"), "The network")


class AccessRequestNotificationsTestCase(BaseTestCase):
    """The secretariat above is told of a request, and the requester of the decision."""

    def test_the_province_is_told_and_the_requester_hears_the_decision(self):
        from django.core import mail

        from sinergi.accounts.models import Notification
        from sinergi.pokja.onboarding import do_decide_access_request, do_request_access

        officer = User.objects.create_user("yanti@example.org", "x", full_name="Yanti")
        request = do_request_access(
            officer, self.bandung_group, "Kepala Subbidang", "Bappeda Kabupaten Bandung"
        )
        told = Notification.objects.get(kind=Notification.Kind.ACCESS_REQUEST)
        self.assertEqual(told.user, self.provincial)  # not the national one: the nearest above
        self.assertEqual(told.url, "/pokja/32.04/permintaan-akses/")
        self.assertIn("Yanti", told.title)

        do_decide_access_request(request, False, self.provincial, "Belum ada surat tugas.")
        heard = Notification.objects.get(user=officer)
        self.assertIn("ditolak", heard.title)
        self.assertEqual(heard.body, "Belum ada surat tugas.")
        self.assertEqual(heard.url, "/pokja/32.04/minta-akses/")
        self.assertEqual(len(mail.outbox), 2)

    def test_a_province_request_goes_to_the_national_secretariat(self):
        from sinergi.accounts.models import Notification
        from sinergi.pokja.onboarding import do_request_access

        officer = User.objects.create_user("dewi@example.org", "x", full_name="Dewi")
        do_request_access(officer, self.jabar_group, "Kepala Bidang", "Bappeda Jawa Barat")
        told = Notification.objects.get(kind=Notification.Kind.ACCESS_REQUEST)
        self.assertEqual(told.user, self.national)


def test_the_demo_has_a_request_waiting_for_the_ntt_login(demo, client):
    from io import StringIO

    from django.core.management import call_command

    ntt = User.objects.get(email="ntt@demo.sinergi.test")
    client.force_login(ntt)
    page = client.get("/en/dasbor/")
    assert "1 request for secretariat access waits for your decision" in page.content.decode()
    call_command("load_demo", stdout=StringIO())  # again: still one
    assert AccessRequest.objects.filter(working_group__region__code="53.71").count() == 1
