"""One person holds one position in a working group at a time (issue 15, item 4): the add and
edit forms, the roster import and a successor who already sits in the group never open a
second membership that overlaps the first."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import translation

from sinergi.pokja import actions
from sinergi.pokja.models import Handover, Institution, Membership, Person
from sinergi.pokja.roster_io import COLUMNS
from sinergi.pokja.tests.test_roster_io import GOOD_ROWS, NIP_ASEP, RosterIOTestCase, row, xlsx
from sinergi.test import BaseTestCase, add_member

D = datetime.date
NIP_RINA = "198107222006042004"


def corrected(values, **changes):
    """A row of GOOD_ROWS with some cells corrected."""
    cells = dict(zip([column.key for column in COLUMNS], values, strict=True))
    return row(**{**cells, **changes})


ASEP_AT_BAPPEDA = corrected(GOOD_ROWS[2], institution_name="Bappeda Kabupaten Bandung")


class ImportTwiceTestCase(RosterIOTestCase):
    def test_importing_the_same_roster_twice_creates_nothing_the_second_time(self):
        self.client.force_login(self.regency)
        self.upload(xlsx(GOOD_ROWS), language="/en")
        before = self.counts()
        r = self.upload(xlsx(GOOD_ROWS), language="/en")
        self.assertIn("Created: 0, changed: 0, unchanged: 3.", self.summary(r))
        self.assertEqual(self.counts(), before)

    def test_a_corrected_roster_never_opens_a_second_membership(self):
        # The reproduction: the corrected roster fixed the start dates and a field, and the
        # import added duplicate open memberships for the people already in the group.
        self.client.force_login(self.regency)
        self.upload(xlsx(GOOD_ROWS), language="/en")
        before = self.counts()
        fixed = [
            corrected(GOOD_ROWS[0], started_on="01/03/2024"),
            corrected(GOOD_ROWS[1], started_on="2024-03-01"),
            corrected(GOOD_ROWS[2], field="air_minum"),
        ]
        r = self.upload(xlsx(fixed), language="/en")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(
            self.problems(r),
            {(2, "Jabatan di Pokja"), (3, "Jabatan di Pokja"), (4, "Jabatan di Pokja")},
        )
        self.assertContains(r, "already holds a position in this working group", count=3)
        self.assertContains(r, "Change position from a date")
        self.assertEqual(self.counts(), before)
        for person in Person.objects.all():
            self.assertEqual(person.memberships.filter(ended_on__isnull=True).count(), 1)

    def test_identical_rows_pass_beside_a_refused_one_only_when_the_file_is_clean(self):
        self.client.force_login(self.regency)
        self.upload(xlsx(GOOD_ROWS), language="/en")
        before = self.counts()
        r = self.upload(
            xlsx([*GOOD_ROWS[:2], corrected(GOOD_ROWS[2], position="ketua")]), language="/en"
        )
        self.assertEqual(self.problems(r), {(4, "Jabatan di Pokja")})
        self.assertEqual(self.counts(), before)

    def test_a_row_after_an_ended_membership_starts_the_next_one(self):
        asep = add_member(self.bandung_group, "Asep Sunarya", nip=NIP_ASEP, started_on="2020-01-01")
        asep.ended_on, asep.end_reason = D(2024, 1, 31), Membership.EndReason.RESIGNATION
        asep.save()
        self.client.force_login(self.regency)
        r = self.upload(xlsx([ASEP_AT_BAPPEDA]), language="/en")
        self.assertIn("Created: 1,", self.summary(r))
        self.assertEqual(asep.person.memberships.count(), 2)

    def test_a_row_overlapping_an_ended_membership_is_refused(self):
        asep = add_member(self.bandung_group, "Asep Sunarya", nip=NIP_ASEP, started_on="2020-01-01")
        asep.ended_on, asep.end_reason = D(2024, 6, 30), Membership.EndReason.RESIGNATION
        asep.save()
        self.client.force_login(self.regency)
        r = self.upload(xlsx([ASEP_AT_BAPPEDA]), language="/en")
        self.assertEqual(self.problems(r), {(2, "Jabatan di Pokja")})
        self.assertContains(r, "one person holds one position at a time")

    def test_an_identical_row_may_update_the_duties(self):
        self.client.force_login(self.regency)
        self.upload(xlsx(GOOD_ROWS), language="/en")
        r = self.upload(
            xlsx([corrected(GOOD_ROWS[1], duties="Menyusun notulen dan laporan")]), language="/en"
        )
        self.assertIn("Created: 0, changed: 1, unchanged: 0.", self.summary(r))
        secretary = Membership.objects.get(person__full_name="Sri Wahyuni")
        self.assertEqual(secretary.duties, "Menyusun notulen dan laporan")

    def test_a_history_with_a_change_of_position_imports_again_unchanged(self):
        self.client.force_login(self.regency)
        self.upload(xlsx(GOOD_ROWS), language="/en")
        asep = Membership.objects.get(person__nip=NIP_ASEP)
        actions.do_change_position(asep, D(2025, 1, 1), "koordinator_bidang", "air_limbah")
        content = self.client.get(f"{self.base}/ekspor.xlsx?riwayat=1").content
        before = self.counts()
        r = self.upload(content, language="/en")
        self.assertIn("Created: 0, changed: 0, unchanged: 4.", self.summary(r))
        self.assertEqual(self.counts(), before)


class AddMemberOverlapTestCase(BaseTestCase):
    url = "/en/pokja/32.04/anggota/tambah/"

    def post(self, **changes):
        data = {
            "person-full_name": "Rina Marlina",
            "person-is_civil_servant": "on",
            "person-nip": NIP_RINA,
            "m-position": "ketua",
            "m-started_on": "2025-01-06",
        }
        data.update(changes)
        return self.client.post(self.url, data)

    def test_a_registered_person_already_in_the_group_is_refused(self):
        add_member(self.bandung_group, "Rina Marlina", nip=NIP_RINA, started_on="2024-01-01")
        self.client.force_login(self.regency)
        r = self.post()
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Rina Marlina already holds a position in this working group")
        self.assertEqual(Membership.objects.count(), 1)

    def test_a_registered_person_joins_again_after_leaving(self):
        earlier = add_member(self.bandung_group, "Rina Marlina", nip=NIP_RINA)
        earlier.ended_on, earlier.end_reason = D(2024, 12, 31), Membership.EndReason.OTHER
        earlier.save()
        self.client.force_login(self.regency)
        self.assertRedirects(self.post(), "/en/pokja/32.04/anggota/", fetch_redirect_response=False)
        self.assertEqual(earlier.person.memberships.count(), 2)

    def test_the_action_refuses_an_overlap_too(self):
        person = add_member(self.bandung_group, "Rina Marlina").person
        with (
            translation.override("en"),
            self.assertRaisesMessage(ValidationError, "already holds a position"),
        ):
            actions.do_add_member(
                self.bandung_group, person, Membership(position="ketua", started_on=D(2025, 1, 1))
            )
        self.assertEqual(person.memberships.count(), 1)


class EditMemberOverlapTestCase(BaseTestCase):
    def test_moving_the_start_into_an_earlier_membership_is_refused(self):
        earlier = add_member(self.bandung_group, "Rina Marlina", started_on="2020-01-01")
        earlier.ended_on, earlier.end_reason = D(2023, 12, 31), Membership.EndReason.OTHER
        earlier.save()
        later = Membership.objects.create(
            person=earlier.person,
            working_group=self.bandung_group,
            position="ketua",
            started_on=D(2024, 1, 1),
        )
        self.client.force_login(self.regency)
        r = self.client.post(
            f"/en/pokja/32.04/anggota/{later.pk}/ubah/",
            {"m-position": "ketua", "m-started_on": "2023-06-01"},
        )
        self.assertContains(r, "one person holds one position at a time")
        later.refresh_from_db()
        self.assertEqual(later.started_on, D(2024, 1, 1))

    def test_a_membership_that_already_overlaps_can_still_be_ended(self):
        # Duplicates entered before the rule are repaired by ending (or removing) one.
        first = add_member(self.bandung_group, "Rina Marlina")
        Membership.objects.create(
            person=first.person,
            working_group=self.bandung_group,
            position="anggota",
            started_on=D(2024, 1, 1),
        )
        actions.do_end_membership(first, D(2024, 12, 31), Membership.EndReason.OTHER)
        first.refresh_from_db()
        self.assertEqual(first.ended_on, D(2024, 12, 31))


class SuccessorInTheGroupTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        leaving = add_member(cls.bandung_group, "Rudi Hartono", position="sekretaris")
        leaving.ended_on, leaving.end_reason = D(2026, 3, 31), Membership.EndReason.TRANSFER
        leaving.save()
        cls.handover = Handover.objects.create(leaving=leaving)
        cls.url = f"/en/pokja/32.04/serah-terima/{cls.handover.pk}/"

    def test_a_member_who_takes_over_leaves_their_position_the_day_before(self):
        deputy = add_member(self.bandung_group, "Dadang Suherman", started_on="2023-01-01")
        self.client.force_login(self.regency)
        r = self.client.post(
            self.url,
            {"name_successor": "1", "person": deputy.person.pk, "started_on": "2026-04-01"},
        )
        self.assertRedirects(r, self.url, fetch_redirect_response=False)
        deputy.refresh_from_db()
        self.assertEqual(
            (deputy.ended_on, deputy.end_reason),
            (D(2026, 3, 31), Membership.EndReason.POSITION_CHANGE),
        )
        open_ones = deputy.person.memberships.filter(ended_on__isnull=True)
        self.assertEqual([m.position for m in open_ones], ["sekretaris"])

    def test_a_member_whose_membership_starts_later_is_refused(self):
        later = add_member(self.bandung_group, "Dadang Suherman", started_on="2026-05-01")
        self.client.force_login(self.regency)
        r = self.client.post(
            self.url,
            {"name_successor": "1", "person": later.person.pk, "started_on": "2026-04-01"},
        )
        self.assertContains(r, "Dadang Suherman already holds a position")
        self.handover.refresh_from_db()
        self.assertIsNone(self.handover.successor)


class InstitutionInlineTestCase(BaseTestCase):
    url = "/en/pokja/32.04/anggota/tambah/"

    def test_a_new_institution_is_added_with_the_member(self):
        self.client.force_login(self.regency)
        r = self.client.post(
            self.url,
            {
                "person-full_name": "Sri Wahyuni",
                "inst-name": "Yayasan Air Bersih Bandung",
                "inst-category": "lsm",
                "m-position": "anggota",
                "m-started_on": "2025-01-06",
            },
        )
        self.assertRedirects(r, "/en/pokja/32.04/anggota/", fetch_redirect_response=False)
        ngo = Institution.objects.get(name="Yayasan Air Bersih Bandung")
        self.assertEqual(ngo.region, self.kab_bandung)
        membership = Membership.objects.get(person__full_name="Sri Wahyuni")
        self.assertEqual((membership.institution, membership.person.institution), (ngo, ngo))

    def test_what_was_typed_stays_when_the_institution_is_incomplete(self):
        self.client.force_login(self.regency)
        r = self.client.post(
            self.url,
            {
                "person-full_name": "Sri Wahyuni",
                "person-email": "sri@example.org",
                "inst-name": "Yayasan Air Bersih Bandung",
                "m-position": "anggota",
                "m-duties": "Menyusun notulen",
                "m-started_on": "2025-01-06",
            },
        )
        self.assertContains(r, "Give the category of the new institution.")
        self.assertContains(r, 'value="Sri Wahyuni"')
        self.assertContains(r, "sri@example.org")
        self.assertContains(r, "Menyusun notulen")
        self.assertFalse(Person.objects.exists())

    def test_the_form_no_longer_leaves_for_another_page(self):
        self.client.force_login(self.regency)
        r = self.client.get(self.url)
        self.assertNotContains(r, "/pokja/32.04/lembaga/tambah/")
        self.assertContains(r, 'name="inst-name"')
