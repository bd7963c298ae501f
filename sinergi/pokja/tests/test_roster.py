import datetime

from sinergi.pokja.actions import do_end_membership
from sinergi.pokja.models import Membership
from sinergi.test import BaseTestCase, add_member

D = datetime.date.fromisoformat


class RosterOnADateTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        group = cls.bandung_group
        cls.chair = add_member(group, "Ujang Saepudin", "ketua", "2022-01-03")
        cls.old_secretary = add_member(group, "Rudi Hartono", "sekretaris", "2022-01-03")
        cls.analyst = add_member(group, "Neneng Sulastri", "anggota", "2023-06-01")
        do_end_membership(cls.old_secretary, D("2024-03-31"), "mutasi")
        cls.new_secretary = add_member(group, "Asep Hidayat", "sekretaris", "2024-04-01")
        do_end_membership(cls.analyst, D("2025-12-31"), "pensiun")
        cls.late = add_member(group, "Gilang Permana", "operator_data", "2026-01-05")

    def names_on(self, day):
        memberships = self.bandung_group.memberships_on(D(day))
        return sorted(m.person.full_name for m in memberships)

    def test_the_roster_on_past_dates_follows_every_change(self):
        self.assertEqual(self.names_on("2021-12-31"), [])
        self.assertEqual(self.names_on("2022-01-03"), ["Rudi Hartono", "Ujang Saepudin"])
        self.assertEqual(
            self.names_on("2024-03-31"), ["Neneng Sulastri", "Rudi Hartono", "Ujang Saepudin"]
        )
        self.assertEqual(
            self.names_on("2024-04-01"), ["Asep Hidayat", "Neneng Sulastri", "Ujang Saepudin"]
        )
        self.assertEqual(
            self.names_on("2026-01-05"), ["Asep Hidayat", "Gilang Permana", "Ujang Saepudin"]
        )

    def test_the_roster_page_shows_a_past_date(self):
        self.client.force_login(self.member)
        r = self.client.get("/pokja/32.04/anggota/?tanggal=2024-03-31")
        self.assertContains(r, "Rudi Hartono")
        self.assertNotContains(r, "Asep Hidayat")
        r = self.client.get("/pokja/32.04/anggota/")
        self.assertContains(r, "Asep Hidayat")
        self.assertNotContains(r, "Rudi Hartono")

    def test_history_lists_everyone_with_their_end(self):
        self.client.force_login(self.member)
        r = self.client.get("/pokja/32.04/anggota/?riwayat=1")
        self.assertContains(r, "Rudi Hartono")
        self.assertContains(r, "Mutasi")
        self.assertEqual(len(r.context["memberships"]), 5)

    def test_a_bad_date_shows_today_with_a_message(self):
        self.client.force_login(self.member)
        r = self.client.get("/pokja/32.04/anggota/?tanggal=31-02-2024")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "errorlist")

    def test_memberships_are_never_deleted(self):
        self.assertEqual(Membership.objects.filter(working_group=self.bandung_group).count(), 5)


class RosterAccessTestCase(BaseTestCase):
    url = "/pokja/32.04/anggota/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_member(
            cls.bandung_group, "Dadang Suherman", email="dadang@example.org", phone="0812-555"
        )

    def test_people_in_scope_see_personal_contacts(self):
        for user in (self.regency, self.member, self.provincial, self.national):
            self.client.force_login(user)
            self.assertContains(self.client.get(self.url), "dadang@example.org")

    def test_only_the_secretariat_sees_edit_links(self):
        self.client.force_login(self.member)
        self.assertNotContains(self.client.get(self.url), "/anggota/tambah/")
        self.client.force_login(self.regency)
        self.assertContains(self.client.get(self.url), "/anggota/tambah/")

    def test_each_row_links_to_its_own_membership_and_person(self):
        # The links are built from one reversal per kind (views._add_row_links).
        self.client.force_login(self.regency)
        response = self.client.get(self.url)
        for membership in self.bandung_group.memberships.filter(ended_on__isnull=True):
            for path in [
                f"/pokja/32.04/anggota/{membership.pk}/ubah/",
                f"/pokja/32.04/orang/{membership.person_id}/ubah/",
                f"/pokja/32.04/anggota/{membership.pk}/ubah-jabatan/",
                f"/pokja/32.04/anggota/{membership.pk}/akhiri/",
            ]:
                self.assertContains(response, f'href="{path}"')

    def test_outsider_gets_404_and_the_public_profile_hides_contacts(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        r = self.client.get("/pokja/32.04/")
        self.assertContains(r, "Dadang Suherman")
        self.assertNotContains(r, "dadang@example.org")
        self.assertNotContains(r, "0812-555")

    def test_visitor_is_sent_to_sign_in(self):
        self.assertRedirects(self.client.get(self.url), f"/akun/masuk/?next={self.url}")

    def test_query_count_does_not_grow_with_members(self):
        self.client.force_login(self.regency)
        # One of them: which of the people's contact details the user may read.
        with self.assertNumQueries(7):
            self.client.get(self.url)
        for i in range(5):
            add_member(self.bandung_group, f"Anggota {i}")
        with self.assertNumQueries(7):
            self.client.get(self.url)
