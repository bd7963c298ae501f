"""The benchmark's data generator at a tiny scale, and the load driver's list of pages."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import TestCase

from sinergi.facilities.models import Facility, Inspection
from sinergi.library.models import Document
from sinergi.meetings.models import ActionItem, Meeting
from sinergi.monitoring.models import DataValue, IndicatorYear, VillageTotal
from sinergi.monitoring.reference import load_catalogue
from sinergi.news.models import Post
from sinergi.pokja.models import Membership, Person, WorkingGroup
from sinergi.pokja.reference import load_reference
from sinergi.portal.bench import run
from sinergi.portal.bench.generate import (
    REGENCY_INDICATORS,
    REGENCY_YEARS,
    VILLAGE_INDICATORS,
    VILLAGE_YEARS,
    Generator,
    generate,
)
from sinergi.programmes.models import Programme
from sinergi.regions.models import Region
from sinergi.test import make_region

SCALE = 0.002


def quiet(*args):
    pass


def first_rows():
    """What a run wrote first, without ids (which differ between runs)."""
    return (
        list(Person.objects.order_by("pk").values_list("full_name", "nip")[:20]),
        list(Facility.objects.order_by("pk").values_list("name", "latitude")[:20]),
        list(DataValue.objects.order_by("pk").values_list("region__code", "value")[:20]),
        list(Meeting.objects.order_by("pk").values_list("title", "starts_at")[:20]),
    )


class GenerateBenchDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        K = Region.Kind
        nation = make_region("ID", "Indonesia", K.NATION, None)
        for province, regencies in (("32", ("32.04", "32.73")), ("53", ("53.01",))):
            parent = make_region(province, f"Provinsi {province}", K.PROVINCE, nation)
            for code in regencies:
                regency = make_region(code, f"Kabupaten {code}", K.REGENCY, parent)
                district = make_region(f"{code}.01", f"Kecamatan {code}", K.DISTRICT, regency)
                for n in range(1, 4):
                    name = f"Desa {code}.{n}"
                    make_region(f"{code}.01.200{n}", name, K.VILLAGE, district)
        load_reference()
        load_catalogue()

    def test_it_writes_every_kind_of_record_at_the_scale_asked(self):
        result = generate(scale=SCALE, log=quiet)

        # One kabupaten/kota of three at this scale, the personas' own (32.04), and every
        # province; the national group came from load_reference.
        self.assertEqual(result.counts["regencies in the data set"], 1)
        self.assertEqual(WorkingGroup.objects.count(), 1 + 2 + 1)
        self.assertTrue(WorkingGroup.objects.filter(region__code="32.04").exists())
        self.assertEqual(Membership.objects.filter(ended_on__isnull=True).count(), 4 * 30)
        self.assertGreater(Membership.objects.filter(ended_on__isnull=False).count(), 0)
        self.assertEqual(Programme.objects.count(), 10)
        self.assertEqual(Facility.objects.count(), 200)
        self.assertEqual(Inspection.objects.count(), 600)
        self.assertEqual(Meeting.objects.count(), 100)
        self.assertEqual(ActionItem.objects.count(), 200)
        self.assertEqual(Document.objects.count(), 40)
        self.assertEqual(Post.objects.count(), 20)
        villages = 3
        self.assertEqual(
            DataValue.objects.count(),
            REGENCY_INDICATORS * REGENCY_YEARS + VILLAGE_INDICATORS * VILLAGE_YEARS * villages,
        )
        # The triggers kept the summaries.
        self.assertEqual(IndicatorYear.objects.count(), REGENCY_INDICATORS * REGENCY_YEARS)
        self.assertEqual(VillageTotal.objects.count(), VILLAGE_INDICATORS * VILLAGE_YEARS)
        self.assertEqual(
            sum(VillageTotal.objects.values_list("count", flat=True)),
            VILLAGE_INDICATORS * VILLAGE_YEARS * villages,
        )
        self.assertEqual(
            set(result.personas.values()),
            {
                "sekretariat.id@bench.sinergi.test",
                "sekretariat.32@bench.sinergi.test",
                "sekretariat.32-04@bench.sinergi.test",
            },
        )

    def test_the_same_seed_writes_the_same_rows(self):
        runs = []
        for _ in range(2):
            with transaction.atomic():
                generate(scale=SCALE, seed=18, log=quiet)
                runs.append(first_rows())
                transaction.set_rollback(True)
        self.assertEqual(runs[0], runs[1])
        self.assertEqual(len(runs[0][0]), 20)
        names = [[Generator(SCALE, seed, quiet).name() for _ in range(5)] for seed in (18, 19)]
        self.assertNotEqual(names[0], names[1])

    def test_it_refuses_a_database_with_working_groups(self):
        call_command("generate_bench_data", "--scale", str(SCALE), stdout=StringIO())
        facilities = Facility.objects.count()
        with self.assertRaisesMessage(CommandError, "already has 3 working groups"):
            call_command("generate_bench_data", "--scale", str(SCALE), stdout=StringIO())
        out = StringIO()
        call_command("generate_bench_data", "--if-missing", stdout=out)
        self.assertIn("already holds benchmark data", out.getvalue())
        self.assertEqual(Facility.objects.count(), facilities)
        with self.assertRaisesMessage(CommandError, "--scale is a fraction"):
            call_command("generate_bench_data", "--scale", "2", stdout=StringIO())

    def test_every_page_of_the_driver_answers_its_persona(self):
        generate(scale=SCALE, log=quiet)
        groups = run.persona_groups()
        users = run.persona_users(groups)
        steps = run.plan(groups)
        self.assertEqual({s.persona for s in steps}, set(run.PERSONAS))
        self.assertTrue(set(run.DASHBOARDS) <= {s.family for s in steps})
        for step in steps:
            self.client.logout()
            if step.persona != run.ANONYMOUS:
                self.client.force_login(users[step.persona])
            response = self.client.get(step.url)
            self.assertEqual(response.status_code, 200, f"{step.persona} {step.url}")
