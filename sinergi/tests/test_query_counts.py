"""No page's query count grows with the data (issue 18): every page and API family of the
benchmark's plan (`portal/bench/run.plan`), requested by its persona with a cold cache, makes
as many queries over the benchmark data set at one size as at three times that size.

Every paginated list shows all its rows on one page here (`whole_pages`): with pages of 50 or
100 rows, full at both sizes, a query per row would cost the same at both and go unseen.

Two things that legitimately cost a fixed query more or less are held equal at both sizes, so
that only a cost that grows with the data shows:
- an API list counts its rows exactly up to `api.pagination.EXACT_COUNT` and asks the
  database's estimate beyond (one query more, once): here every list is counted exactly;
- a programme's page looks up the programmes and the place of its overlaps only when it has
  some (two queries, whatever their number: programmes/tests/test_pages.py); the smaller
  data set has no overlap, so the programme's step takes, at both sizes, the first programme
  of the plan's choice that overlaps no other.
"""

from unittest import mock

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from sinergi.monitoring.reference import load_catalogue
from sinergi.pokja.reference import load_reference
from sinergi.portal.bench import run
from sinergi.portal.bench.generate import generate
from sinergi.programmes import overlaps
from sinergi.programmes.models import Programme
from sinergi.regions.models import Region
from sinergi.test import make_region

SMALL, LARGE = 0.002, 0.006  # one kabupaten/kota of the data set, then three; rows × 3


def quiet(*args):
    pass


paginate = Paginator.__init__


def whole_pages(self, object_list, per_page, *args, **kwargs):
    """Django's and DRF's paginators with a page larger than any list of the data set."""
    paginate(self, object_list, 10**6, *args, **kwargs)


def comparable(steps, group):
    """The plan's steps, with the programme's page that of the first programme of `group`
    (else of any group) overlapping no other: the plan takes the group's first programme,
    which overlaps another at one size and not at the other."""
    overlapping = overlaps._all_overlapping()
    alone = Programme.objects.exclude(pk__in=overlapping).order_by("pk")
    programme = alone.filter(registered_by=group).first() or alone.first()
    url = programme.get_absolute_url()
    return [
        run.Step(step.family, step.persona, url) if step.family == "programme" else step
        for step in steps
    ]


class QueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        K = Region.Kind
        nation = make_region("ID", "Indonesia", K.NATION, None)
        regencies = {"32": ("32.04", "32.73", "32.01", "32.02"), "53": ("53.01", "53.71")}
        for province, codes in regencies.items():
            parent = make_region(province, f"Provinsi {province}", K.PROVINCE, nation)
            for code in codes:
                regency = make_region(code, f"Kabupaten {code}", K.REGENCY, parent)
                district = make_region(f"{code}.01", f"Kecamatan {code}", K.DISTRICT, regency)
                for n in range(1, 5):
                    make_region(f"{code}.01.200{n}", f"Desa {code}.{n}", K.VILLAGE, district)
        load_reference()
        load_catalogue()

    def query_counts(self, scale) -> dict:
        """{(persona, page): queries} over the data set generated at `scale` (rolled back)."""
        counts = {}
        with transaction.atomic():
            generate(scale=scale, log=quiet)
            groups = run.persona_groups()
            users = run.persona_users(groups)
            for step in comparable(run.plan(groups), groups[run.REGENCY]):
                self.client.logout()
                if step.persona != run.ANONYMOUS:
                    self.client.force_login(users[step.persona])
                cache.clear()  # cold: cached figures are computed, as after a write
                # and so is the process's own cache of content types (or only the first
                # size would look them up).
                ContentType.objects.clear_cache()
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(step.url)
                    if response.streaming:
                        b"".join(response.streaming_content)
                self.assertEqual(response.status_code, 200, step.url)
                counts[step.persona, step.family] = len(queries)
            transaction.set_rollback(True)
        return counts

    @mock.patch.object(Paginator, "__init__", whole_pages)
    @mock.patch("sinergi.api.pagination.EXACT_COUNT", 10**9)
    def test_no_page_makes_more_queries_with_more_data(self):
        small, large = self.query_counts(SMALL), self.query_counts(LARGE)
        self.assertEqual(small.keys(), large.keys())
        grown = {page: (small[page], large[page]) for page in small if small[page] != large[page]}
        self.assertEqual(grown, {}, "queries at the small and the large size")
