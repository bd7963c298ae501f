from sinergi.pokja.models import GroupName, Institution
from sinergi.test import BaseTestCase, add_member


class ProfileTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        health = Institution.objects.create(
            name="Dinas Kesehatan Kabupaten Bandung",
            category="opd",
            core_role="kesehatan",
            region=cls.kab_bandung,
        )
        add_member(cls.bandung_group, "Ujang Saepudin", "ketua", institution=cls.bappeda)
        add_member(
            cls.bandung_group,
            "Siti Rahmawati",
            institution=health,
            email="siti@example.org",
            is_knowledge_holder=True,
        )
        GroupName.objects.create(
            working_group=cls.bandung_group,
            name="Pokja Sanitasi Kabupaten Bandung",
            kind="sanitasi",
            since="2012-01-01",
        )

    def test_visitor_reads_roster_core_check_and_status_without_private_details(self):
        r = self.client.get("/pokja/32.04/")
        self.assertContains(r, "Ujang Saepudin")
        self.assertContains(r, "Ketua")
        self.assertContains(r, "Dalam pembentukan")  # no decree yet
        self.assertContains(r, "Pokja Sanitasi Kabupaten Bandung")  # name history
        self.assertNotContains(r, "siti@example.org")
        self.assertNotContains(r, "Riwayat perubahan")
        missing = [str(role.label) for role in r.context["missing_core"]]
        self.assertNotIn("Kesehatan", missing)
        self.assertIn("Pekerjaan umum", missing)
        self.assertEqual(
            [m.person.full_name for m in r.context["knowledge_holders"]], ["Siti Rahmawati"]
        )
        self.assertEqual(len(r.context["institutions"]), 2)

    def test_people_in_scope_see_history_and_links(self):
        self.client.force_login(self.member)
        r = self.client.get("/pokja/32.04/")
        self.assertContains(r, "Riwayat perubahan")
        self.assertContains(r, "/pokja/32.04/anggota/")
        self.assertNotContains(r, "/pokja/32.04/ubah/")

    def test_a_region_without_group(self):
        r = self.client.get("/en/pokja/32.73/")
        self.assertContains(r, "Kota Bandung has no working group in Sinergi")

    def test_query_count(self):
        with self.assertNumQueries(7):
            self.client.get("/pokja/32.04/")
