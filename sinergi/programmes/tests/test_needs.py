from sinergi.monitoring.tests.base import indicator, value
from sinergi.programmes.needs import villages_in_need
from sinergi.programmes.tests.base import WATER, ProgrammeTestCase, make_programme
from sinergi.test import make_region

URL = "/pokja/32.04/program/kebutuhan/"


class NeedsTestCase(ProgrammeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.odf = indicator(
            "stbm-odf",
            "Desa/kelurahan ODF (SBS)",
            "Open-defecation-free villages",
            sector="higiene_stbm",
            numerator_label="desa SBS",
            denominator_label="desa",
        )
        cls.cibiru = make_region("32.04.05.2006", "Cibiru Wetan", "desa", cls.cileunyi)

    def codes(self, region=None):
        return [v.code for v in villages_in_need(region or self.kab_bandung, self.odf)]

    def test_every_village_is_in_need_without_values_or_programmes(self):
        self.assertEqual(
            self.codes(), ["32.04.05.2001", "32.04.05.2003", "32.04.05.2006", "32.04.06.2001"]
        )

    def test_an_odf_village_is_not_in_need(self):
        value(self.odf, self.cinunuk, 2024, 1, 1)
        self.assertNotIn("32.04.05.2001", self.codes())

    def test_the_latest_verified_value_counts(self):
        value(self.odf, self.cinunuk, 2023, 1, 1)
        value(self.odf, self.cinunuk, 2024, 0, 1)  # lost its status
        value(self.odf, self.cimekar, 2024, 1, 1, status="draf")  # not verified
        self.assertIn("32.04.05.2001", self.codes())
        self.assertIn("32.04.05.2003", self.codes())

    def test_a_running_sanitation_programme_at_the_village_or_above_covers_it(self):
        make_programme("SANIMAS", self.bandung_group, ["32.04.05.2001"])
        make_programme("STBM Rancaekek", self.bandung_group, ["32.04.06"], sector="higiene_stbm")
        self.assertEqual(self.codes(), ["32.04.05.2003", "32.04.05.2006"])

    def test_water_proposed_and_finished_programmes_do_not_cover(self):
        make_programme("PAMSIMAS", self.bandung_group, ["32.04.05.2001"], sector=WATER)
        make_programme("A", self.bandung_group, ["32.04.05.2003"], status="diusulkan")
        make_programme("B", self.bandung_group, ["32.04.05.2006"], status="selesai")
        self.assertEqual(len(self.codes()), 4)

    def test_a_provincial_programme_covers_the_whole_kabupaten(self):
        make_programme("Program Provinsi", self.jabar_group, ["32"])
        self.assertEqual(self.codes(), [])

    def test_a_national_programme_covers_every_village(self):
        # The national code means every region, as everywhere else (issue 14, item 3).
        make_programme("STBM Nasional", self.national_group, ["ID"])
        self.assertEqual(self.codes(), [])
        self.assertEqual(self.codes(self.nation), [])

    def test_a_programme_in_another_regency_covers_nothing_here(self):
        make_programme("Program Kupang", self.kupang_group, ["53.01"])
        self.assertEqual(len(self.codes()), 4)
        self.assertEqual(len(self.codes(self.nation)), 4)

    def test_page_lists_villages_with_bounded_queries(self):
        make_programme("SANIMAS", self.bandung_group, ["32.04.05.2001"])
        self.client.force_login(self.member)
        # session, user, group, roles, indicators, covered places, count, page, notifications
        with self.assertNumQueries(9):
            response = self.client.get(URL)
        self.assertContains(response, "Cimekar")
        self.assertNotContains(response, "<td>Cinunuk</td>", html=False)
        for i in range(5):
            make_region(f"32.04.06.20{10 + i}", f"Desa {i}", "desa", self.rancaekek)
            make_programme(f"P{i}", self.bandung_group, [f"32.04.06.20{10 + i}"])
        with self.assertNumQueries(9):
            response = self.client.get(URL)
        self.assertEqual(response.context["page"].paginator.count, 3)

    def test_unknown_indicator_says_so(self):
        self.client.force_login(self.member)
        response = self.client.get("/en" + URL + "?indikator=tidak-ada")
        self.assertContains(response, "This indicator cannot measure a need.")
