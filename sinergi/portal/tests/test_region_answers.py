"""The profile of a region without a working group answers: whom to contact, its indicators,
how a group is formed and who may start one; a province lists its kabupaten/kota."""

import datetime

import pytest
from django.utils import translation

from sinergi.decrees.models import Decree, LegalStatus
from sinergi.lib.cache import invalidate
from sinergi.monitoring.tests.base import MonitoringTestCase, value
from sinergi.pokja.models import WorkingGroup
from sinergi.regions.models import Region
from sinergi.test import make_region


class RegionAnswersTestCase(MonitoringTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        WorkingGroup.objects.filter(pk=cls.jabar_group.pk).update(
            secretariat_address="Jl. Ir. H. Juanda No. 287, Bandung",
            email="pokja@jabarprov.example",
            phone="(022) 2516061",
        )
        WorkingGroup.objects.filter(pk=cls.national_group.pk).update(
            secretariat_address="Jl. Lembang No. 35, Menteng, Jakarta Pusat 10310",
            email="sekretariat@ampl.example",
            phone="+62 21 3190 0000",
        )
        # A province without a working group, with one kabupaten.
        cls.jatim = make_region("35", "Jawa Timur", Region.Kind.PROVINCE, cls.nation)
        cls.malang = make_region("35.07", "Kabupaten Malang", Region.Kind.REGENCY, cls.jatim)


class RegencyWithoutGroupTestCase(RegionAnswersTestCase):
    def test_it_shows_the_province_group_contact_with_tel_and_mailto_links(self):
        r = self.client.get("/en/pokja/32.01/")
        self.assertContains(r, "Kabupaten Bogor has no working group in Sinergi")
        self.assertContains(r, '<h2 id="contact">Whom to contact</h2>', html=True)
        self.assertContains(r, '<a href="/en/pokja/32/">Pokja AMPL Provinsi Jawa Barat</a>')
        self.assertContains(r, "Jl. Ir. H. Juanda No. 287, Bandung")
        self.assertContains(
            r, '<a href="mailto:pokja@jabarprov.example">pokja@jabarprov.example</a>', html=True
        )
        self.assertContains(r, '<a href="tel:+62222516061">(022) 2516061</a>', html=True)
        self.assertNotContains(r, "sekretariat@ampl.example")

    def test_it_shows_its_indicator_figures_with_the_latest_year_and_links_the_dashboard(self):
        r = self.client.get("/en/pokja/32.01/")
        figures = {f.indicator.code: (f.label, f.year) for f in r.context["figures"]}
        self.assertEqual(figures, {"am-layak": ("87.50%", 2024), "san-babs": ("1.00%", 2024)})
        self.assertContains(r, "<dt>Access to adequate drinking water</dt>", html=True)
        self.assertContains(r, "<dd>87.50% (in 2024)</dd>", html=True)
        self.assertContains(r, 'href="/en/pemantauan/32.01/"')

    def test_it_links_the_formation_guide_and_says_who_starts_the_group(self):
        r = self.client.get("/en/pokja/32.01/")
        self.assertContains(r, 'href="/en/halaman/cara-membentuk-pokja/"')
        self.assertContains(
            r, "the secretariat of Pokja AMPL Provinsi Jawa Barat or the national secretariat"
        )
        # A visitor is shown the way in for the secretariats, behind the sign-in.
        self.assertContains(r, 'href="/en/pembentukan/mulai/?wilayah=32.01"')
        self.assertContains(r, 'href="/en/pembentukan/forum-setara/?wilayah=32.01"')
        self.assertNotContains(r, "minta-akses")

    def test_the_provincial_secretariat_may_start_it(self):
        self.client.force_login(self.provincial)
        r = self.client.get("/en/pokja/32.01/")
        self.assertContains(
            r, '<a class="button" href="/en/pembentukan/mulai/?wilayah=32.01">', count=1
        )
        self.assertNotContains(r, "minta-akses")

    def test_another_signed_in_user_is_offered_secretariat_access_to_the_province_group(self):
        self.client.force_login(self.outsider)
        r = self.client.get("/en/pokja/32.01/")
        self.assertContains(r, 'href="/en/pokja/32/minta-akses/"')
        self.assertNotContains(r, "/pembentukan/mulai/")
        self.assertContains(r, "you can request secretariat access to it on this page")

    def test_drafts_count_only_for_readers_in_scope_as_on_the_dashboard(self):
        r = self.client.get("/en/pokja/32.73/")  # Kota Bandung: a draft value only
        self.assertEqual(r.context["figures"], [])
        self.assertContains(r, "No indicator figures for Kota Bandung yet.")
        self.client.force_login(self.provincial)
        r = self.client.get("/en/pokja/32.73/")
        self.assertEqual([(f.label, f.draft) for f in r.context["figures"]], [("1.00%", True)])

    def test_it_answers_in_indonesian(self):
        r = self.client.get("/pokja/32.01/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'href="/halaman/cara-membentuk-pokja/"')
        self.assertContains(r, 'href="/pemantauan/32.01/"')
        self.assertContains(r, 'href="tel:+62222516061"')


class ProvinceWithoutGroupTestCase(RegionAnswersTestCase):
    def test_it_falls_back_to_the_national_secretariat(self):
        r = self.client.get("/en/pokja/35/")
        self.assertContains(r, "Jawa Timur has no working group in Sinergi")
        self.assertContains(r, "The national secretariat (Pokja AMPL Nasional)")
        self.assertContains(r, '<a href="/en/pokja/ID/">Pokja AMPL Nasional</a>')
        self.assertContains(r, "Jl. Lembang No. 35")
        self.assertContains(r, 'href="mailto:sekretariat@ampl.example"')
        self.assertContains(r, 'href="tel:+622131900000"')
        self.assertContains(r, "the national secretariat starts the formation")

    def test_a_regency_of_a_province_without_group_falls_back_too(self):
        r = self.client.get("/en/pokja/35.07/")
        self.assertEqual(r.context["contact"], self.national_group)
        self.assertFalse(r.context["contact_is_province"])

    def test_without_any_group_it_points_to_the_contact_page(self):
        WorkingGroup.objects.filter(pk=self.national_group.pk).update(email="", phone="")
        r = self.client.get("/en/pokja/35/")
        self.assertContains(r, 'href="/en/halaman/kontak/"')

    def test_the_national_secretariat_may_start_it(self):
        self.client.force_login(self.national)
        r = self.client.get("/en/pokja/35/")
        self.assertContains(r, '<a class="button" href="/en/pembentukan/mulai/?wilayah=35">')
        self.assertContains(r, 'href="/en/pembentukan/forum-setara/?wilayah=35"')


class ProvinceRegenciesTestCase(RegionAnswersTestCase):
    def test_a_province_with_a_group_lists_its_regencies_with_their_status(self):
        Decree.objects.create(
            working_group=self.bandung_group,
            number="050/Kep.1-Bappeda/2020",
            signed_on=datetime.date(2020, 1, 2),
            valid_from=datetime.date(2020, 1, 2),
            valid_until=datetime.date(2020, 12, 31),
        )
        r = self.client.get("/en/pokja/32/")
        rows = [(row.code, row.status) for row in r.context["regencies"]]
        S = LegalStatus
        self.assertEqual(
            rows, [("32.01", S.NONE), ("32.04", S.EXPIRED), ("32.18", S.NONE), ("32.73", S.NONE)]
        )
        self.assertContains(r, '<h2 id="regencies">Regencies and cities of Jawa Barat</h2>')
        self.assertContains(r, '<a href="/en/pokja/32.01/">Kabupaten Bogor</a>')
        self.assertContains(r, "Pokja AMPL Kabupaten Bandung")
        self.assertContains(r, "status-expired", count=1)
        self.assertContains(r, "status-none", count=3)
        with translation.override("en"):
            self.assertContains(r, str(S.EXPIRED.label))
        # The group's own profile is all there.
        self.assertContains(r, "<h2>Roster</h2>", html=True)
        self.assertNotContains(r, "Whom to contact")

    def test_a_province_without_a_group_lists_its_regencies(self):
        r = self.client.get("/en/pokja/35/")
        self.assertContains(r, '<a href="/en/pokja/35.07/">Kabupaten Malang</a>')

    def test_a_regency_with_a_group_keeps_its_profile(self):
        r = self.client.get("/en/pokja/32.04/")
        self.assertContains(r, "<h1>Pokja AMPL Kabupaten Bandung</h1>", html=True)
        self.assertContains(r, 'href="/en/pemantauan/32.04/"')
        self.assertNotContains(r, "Whom to contact")
        self.assertNotContains(r, "Regencies and cities of")
        self.assertNotIn("regencies", r.context)


class QueryCountTestCase(RegionAnswersTestCase):
    # Anonymous visitors; a signed-in user costs four more, whatever the page.
    expected = {"/pokja/32.01/": 8, "/pokja/32/": 9, "/pokja/35/": 10, "/pokja/35.07/": 8}

    def grow(self):
        """More regencies, groups, decrees and values in Jawa Barat and Jawa Timur."""
        for n in range(1, 9):
            for province in (self.jabar, self.jatim):
                regency = make_region(
                    f"{province.code}.{20 + n}", f"Kabupaten {n}", Region.Kind.REGENCY, province
                )
                for year in (2022, 2023, 2024):
                    value(self.water, regency, year, 500 + n, 1_000)
                    value(self.babs, regency, year, n, 1_000)
                if n % 2:
                    group = WorkingGroup.objects.create(region=regency, name=f"Pokja {n}")
                    Decree.objects.create(
                        working_group=group,
                        number=f"{province.code}/{n}",
                        signed_on=datetime.date(2024, 1, 2),
                        valid_from=datetime.date(2024, 1, 2),
                        valid_until=datetime.date(2099, 12, 31),
                    )
        for year in (2020, 2021, 2022):
            value(self.water, self.bogor, year, 1_000 + year, 2_000)

    def counts(self):
        paths = ["/pokja/32.01/", "/pokja/32/", "/pokja/35/", "/pokja/35.07/"]
        result = {}
        for path in paths:
            invalidate("groups")  # each measured with the directory's rows computed afresh
            with self.assertNumQueries(self.expected[path]):
                r = self.client.get(path)
            result[path] = len(r.context.get("regencies") or [])
        return result

    def test_the_query_count_does_not_grow_with_the_data(self):
        small = self.counts()
        self.grow()
        large = self.counts()
        self.assertEqual(large["/pokja/32/"], small["/pokja/32/"] + 8)
        self.assertEqual(large["/pokja/35/"], small["/pokja/35/"] + 8)

    def test_signed_in_the_count_is_bounded_too(self):
        self.client.force_login(self.outsider)
        with self.assertNumQueries(12):
            self.client.get("/pokja/32.01/")
        self.grow()
        with self.assertNumQueries(12):
            self.client.get("/pokja/32.01/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_region_without_group_has_no_serious_violations_on_a_phone(live_server, demo, page):
    from sinergi.tests.test_accessibility import blocking_violations, load_content

    load_content()
    page.set_viewport_size({"width": 375, "height": 812})
    for path in ("/pokja/32.01/", "/en/pokja/32.01/", "/pokja/32/"):
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", level=2).count() >= 3
        problems = blocking_violations(page)
        assert not problems, f"{path}:\n" + "\n".join(problems)
