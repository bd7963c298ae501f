from auditlog.models import LogEntry

from sinergi.test import BaseTestCase


class WorkspaceTestCase(BaseTestCase):
    url = "/pokja/32.04/ruang-kerja/"

    def test_it_shows_the_group_to_its_secretariat_with_an_edit_link(self):
        self.client.force_login(self.regency)
        r = self.client.get(self.url)
        self.assertContains(r, "Pokja AMPL Kabupaten Bandung")
        self.assertContains(r, "/pokja/32.04/ubah/")
        self.assertContains(r, self.member.email)  # people with access

    def test_it_shows_the_group_to_a_member_without_edit_link(self):
        self.client.force_login(self.member)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "/pokja/32.04/ubah/")

    def test_provincial_and_national_secretariats_read_it(self):
        for user in (self.provincial, self.national):
            self.client.force_login(user)
            r = self.client.get(self.url)
            self.assertEqual(r.status_code, 200)
            self.assertNotContains(r, "/pokja/32.04/ubah/")

    def test_outsider_gets_404(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_visitor_is_sent_to_sign_in(self):
        r = self.client.get(self.url)
        self.assertRedirects(r, f"/akun/masuk/?next={self.url}")

    def test_unknown_group_is_404(self):
        self.client.force_login(self.national)
        self.assertEqual(self.client.get("/pokja/32.73/ruang-kerja/").status_code, 404)

    def test_it_shows_the_history_of_changes(self):
        self.client.force_login(self.regency)
        self.client.post(
            "/pokja/32.04/ubah/",
            {"name": "Pokja PKP Kabupaten Bandung", "kind": "pkp", "email": ""},
        )
        r = self.client.get(self.url)
        self.assertContains(r, "Pokja PKP Kabupaten Bandung")
        entry = LogEntry.objects.get_for_object(self.bandung_group).first()
        self.assertEqual(entry.actor, self.regency)
        self.assertContains(r, "Asep")

    def test_query_count_is_constant(self):
        self.client.force_login(self.regency)
        # One of them reads the removed records (pokja/removal.py), their authors joined.
        with self.assertNumQueries(12):
            self.client.get(self.url)
