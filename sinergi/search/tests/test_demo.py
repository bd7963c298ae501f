from sinergi.search import demo
from sinergi.search.models import SearchEntry
from sinergi.search.tests.base import SearchTestCase, find, make_post


class DemoTestCase(SearchTestCase):
    def test_it_indexes_what_was_written_in_bulk_once(self):
        make_post(self.bandung_group, "Berita sanitasi", "Isi")
        SearchEntry.objects.all().delete()  # as if the post had been bulk-created
        # The post and the base's institution (Bappeda Kabupaten Bandung).
        self.assertEqual(demo.load_demo(), {"search entries": 2})
        self.assertEqual(demo.load_demo(), {"search entries": 0})
        self.assertEqual(find("sanitasi"), ["Berita sanitasi"])
