from sinergi.programmes.models import Programme
from sinergi.programmes.tests.base import ProgrammeTestCase, make_programme, on_day

PRIVATE_READ = [
    "/pokja/32.04/program/",
    "/pokja/32.04/program/tumpang-tindih/",
    "/pokja/32.04/program/kebutuhan/",
    "/pokja/32.04/program/ekspor.xlsx",
    "/pokja/32.04/program/ekspor.csv",
]
PUBLIC = ["/program/", "/program/ekspor.xlsx", "/program/ekspor.csv"]


class PagesTestCase(ProgrammeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.sanimas = make_programme(
            "SANIMAS Cinunuk",
            cls.bandung_group,
            ["32.04.05.2001"],
            contact_name="Pak Ujang",
            contact_email="ujang@example.org",
            contact_phone="0812000111",
        )
        # Registered by the province, located in the kabupaten, not reporting to it.
        cls.provincial_programme = make_programme(
            "STBM Provinsi", cls.jabar_group, ["32.04.05"], sector="higiene_stbm"
        )
        cls.kupang = make_programme("PAMSIMAS Kupang", cls.kupang_group, ["53.01"])

    def private_writes(self):
        pk, other = self.sanimas.pk, self.provincial_programme.pk
        return [
            "/pokja/32.04/program/baru/",
            f"/pokja/32.04/program/{pk}/ubah/",
            f"/pokja/32.04/program/{pk}/penerimaan/",
            f"/pokja/32.04/program/{other}/penerimaan/",
            "/pokja/32.04/program/templat.xlsx",
            "/pokja/32.04/program/impor/",
        ]

    def test_access_matrix_on_private_pages(self):
        for url in PRIVATE_READ + self.private_writes():
            writes = url in self.private_writes()
            for user, status in [
                (self.regency, 200),
                (self.member, 403 if writes else 200),
                (self.provincial, 403 if writes else 200),
                (self.national, 403 if writes else 200),
                (self.outsider, 404),
            ]:
                with self.subTest(url=url, user=user.email):
                    self.client.force_login(user)
                    self.assertEqual(self.client.get(url).status_code, status)
            with self.subTest(url=url, user="visitor"):
                self.client.logout()
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/akun/masuk/", response["Location"])

    def test_public_pages_open_to_everyone(self):
        for url in [*PUBLIC, self.sanimas.get_absolute_url()]:
            for user in (None, self.outsider, self.member):
                with self.subTest(url=url, user=user and user.email):
                    self.client.logout()
                    if user:
                        self.client.force_login(user)
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_unknown_programme_and_export_format_are_404(self):
        self.assertEqual(self.client.get("/program/999999/").status_code, 404)
        self.assertEqual(self.client.get("/program/ekspor.pdf").status_code, 404)

    def test_contact_details_only_in_scope(self):
        url = self.sanimas.get_absolute_url()
        for user, visible in [
            (None, False),
            (self.outsider, False),
            (self.member, True),
            (self.provincial, True),
        ]:
            with self.subTest(user=user and user.email):
                self.client.logout()
                if user:
                    self.client.force_login(user)
                response = self.client.get(url)
                self.assertContains(response, "Pak Ujang")
                if visible:
                    self.assertContains(response, "ujang@example.org")
                    self.assertContains(response, "0812000111")
                else:
                    self.assertNotContains(response, "ujang@example.org")
                    self.assertNotContains(response, "0812000111")

    def test_group_sees_programmes_registered_by_the_province_in_its_region(self):
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/program/")
        names = {p.name for p in response.context["page"]}
        self.assertEqual(names, {"SANIMAS Cinunuk", "STBM Provinsi"})

    def test_group_sees_a_programme_reporting_to_it_located_elsewhere(self):
        self.kupang.working_groups.add(self.bandung_group)
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/program/")
        self.assertIn(self.kupang, list(response.context["page"]))

    def test_list_names_the_first_locations_and_counts_the_others(self):
        villages = ["32.04.05.2001", "32.04.05.2003", "32.04.06.2001", "32.04.05", "32.04.06"]
        make_programme("Lima Lokasi", self.bandung_group, villages)
        response = self.client.get("/en/program/")
        [row] = [p for p in response.context["page"] if p.name == "Lima Lokasi"]
        self.assertEqual([r.code for r in row.shown_locations], sorted(villages)[:3])
        self.assertEqual(row.more_locations, 2)
        self.assertContains(response, "and 2 more")
        self.assertNotContains(response, "(32.04.06.2001)")  # the fourth and fifth, by code
        detail = self.client.get(f"/en/program/{response.context['page'][0].pk}/")
        self.assertEqual(detail.status_code, 200)

    def test_list_filters_by_sector_and_status(self):
        response = self.client.get("/program/?sektor=higiene_stbm")
        self.assertEqual([p.name for p in response.context["page"]], ["STBM Provinsi"])
        response = self.client.get("/program/?status=selesai")
        self.assertEqual(list(response.context["page"]), [])

    def test_province_programme_is_read_only_for_the_kabupaten(self):
        self.client.force_login(self.regency)
        url = f"/pokja/32.04/program/{self.provincial_programme.pk}/ubah/"
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.client.post(url, {"name": "x"}).status_code, 403)
        # A programme not on the group's page at all is not revealed.
        url = f"/pokja/32.04/program/{self.kupang.pk}/ubah/"
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_edit_link_only_for_the_registering_secretariat(self):
        url = self.sanimas.get_absolute_url()
        edit = f"/pokja/32.04/program/{self.sanimas.pk}/ubah/"
        self.client.force_login(self.regency)
        self.assertContains(self.client.get(url), edit)
        self.client.force_login(self.member)
        self.assertNotContains(self.client.get(url), edit)


@on_day("2025-06-30")
class QueriesTestCase(ProgrammeTestCase):
    def add(self, count):
        """`count` programmes, every other one in several places (and so overlapping)."""
        for i in range(count):
            places = ["32.04.05.2001", "32.04.06", "53.01"] if i % 2 else ["32.04.05.2003"]
            make_programme(f"Program {Programme.objects.count()}", self.bandung_group, places)

    def test_public_list_queries_do_not_grow(self):
        self.add(2)
        # count, page, locations, every current location row (the overlap flags; cached
        # outside a test's transaction)
        with self.assertNumQueries(4):
            self.client.get("/program/")
        self.add(10)
        with self.assertNumQueries(4):
            response = self.client.get("/program/")
        self.assertEqual(len(response.context["page"]), 12)

    def test_group_list_queries_do_not_grow(self):
        self.client.force_login(self.member)
        self.add(2)
        # session, user, group, roles, count, page, locations, current location rows,
        # notifications
        with self.assertNumQueries(9):
            self.client.get("/pokja/32.04/program/")
        self.add(10)
        with self.assertNumQueries(9):
            self.client.get("/pokja/32.04/program/")

    def test_detail_queries_do_not_grow(self):
        first = make_programme("A", self.bandung_group, ["32.04.05.2001"])
        self.add(2)
        # programme, its groups, location codes, candidate rows, programmes, regions, targets,
        # locations
        with self.assertNumQueries(8):
            self.client.get(first.get_absolute_url())
        self.add(10)
        with self.assertNumQueries(8):
            self.client.get(first.get_absolute_url())
