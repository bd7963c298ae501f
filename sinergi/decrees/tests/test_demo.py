from sinergi.decrees.demo import load_demo
from sinergi.decrees.models import Decree
from sinergi.test import BaseTestCase, add_member


class DecreesDemoTestCase(BaseTestCase):
    def test_demo_decrees_appoint_the_roster_of_their_first_day_as_snapshots(self):
        chair = add_member(self.bandung_group, "Ir. H. Dadang Supriatna", "ketua", "2021-01-01")
        add_member(self.bandung_group, "Lina Marlina", "anggota", "2099-01-01")  # not yet
        self.assertEqual(load_demo(), {"decrees": 5})
        self.assertEqual(load_demo(), {"decrees": 0})
        decree = Decree.objects.get(working_group=self.bandung_group)
        appointment = decree.appointments.get()
        self.assertEqual(
            (appointment.membership, appointment.full_name, appointment.position),
            (chair, "Ir. H. Dadang Supriatna", "ketua"),
        )
