from sinergi.pokja.actions import do_add_member
from sinergi.pokja.models import Membership, Person
from sinergi.test import BaseTestCase

D = "2025-01-06"


class AddMemberActionTestCase(BaseTestCase):
    def test_a_new_person_joins_representing_their_institution(self):
        person = Person(full_name="Dadang Suherman", institution=self.bappeda)
        membership = do_add_member(
            self.bandung_group, person, Membership(position="anggota", started_on=D)
        )
        membership.refresh_from_db()
        self.assertIsNotNone(person.pk)
        self.assertEqual(
            (membership.person, membership.working_group, membership.institution),
            (person, self.bandung_group, self.bappeda),
        )

    def test_a_registered_person_joins_as_stored(self):
        person = Person.objects.create(full_name="Dedi Mulyadi", email="dedi@example.org")
        do_add_member(self.bandung_group, person, Membership(position="anggota", started_on=D))
        self.assertEqual(Person.objects.count(), 1)
        self.assertEqual(person.memberships.get().institution, None)
