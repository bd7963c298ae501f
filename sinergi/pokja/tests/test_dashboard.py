from sinergi.test import BaseTestCase


class DashboardTestCase(BaseTestCase):
    def test_it_lists_own_groups_and_the_province_below(self):
        self.client.force_login(self.provincial)
        r = self.client.get("/dasbor/")
        self.assertContains(r, "Pokja AMPL Provinsi Jawa Barat")
        self.assertContains(r, "Pokja AMPL Kabupaten Bandung")
        self.assertNotContains(r, "Kabupaten Kupang")

    def test_member_sees_only_their_group(self):
        self.client.force_login(self.member)
        r = self.client.get("/dasbor/")
        self.assertContains(r, "Pokja AMPL Kabupaten Bandung")
        self.assertNotContains(r, "Jawa Barat")

    def test_visitor_is_sent_to_sign_in(self):
        self.assertRedirects(self.client.get("/dasbor/"), "/akun/masuk/?next=/dasbor/")

    def test_query_count_does_not_grow_with_groups(self):
        self.client.force_login(self.national)
        with self.assertNumQueries(8):  # 7, and the access requests waiting for a decision
            self.client.get("/dasbor/")
