from django.core.cache import cache
from django.utils import translation

from sinergi.facilities.models import Facility
from sinergi.opendata.datasets import DATASETS, by_slug
from sinergi.opendata.tests.base import OpenDataTestCase
from sinergi.programmes.models import Programme


class CatalogueTestCase(OpenDataTestCase):
    def test_it_lists_every_dataset_with_its_licence_publisher_and_downloads(self):
        r = self.client.get("/en/data/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Open data")
        self.assertContains(r, 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"')
        self.assertContains(r, "Sekretariat Pokja AMPL Nasional")
        self.assertContains(
            r, '<link rel="alternate" type="application/ld+json" href="/en/data/catalog.jsonld"'
        )
        for dataset in DATASETS:
            self.assertContains(r, str(dataset.title))
            self.assertContains(r, f'href="/en/data/{dataset.slug}/"')
            for fmt in dataset.formats:
                self.assertContains(r, f'href="/en/data/unduh/{dataset.slug}.{fmt}"')
        self.assertNotContains(r, 'href="/en/data/unduh/indikator.geojson"')

    def test_it_speaks_indonesian_at_the_plain_address(self):
        r = self.client.get("/data/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, '<html lang="id">')
        with translation.override("id"):
            self.assertContains(r, str(by_slug("sarana").title))

    def test_the_publisher_is_the_installation_s(self):
        with self.settings(OPEN_DATA_PUBLISHER="Pokja AMPL Provinsi Jawa Barat"):
            self.assertContains(self.client.get("/en/data/"), "Pokja AMPL Provinsi Jawa Barat")

    def test_the_page_has_a_bounded_number_of_queries(self):
        # One aggregate per dataset with data of its own and a date (six), and the demo-data flag.
        with self.assertNumQueries(7):
            self.client.get("/data/")
        with self.assertNumQueries(0):  # the dates are kept for a few minutes
            self.client.get("/data/")
        for n in range(20):
            Facility.objects.create(name=f"Sumur {n}", village=self.cinunuk, kind="sumur_bor")
            Programme.objects.create(
                name=f"Program {n}",
                kind="dak",
                sector="sanitasi",
                starts_on="2024-01-01",
                ends_on="2024-12-31",
                registered_by=self.kupang_group,
            )
        cache.clear()
        with self.assertNumQueries(7):
            self.client.get("/data/")

    def test_it_is_read_only(self):
        self.assertEqual(self.client.post("/data/").status_code, 405)


class DatasetPageTestCase(OpenDataTestCase):
    def test_it_has_the_data_dictionary_in_the_reader_s_language(self):
        r = self.client.get("/en/data/nilai-indikator/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "<code>indicator_code</code>")
        self.assertContains(r, "Code of the indicator (see the indicator catalogue).")
        self.assertContains(r, "decimal number, with a point as decimal separator")
        self.assertContains(r, "continuously, as working groups record data")
        self.assertContains(r, 'href="/en/data/unduh/nilai-indikator.csv"')
        self.assertContains(r, "at most 50,000 rows")
        r = self.client.get("/data/nilai-indikator/")
        with translation.override("id"):
            column = by_slug("nilai-indikator").columns[0]
            self.assertContains(r, str(column.description))

    def test_a_located_dataset_explains_its_geometry(self):
        self.assertContains(self.client.get("/en/data/sarana/"), "A row without coordinates")
        self.assertContains(self.client.get("/en/data/kelompok-kerja/"), "Badan Informasi")
        self.assertNotContains(self.client.get("/en/data/target/"), "GeoJSON")

    def test_its_queries_are_bounded(self):
        with self.assertNumQueries(7):
            self.client.get("/data/sarana/")
        with self.assertNumQueries(0):
            self.client.get("/data/target/")

    def test_an_unknown_dataset_is_404(self):
        self.assertEqual(self.client.get("/data/rahasia/").status_code, 404)
        self.assertEqual(self.client.get("/en/data/rahasia/").status_code, 404)
