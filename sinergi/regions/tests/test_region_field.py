import contextlib

from django import forms
from django.urls import reverse
from django.utils import translation

from sinergi.regions.fields import RegionField, RegionsField, split_entries
from sinergi.regions.lookup import label
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, make_region


class RegionsTestCase(BaseTestCase):
    """Villages and kecamatan of the same name in Kabupaten Bandung, beside the base's."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        K = Region.Kind
        cls.cileunyi_wetan = make_region("32.04.05.2002", "Cileunyi Wetan", K.VILLAGE, cls.cileunyi)
        cls.sukamaju_cileunyi = make_region("32.04.05.2010", "Sukamaju", K.VILLAGE, cls.cileunyi)
        cls.banjaran = make_region("32.04.13", "Banjaran", K.DISTRICT, cls.kab_bandung)
        cls.banjaran_desa = make_region("32.04.13.2003", "Banjaran", K.VILLAGE, cls.banjaran)
        cls.sukamaju_banjaran = make_region("32.04.13.2010", "Sukamaju", K.VILLAGE, cls.banjaran)
        cls.lambang_sari = make_region(
            "32.04.13.2011", "Lambang Sari I, II", K.VILLAGE, cls.banjaran
        )

    def field(self, within=None, level=None, **options):
        return RegionField(within=within or self.kab_bandung, level=level, **options)

    def refusal(self, field, text):
        with translation.override("en"):
            with self.assertRaises(forms.ValidationError) as caught:
                field.clean(text)
            return " ".join(caught.exception.messages)


class RegionFieldTestCase(RegionsTestCase):
    """The picker's resolver: what a secretariat types becomes one region, or a clear refusal."""

    def test_it_takes_a_code_with_or_without_dots_or_a_suggestions_label(self):
        field = self.field()
        for text in (
            "32.04.05.2001",
            " 3204052001 ",
            "Cinunuk — Kec. Cileunyi, Kab. Bandung (32.04.05.2001)",
        ):
            with self.subTest(text):
                self.assertEqual(field.clean(text), self.cinunuk)

    def test_it_takes_a_name_in_any_case_and_with_the_kind_written_before_it(self):
        field = self.field(within=self.jabar)
        for text, region in [
            ("Cinunuk", self.cinunuk),
            ("cinunuk", self.cinunuk),
            ("Desa  Cinunuk", self.cinunuk),
            ("Kel. Cinunuk", self.cinunuk),
            ("Cileunyi", self.cileunyi),
            ("Kec. Cileunyi", self.cileunyi),
            ("Kecamatan Cileunyi", self.cileunyi),
            ("Kab. Bandung", self.kab_bandung),
            ("Kabupaten Bandung", self.kab_bandung),
            ("kota bandung", self.kota_bandung),
            ("Lambang Sari I, II", self.lambang_sari),
        ]:
            with self.subTest(text):
                self.assertEqual(field.clean(text), region)

    def test_an_ambiguous_name_lists_the_candidates_with_their_parents_and_codes(self):
        message = self.refusal(self.field(), "Sukamaju")
        self.assertIn("may be any of 2 regions", message)
        self.assertIn("Sukamaju — Kec. Cileunyi, Kab. Bandung (32.04.05.2010)", message)
        self.assertIn("Sukamaju — Kec. Banjaran, Kab. Bandung (32.04.13.2010)", message)
        self.assertIn("Write the code of the one you mean", message)
        message = self.refusal(self.field(within=self.jabar), "Bandung")
        self.assertIn("Kabupaten Bandung — Jawa Barat (32.04)", message)
        self.assertIn("Kota Bandung — Jawa Barat (32.73)", message)
        message = self.refusal(self.field(), "Banjaran")
        self.assertIn("(32.04.13)", message)
        self.assertIn("(32.04.13.2003)", message)

    def test_the_kind_or_the_names_above_it_settle_an_ambiguous_name(self):
        field = self.field()
        for text, region in [
            ("Desa Banjaran", self.banjaran_desa),
            ("Kec. Banjaran", self.banjaran),
            ("Sukamaju, Cileunyi", self.sukamaju_cileunyi),
            ("Sukamaju, Kec. Banjaran", self.sukamaju_banjaran),
            ("Sukamaju — Kec. Banjaran, Kab. Bandung", self.sukamaju_banjaran),
        ]:
            with self.subTest(text):
                self.assertEqual(field.clean(text), region)
        # The level the form asks for settles it too.
        self.assertEqual(
            self.field(level=Region.Level.VILLAGE).clean("Banjaran"), self.banjaran_desa
        )

    def test_it_refuses_what_lies_outside_the_allowed_regions(self):
        field = self.field()
        self.assertEqual(
            self.refusal(field, "53.01"), "Kabupaten Kupang (53.01) lies outside Kabupaten Bandung."
        )
        self.assertIn(
            "No region called “Kabupaten Kupang” was found in Kabupaten Bandung",
            self.refusal(field, "Kabupaten Kupang"),
        )
        villages = self.field(level=Region.Level.VILLAGE)
        self.assertIn("32.04.05 (Cileunyi) is not a village", self.refusal(villages, "32.04.05"))
        self.assertIn(
            "No desa or kelurahan called “Cileunyi” was found in Kabupaten Bandung",
            self.refusal(villages, "Cileunyi"),
        )
        only_cinunuk = RegionField(queryset=Region.objects.filter(pk=self.cinunuk.pk))
        self.assertIn("cannot be chosen here", self.refusal(only_cinunuk, "32.04.05.2002"))

    def test_it_refuses_unknown_codes_and_names(self):
        field = self.field()
        self.assertEqual(
            self.refusal(field, "32.04.05.2999"), "There is no region with the code 32.04.05.2999."
        )
        self.assertIn("No region called “Cinunukk”", self.refusal(field, "Cinunukk"))
        self.assertIn("No region called “%_”", self.refusal(field, "%_"))
        self.assertIn("No region called", self.refusal(field, "x" * 220))

    def test_it_is_required_unless_told_otherwise(self):
        self.assertIn("This field is required.", self.refusal(self.field(), "  "))
        self.assertIsNone(self.field(required=False).clean(""))

    def test_one_query_resolves_a_name_or_a_code(self):
        field = self.field()
        for text in ("Sukamaju, Cileunyi", "32.04.05.2001", "Sukamaju", "53.01"):
            with (
                self.subTest(text),
                self.assertNumQueries(1),
                contextlib.suppress(forms.ValidationError),
            ):
                field.clean(text)

    def test_it_shows_a_region_by_its_label_and_compares_by_code(self):
        field = self.field()
        cinunuk = Region.objects.select_related("parent__parent").get(pk=self.cinunuk.pk)
        self.assertEqual(
            field.prepare_value(cinunuk), "Cinunuk — Kec. Cileunyi, Kab. Bandung (32.04.05.2001)"
        )
        self.assertEqual(label(self.jabar), "Jawa Barat (32)")
        self.assertEqual(label(self.cileunyi), "Cileunyi — Kab. Bandung, Jawa Barat (32.04.05)")
        self.assertFalse(field.has_changed(cinunuk, "32.04.05.2001"))
        self.assertFalse(field.has_changed(cinunuk, field.prepare_value(cinunuk)))
        self.assertTrue(field.has_changed(cinunuk, "32.04.05.2002"))

    def test_the_widget_tells_the_script_where_to_search(self):
        field = self.field(level=Region.Level.VILLAGE)
        html = field.widget.render("village", "", attrs={"id": "id_village"})
        self.assertIn('data-region-picker=""', html)
        self.assertIn(f'data-region-search="{reverse("regions:search")}"', html)
        self.assertIn('data-region-within="32.04"', html)
        self.assertIn('data-region-level="4"', html)
        field.limit_to(self.jabar)
        self.assertNotIn("data-region-level", field.widget.render("village", ""))


class RegionsFieldTestCase(RegionsTestCase):
    def test_it_takes_codes_on_one_line_and_names_one_a_line(self):
        self.assertEqual(
            split_entries("32.04.05.2001, 32.04.05.2002;Desa Cinunuk\n\n Sukamaju, Cileunyi \n"),
            ["32.04.05.2001", "32.04.05.2002", "Desa Cinunuk", "Sukamaju, Cileunyi"],
        )
        field = RegionsField(within=self.kab_bandung)
        regions = field.clean(
            "32.04.05.2001, 32.04.05.2002\nDesa Cinunuk\nSukamaju, Cileunyi\nKec. Banjaran"
        )
        self.assertEqual(
            regions, [self.cinunuk, self.cileunyi_wetan, self.sukamaju_cileunyi, self.banjaran]
        )

    def test_it_names_every_line_it_cannot_resolve(self):
        field = RegionsField(within=self.kab_bandung)
        with translation.override("en"), self.assertRaises(forms.ValidationError) as caught:
            field.clean("Cinunuk\nSukamaju\n53.01\nCinunukk\n32.04.05.2999")
        messages = caught.exception.messages
        self.assertEqual(len(messages), 4)
        self.assertIn("“Sukamaju” may be any of 2 regions", messages[0])
        self.assertIn("lies outside Kabupaten Bandung", messages[1])
        self.assertIn("“Cinunukk”", messages[2])
        self.assertIn("32.04.05.2999", messages[3])

    def test_two_queries_resolve_any_number_of_lines(self):
        field = RegionsField(within=self.kab_bandung)
        text = "\n".join(["32.04.05.2001", "32.04.05.2002", "Kec. Banjaran", "Sukamaju, Cileunyi"])
        with self.assertNumQueries(2):
            self.assertEqual(len(field.clean(text)), 4)

    def test_it_limits_the_number_of_lines(self):
        field = RegionsField(within=self.kab_bandung, max_count=2)
        with translation.override("en"), self.assertRaises(forms.ValidationError) as caught:
            field.clean("32.04.05.2001\n32.04.05.2002\n32.04.05")
        self.assertEqual(caught.exception.messages, ["At most 2 places."])

    def test_it_shows_the_regions_one_a_line(self):
        field = RegionsField(within=self.kab_bandung)
        regions = list(
            Region.objects.select_related("parent__parent").filter(
                code__in=["32.04.05", "32.04.05.2001"]
            )
        )
        self.assertEqual(
            field.prepare_value(regions),
            "Cileunyi — Kab. Bandung, Jawa Barat (32.04.05)\n"
            "Cinunuk — Kec. Cileunyi, Kab. Bandung (32.04.05.2001)",
        )
