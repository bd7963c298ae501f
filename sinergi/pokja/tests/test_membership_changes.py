import datetime

from django.utils import timezone

from sinergi.pokja.models import Handover, Membership, Person, Role
from sinergi.test import BaseTestCase, add_member

D = datetime.date.fromisoformat


class AddMemberTestCase(BaseTestCase):
    url = "/pokja/32.04/anggota/tambah/"

    def form(self, **changes):
        data = {
            "person-full_name": "Dadang Suherman",
            "person-is_civil_servant": "on",
            "person-nip": "197302281999031003",
            "person-institution": self.bappeda.pk,
            "person-job_title": "Kepala Bidang Permukiman",
            "person-email": "dadang@example.org",
            "person-phone": "0812-555",
            "m-position": "koordinator_bidang",
            "m-field": "air_minum",
            "m-duties": "Mengoordinasikan bidang air minum.",
            "m-started_on": "2026-01-05",
        }
        data.update(changes)
        return data

    def test_secretariat_adds_a_member(self):
        self.client.force_login(self.regency)
        r = self.client.post(self.url, self.form())
        self.assertRedirects(r, "/pokja/32.04/anggota/")
        membership = Membership.objects.get(person__full_name="Dadang Suherman")
        self.assertEqual(membership.working_group, self.bandung_group)
        self.assertEqual(membership.institution, self.bappeda)  # from the person's institution
        self.assertEqual(
            (membership.position, membership.field), ("koordinator_bidang", "air_minum")
        )

    def test_bad_input_adds_nothing_and_says_why(self):
        self.client.force_login(self.regency)
        r = self.client.post(
            self.url,
            self.form(**{"person-nip": "123", "m-position": "raja", "m-started_on": "kemarin"}),
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "NIP terdiri dari 18 digit")
        self.assertFalse(Person.objects.filter(full_name="Dadang Suherman").exists())

    def test_a_nip_for_a_non_civil_servant_is_refused(self):
        self.client.force_login(self.regency)
        data = self.form()
        del data["person-is_civil_servant"]
        r = self.client.post(self.url, data)
        self.assertContains(r, "Hanya ASN yang memiliki NIP")
        self.assertFalse(Person.objects.exists())

    def test_member_gets_403_and_outsider_404(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.post(self.url, self.form()).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(self.url, self.form()).status_code, 404)
        self.assertFalse(Person.objects.exists())


class EndMembershipTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.leaving = add_member(cls.bandung_group, "Rudi Hartono", "sekretaris", "2022-01-03")
        cls.leaving.person.user = cls.member
        cls.leaving.person.save()

    def url(self, membership=None):
        return f"/pokja/32.04/anggota/{(membership or self.leaving).pk}/akhiri/"

    def test_a_transfer_opens_a_handover_and_ends_access_on_the_last_day(self):
        self.client.force_login(self.regency)
        r = self.client.post(self.url(), {"ended_on": "2026-03-31", "end_reason": "mutasi"})
        handover = Handover.objects.get(leaving=self.leaving)
        self.assertRedirects(r, f"/pokja/32.04/serah-terima/{handover.pk}/")
        self.leaving.refresh_from_db()
        self.assertEqual(
            (self.leaving.ended_on, self.leaving.end_reason), (D("2026-03-31"), "mutasi")
        )
        # The role ends on the last day; the handover notes have their own, bounded time
        # (issue 13, item 6; see test_leaving_access.py).
        self.assertEqual(Role.objects.get(user=self.member).ends_on, D("2026-03-31"))

    def test_retirement_ends_access_on_the_last_day(self):
        self.client.force_login(self.regency)
        self.client.post(self.url(), {"ended_on": "2026-03-31", "end_reason": "pensiun"})
        self.assertFalse(Handover.objects.exists())
        self.assertEqual(Role.objects.get(user=self.member).ends_on, D("2026-03-31"))

    def test_an_end_before_the_start_is_refused(self):
        self.client.force_login(self.regency)
        r = self.client.post(self.url(), {"ended_on": "2021-12-31", "end_reason": "mutasi"})
        self.assertContains(r, "Tanggal berakhir tidak boleh sebelum tanggal mulai")
        self.leaving.refresh_from_db()
        self.assertIsNone(self.leaving.ended_on)

    def test_an_ended_membership_cannot_end_again(self):
        self.leaving.ended_on, self.leaving.end_reason = D("2025-01-01"), "pensiun"
        self.leaving.save()
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_access_matrix(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(self.url()).status_code, 403)
        self.client.force_login(self.provincial)
        self.assertEqual(self.client.get(self.url()).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        other = add_member(self.kupang_group, "Yakobus Tefa")
        self.client.force_login(self.regency)
        self.assertEqual(self.client.get(self.url(other)).status_code, 404)


class HandoverTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.leaving = add_member(
            cls.bandung_group,
            "Rudi Hartono",
            "sekretaris",
            "2022-01-03",
            field="kelembagaan",
            duties="Mengelola kesekretariatan Pokja.",
            institution=cls.bappeda,
        )
        # A recent last day: the leaving member writes the notes only for a while after it.
        last_day = timezone.localdate() - datetime.timedelta(days=3)
        cls.leaving.ended_on, cls.leaving.end_reason = last_day, "mutasi"
        cls.leaving.save()
        cls.leaving.person.user = cls.member
        cls.leaving.person.save()
        cls.handover = Handover.objects.create(leaving=cls.leaving)
        cls.url = f"/pokja/32.04/serah-terima/{cls.handover.pk}/"

    def notes(self):
        return {
            "notes": "Rapat koordinasi setiap triwulan di Bappeda.",
            "open_items": "Finalisasi Renstra.",
            "documents": "SK Pokja 2026.",
            "key_contacts": "Ibu Rina (Disperkim).",
        }

    def test_the_leaving_member_writes_the_notes(self):
        self.client.force_login(self.member)  # a member, but the one who leaves
        r = self.client.post(self.url, self.notes())
        self.assertRedirects(r, self.url)
        self.handover.refresh_from_db()
        self.assertEqual(self.handover.notes, "Rapat koordinasi setiap triwulan di Bappeda.")

    def test_another_member_only_reads_the_notes(self):
        reader = add_member(self.bandung_group, "Siti")
        Role.objects.filter(user=self.member).delete()
        reader.person.user = self.member
        self.handover.leaving.person.user = None
        self.handover.leaving.person.save()
        Role.objects.create(user=self.member, working_group=self.bandung_group, kind="member")
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.assertEqual(self.client.post(self.url, self.notes()).status_code, 403)

    def test_secretariat_names_a_new_successor_who_takes_over_position_and_duties(self):
        self.client.force_login(self.regency)
        r = self.client.post(
            self.url,
            {
                "name_successor": "1",
                "new_full_name": "Asep Hidayat",
                "new_is_civil_servant": "on",
                "new_nip": "198206152008011004",
                "new_email": "asep@example.org",
                "institution": self.bappeda.pk,
                "started_on": "2026-04-01",
            },
        )
        self.assertRedirects(r, self.url)
        self.handover.refresh_from_db()
        successor = self.handover.successor
        self.assertEqual(successor.person.full_name, "Asep Hidayat")
        self.assertEqual(
            (successor.position, successor.field, successor.duties, successor.started_on),
            ("sekretaris", "kelembagaan", "Mengelola kesekretariatan Pokja.", D("2026-04-01")),
        )
        self.assertIsNotNone(self.handover.completed)
        # Naming the successor leaves the leaving member's role to end on its own date.

    def test_an_existing_person_can_be_the_successor(self):
        deputy = add_member(self.bandung_group, "Dadang Suherman", started_on="2023-01-01")
        self.client.force_login(self.regency)
        self.client.post(
            self.url,
            {"name_successor": "1", "person": deputy.person.pk, "started_on": "2026-04-01"},
        )
        self.handover.refresh_from_db()
        self.assertEqual(self.handover.successor.person, deputy.person)

    def test_successor_needs_exactly_one_person(self):
        self.client.force_login(self.regency)
        r = self.client.post(self.url, {"name_successor": "1", "started_on": "2026-04-01"})
        self.assertContains(r, "Pilih orang yang sudah ada")
        self.handover.refresh_from_db()
        self.assertIsNone(self.handover.successor)

    def test_only_the_secretariat_names_the_successor(self):
        self.client.force_login(self.member)
        r = self.client.post(
            self.url, {"name_successor": "1", "new_full_name": "X", "started_on": "2026-04-01"}
        )
        self.assertEqual(r.status_code, 403)

    def test_outsider_gets_404(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.get("/pokja/32.04/serah-terima/").status_code, 404)

    def test_the_workspace_lists_pending_handovers(self):
        self.client.force_login(self.regency)
        self.assertContains(self.client.get("/pokja/32.04/ruang-kerja/"), "Rudi Hartono")


class RegisteredPersonJoinsTestCase(BaseTestCase):
    def test_a_person_known_by_nip_joins_as_they_are(self):
        other = add_member(self.jabar_group, "Rina Marlina", nip="198107222006042004")
        self.client.force_login(self.regency)
        r = self.client.post(
            "/pokja/32.04/anggota/tambah/",
            {
                "person-full_name": "Rina M.",
                "person-is_civil_servant": "on",
                "person-nip": "198107222006042004",
                "m-position": "anggota",
                "m-started_on": "2026-01-05",
            },
        )
        self.assertRedirects(r, "/pokja/32.04/anggota/")
        self.assertEqual(Person.objects.count(), 1)
        self.assertEqual(other.person.memberships.count(), 2)
        other.person.refresh_from_db()
        self.assertEqual(other.person.full_name, "Rina Marlina")


class EditMembershipTestCase(BaseTestCase):
    def test_a_start_after_the_end_is_refused(self):
        ended = add_member(self.bandung_group, "Rudi", started_on="2022-01-01")
        ended.ended_on, ended.end_reason = D("2023-01-01"), "pensiun"
        ended.save()
        self.client.force_login(self.regency)
        r = self.client.post(
            f"/pokja/32.04/anggota/{ended.pk}/ubah/",
            {"m-position": "anggota", "m-started_on": "2024-01-01"},
        )
        self.assertContains(r, "Tanggal berakhir tidak boleh sebelum tanggal mulai")
        ended.refresh_from_db()
        self.assertEqual(ended.started_on, D("2022-01-01"))
