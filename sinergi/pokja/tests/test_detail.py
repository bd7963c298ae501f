from sinergi.test import BaseTestCase


class PublicProfileTestCase(BaseTestCase):
    def test_visitor_reads_the_public_profile(self):
        r = self.client.get("/pokja/32.04/")
        self.assertContains(r, "Pokja AMPL Kabupaten Bandung")
        self.assertContains(r, "Bappeda Kabupaten Bandung")
        self.assertNotContains(r, "ruang-kerja")

    def test_a_region_without_a_group_says_so(self):
        r = self.client.get("/pokja/32.73/")
        self.assertContains(r, "Kota Bandung")
        self.assertContains(r, "empat langkah")

    def test_member_gets_a_link_to_the_workspace(self):
        self.client.force_login(self.member)
        self.assertContains(self.client.get("/pokja/32.04/"), "/pokja/32.04/ruang-kerja/")

    def test_districts_and_unknown_codes_have_no_group_page(self):
        self.assertEqual(self.client.get("/pokja/32.04.05/").status_code, 404)
        self.assertEqual(self.client.get("/pokja/99/").status_code, 404)
        self.assertEqual(self.client.get("/pokja/abc/").status_code, 404)
