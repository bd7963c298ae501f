from io import StringIO

from django.core.management import call_command
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import TestCase

from sinergi.regions.actions import do_load_regions
from sinergi.regions.models import Region

L, K = Region.Level, Region.Kind


class LoadRegionsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.first = do_load_regions()

    def counts(self):
        return {
            "provinces": Region.objects.filter(level=L.PROVINCE).count(),
            "kabupaten": Region.objects.filter(kind=K.REGENCY).count(),
            "kota": Region.objects.filter(kind=K.CITY).count(),
            "kecamatan": Region.objects.filter(level=L.DISTRICT).count(),
            "desa_kelurahan": Region.objects.filter(level=L.VILLAGE).count(),
        }

    def test_it_loads_every_region_of_kepmendagri_2025(self):
        self.assertEqual(
            self.counts(),
            {
                "provinces": 38,
                "kabupaten": 416,
                "kota": 98,
                "kecamatan": 7285,
                "desa_kelurahan": 83762,
            },
        )
        self.assertEqual(self.first.created, 1 + 38 + 514 + 7285 + 83762)

    def test_a_second_run_changes_nothing(self):
        before = self.counts()
        result = do_load_regions()
        self.assertEqual((result.created, result.updated, result.differing), (0, 0, 0))
        self.assertEqual(self.counts(), before)

    def test_codes_and_names_match_kemendagri(self):
        expected = {
            "11": ("Aceh", K.PROVINCE, "ID"),
            "32": ("Jawa Barat", K.PROVINCE, "ID"),
            "91": ("Papua", K.PROVINCE, "ID"),
            "94": ("Papua Tengah", K.PROVINCE, "ID"),
            "96": ("Papua Barat Daya", K.PROVINCE, "ID"),
            "32.01": ("Kabupaten Bogor", K.REGENCY, "32"),
            "32.73": ("Kota Bandung", K.CITY, "32"),
            "53.71": ("Kota Kupang", K.CITY, "53"),
            "31.71": ("Kota Administrasi Jakarta Pusat", K.CITY, "31"),
            "32.01.01": ("Cibinong", K.DISTRICT, "32.01"),
            "32.01.01.1001": ("Pondok Rajeg", K.URBAN_VILLAGE, "32.01.01"),
        }
        regions = Region.objects.select_related("parent").in_bulk(expected, field_name="code")
        for code, (name, kind, parent) in expected.items():
            region = regions[code]
            self.assertEqual((region.name, region.kind, region.parent.code), (name, kind, parent))
        self.assertEqual(Region.objects.national().name, "Indonesia")

    def test_every_region_lies_below_its_parent(self):
        wrong = Region.objects.filter(level__gt=L.PROVINCE).exclude(
            code__startswith=Concat(F("parent__code"), Value("."))
        )
        self.assertFalse(wrong.exists())

    def test_edited_names_are_kept_unless_update_is_asked(self):
        Region.objects.filter(code="32.01").update(name="Kab. Bogor")
        result = do_load_regions(max_level=L.REGENCY)
        self.assertEqual(result.differing, 1)
        self.assertEqual(Region.objects.get(code="32.01").name, "Kab. Bogor")
        result = do_load_regions(max_level=L.REGENCY, update=True)
        self.assertEqual(result.updated, 1)
        self.assertEqual(Region.objects.get(code="32.01").name, "Kabupaten Bogor")

    def test_the_command_prints_counts(self):
        out = StringIO()
        call_command("load_regions", "--depth", "2", stdout=out)
        self.assertIn("0 created", out.getvalue())
        self.assertIn("38", out.getvalue())
