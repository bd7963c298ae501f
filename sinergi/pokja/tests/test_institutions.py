from sinergi.pokja.models import Institution
from sinergi.test import BaseTestCase


class InstitutionCatalogueTestCase(BaseTestCase):
    def test_visitor_searches_the_catalogue(self):
        r = self.client.get("/lembaga/?q=bappeda")
        self.assertContains(r, "Bappeda Kabupaten Bandung")
        r = self.client.get("/lembaga/?kategori=perguruan_tinggi")
        self.assertNotContains(r, "Bappeda Kabupaten Bandung")

    def test_query_count(self):
        with self.assertNumQueries(2):
            self.client.get("/lembaga/")


class AddInstitutionTestCase(BaseTestCase):
    url = "/pokja/32.04/lembaga/tambah/"

    def test_secretariat_adds_an_institution_in_its_region(self):
        self.client.force_login(self.regency)
        r = self.client.post(
            self.url,
            {
                "name": "Dinas Kesehatan Kabupaten Bandung",
                "category": "opd",
                "core_role": "kesehatan",
            },
        )
        self.assertRedirects(r, "/pokja/32.04/anggota/tambah/")
        self.assertEqual(
            Institution.objects.get(name="Dinas Kesehatan Kabupaten Bandung").region,
            self.kab_bandung,
        )

    def test_a_duplicate_name_in_the_region_is_refused_clearly(self):
        self.client.force_login(self.regency)
        r = self.client.post(
            self.url, {"name": "  bappeda kabupaten  bandung ", "category": "bappeda"}
        )
        self.assertContains(r, "Wilayah ini sudah memiliki lembaga dengan nama tersebut")
        self.assertEqual(Institution.objects.count(), 1)

    def test_access(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
