from sinergi.test import BaseTestCase


class RegionPagesTestCase(BaseTestCase):
    def test_the_directory_lists_the_provinces_with_their_working_groups(self):
        r = self.client.get("/wilayah/")
        self.assertContains(r, '<a href="/wilayah/32/">Jawa Barat</a>', html=True)
        self.assertContains(r, "Pokja AMPL Provinsi Jawa Barat")
        self.assertContains(r, "/pokja/ID/")  # the national working group

    def test_a_regency_page_has_breadcrumbs_and_its_districts(self):
        r = self.client.get("/wilayah/32.04/")
        self.assertContains(r, '<a href="/wilayah/">Indonesia</a>', html=True)
        self.assertContains(r, '<a href="/wilayah/32/">Jawa Barat</a>', html=True)
        self.assertContains(r, '<a href="/wilayah/32.04.05/">Cileunyi</a>', html=True)
        self.assertContains(r, "Pokja AMPL Kabupaten Bandung")

    def test_a_village_page_shows_its_full_path(self):
        r = self.client.get("/wilayah/32.04.05.2001/")
        self.assertContains(r, "<h1>Cinunuk</h1>", html=True)
        self.assertContains(r, '<a href="/wilayah/32.04.05/">Cileunyi</a>', html=True)
        self.assertContains(r, "Desa")

    def test_unknown_and_malformed_codes_are_404(self):
        for url in ("/wilayah/99/", "/wilayah/32.4/", "/wilayah/x/", "/wilayah/32.04.05.20011/"):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_it_speaks_english_under_en(self):
        r = self.client.get("/en/wilayah/32.04/")
        self.assertContains(r, "Regency")
        self.assertContains(r, '<html lang="en">')

    def test_query_counts_are_constant(self):
        with self.assertNumQueries(3):
            self.client.get("/wilayah/")
        with self.assertNumQueries(3):
            self.client.get("/wilayah/32.04.05.2001/")
