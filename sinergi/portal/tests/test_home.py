from sinergi.test import BaseTestCase


class HomeTestCase(BaseTestCase):
    def test_it_says_what_a_pokja_ampl_is_in_indonesian(self):
        r = self.client.get("/")
        self.assertContains(r, '<html lang="id">')
        self.assertContains(r, "Kelompok Kerja Air Minum dan Penyehatan Lingkungan")
        self.assertContains(r, "Bappenas")
        self.assertContains(r, 'href="/wilayah/"')

    def test_it_counts_the_provinces_and_regencies_with_a_working_group(self):
        r = self.client.get("/")
        self.assertContains(r, '<span class="stat">2 / 2</span>', html=True)
        self.assertContains(r, '<span class="stat">2 / 3</span>', html=True)

    def test_the_language_switch_leads_to_the_same_page_in_english(self):
        r = self.client.get("/wilayah/32/")
        self.assertContains(r, 'href="/en/wilayah/32/"')
        r = self.client.get("/en/wilayah/32/")
        self.assertContains(r, '<html lang="en">')
        self.assertContains(r, 'href="/wilayah/32/"')
        self.assertContains(r, "Regions")

    def test_english_home(self):
        r = self.client.get("/en/")
        self.assertContains(r, "Working groups for drinking water and sanitation")
        self.assertContains(r, "Skip to content")

    def test_query_count(self):
        self.client.get("/")  # the figures are cached after the first visit
        with self.assertNumQueries(2):
            self.client.get("/")
