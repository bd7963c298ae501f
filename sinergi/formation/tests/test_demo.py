from django.utils import timezone

from sinergi.decrees.models import LegalStatus, legal_status_of
from sinergi.formation import demo
from sinergi.formation.models import Formation
from sinergi.formation.tests.base import FormationTestCase
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import Region
from sinergi.test import make_region


class DemoTestCase(FormationTestCase):
    def test_it_creates_a_formation_halfway_and_a_forum_once(self):
        make_region("32.05", "Kabupaten Garut", Region.Kind.REGENCY, self.jabar)
        self.assertEqual(demo.load_demo(), {"formations": 1, "forums": 1})
        self.assertEqual(demo.load_demo(), {"formations": 0, "forums": 0})

        formation = Formation.objects.get(working_group__region__code="53.11")
        self.assertTrue(formation.working_group.is_demo)
        self.assertEqual(
            [s.status for s in formation.steps.all()],
            ["done", "done", "in_progress", "not_started"],
        )
        self.assertEqual(formation.stakeholders.count(), len(demo.STAKEHOLDERS))
        self.assertIsNotNone(formation.orientation_meeting_on)

        forum = WorkingGroup.objects.get(region__code="32.05")
        self.assertEqual(
            (forum.name, forum.kind, forum.is_demo), ("Pokja PPAS Kabupaten Garut", "ppas", True)
        )
        decree = forum.decrees.get()
        self.assertEqual(decree.valid_until.year, timezone.localdate().year)
        self.assertIn(legal_status_of(forum), LegalStatus.valid())
