from sinergi.programmes import demo
from sinergi.programmes.models import Intake, Programme
from sinergi.programmes.overlaps import region_overlaps
from sinergi.programmes.tests.base import ProgrammeTestCase, on_day
from sinergi.test import make_region


class DemoTestCase(ProgrammeTestCase):
    @on_day("2025-06-30")  # the demo's overlapping programmes run in 2025
    def test_it_loads_once_with_one_overlap(self):
        make_region("32.04.05.2004", "Cinunuk", "desa", self.cileunyi)
        self.assertEqual(demo.load_demo(), {"programmes": 3})
        self.assertEqual(demo.load_demo(), {"programmes": 0})
        self.assertEqual(Intake.objects.count(), 3)
        [overlap] = region_overlaps(self.kab_bandung)
        self.assertEqual(overlap.region.code, "32.04.05.2004")

    def test_missing_villages_fall_back_to_the_kabupaten(self):
        Programme.objects.all().delete()
        demo.load_demo()
        pamsimas = Programme.objects.get(name__startswith="PAMSIMAS")
        codes = set(pamsimas.locations.values_list("code", flat=True))
        self.assertEqual(codes, {"32.04.05.2003", "32.04"})
