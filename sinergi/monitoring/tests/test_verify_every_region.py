"""Verification for every region (issue 16, items 3 and 5).

The national secretariat (Rina) verifies the values of any region, the provincial secretariat of
Jawa Barat (Dedi) those of its province and below, whether or not the region has a working group
(Kota Bandung has none). The verification page counts and lists every draft of its selection at
every level: the region itself, provinces, kabupaten/kota and desa/kelurahan.

Verification is a second person's act: Bambang, of the national secretariat too, enters the
33 provincial values of 2009 and Rina verifies them; nobody verifies their own entry unless the
installation allows it (VALUES_SELF_VERIFICATION).
"""

from unittest import mock

from django.contrib.messages import get_messages
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime

from sinergi.accounts.models import User
from sinergi.monitoring.models import DataValue, Indicator
from sinergi.monitoring.reference import load_catalogue
from sinergi.monitoring.values import ValueRow, write_values
from sinergi.pokja.models import Role
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, form_values, make_region

# The 33 provinces of 2009 (Kemendagri codes of the time: Papua Barat 91, Papua 94); Jawa Barat
# (32) and Nusa Tenggara Timur (53) are in the shared base.
PROVINCES_2009 = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua Barat",
    "94": "Papua",
}
PAGE_2009 = "/en/pokja/ID/data/verifikasi/?tahun=2009&indikator=am-layak"
KOTA_BANDUNG_2024 = "/en/pokja/32.73/data/verifikasi/?tahun=2024&indikator=am-layak"


def water(code, year=2009, numerator=700, denominator=1000):
    return ValueRow("am-layak", code, year, numerator=numerator, denominator=denominator)


class VerifyEveryRegionTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_catalogue()
        cls.water = Indicator.objects.get(code="am-layak")
        cls.bambang = User.objects.create_user(
            "bambang@example.org", "password", full_name="Bambang"
        )
        Role.objects.create(
            user=cls.bambang, working_group=cls.national_group, kind=Role.Kind.SECRETARIAT
        )
        for code, name in PROVINCES_2009.items():
            make_region(code, name, Region.Kind.PROVINCE, cls.nation)

    def messages(self, response):
        return [str(m) for m in get_messages(response.wsgi_request)]

    def enter(self, user, *rows):
        summary, problems = write_values(rows, user)
        self.assertEqual(problems, [])
        return summary

    def drafts(self):
        return DataValue.objects.filter(status=DataValue.Status.DRAFT)


class NationalPageTestCase(VerifyEveryRegionTestCase):
    def enter_2009(self):
        """The 33 provincial values of 2009, a kabupaten's and a village's, by Bambang."""
        codes = [*PROVINCES_2009, "32", "53"]
        self.enter(self.bambang, *(water(code) for code in codes))
        self.enter(
            self.bambang, water("32.04"), water("32.04.05.2001", numerator=40, denominator=50)
        )

    def test_it_counts_and_verifies_the_drafts_of_every_level(self):
        self.enter_2009()
        self.client.force_login(self.national)
        r = self.client.get(PAGE_2009)
        self.assertEqual(r.status_code, 200)
        # Before: 0 drafts, as the page looked at the kabupaten/kota only.
        self.assertContains(r, "35 draft values of Indonesia and the regions below it")
        self.assertContains(r, "<li>Province: 33</li>", html=True)
        self.assertContains(r, "<li>Regency / city: 1</li>", html=True)
        self.assertContains(r, "<li>Village: 1</li>", html=True)
        r = self.client.post(PAGE_2009, form_values(r))
        self.assertIn("35 values have been verified.", self.messages(r))
        self.assertFalse(self.drafts().exists())
        self.assertEqual(
            set(DataValue.objects.values_list("verified_by", flat=True)), {self.national.pk}
        )

    def test_without_named_indicators_it_covers_every_indicator(self):
        self.enter(self.bambang, water("11"), ValueRow("am-pdam", "11", 2009, value=120000))
        self.client.force_login(self.national)
        r = self.client.get("/en/pokja/ID/data/verifikasi/?tahun=2009")
        self.assertContains(r, "2 draft values of Indonesia")
        self.assertContains(r, "All indicators.")

    def test_a_long_list_is_verified_a_page_at_a_time(self):
        self.enter_2009()
        self.client.force_login(self.national)
        with mock.patch("sinergi.monitoring.views_entry.VERIFY_PER_PAGE", 10):
            r = self.client.get(PAGE_2009)
            self.assertEqual(len(r.context["drafts"]), 10)
            self.assertContains(r, "Page 1 of 4")
            r = self.client.post(PAGE_2009, form_values(r))
        # Only the ten drafts listed are verified; the others are not named as changed.
        self.assertEqual(self.messages(r), ["10 values have been verified."])
        self.assertRedirects(
            r,
            "/en/pokja/ID/data/verifikasi/?tahun=2009&periode=tahun&sumber=&indikator=am-layak",
            fetch_redirect_response=False,
        )
        self.assertEqual(self.drafts().count(), 25)
        # The provinces come first, in code order.
        verified = DataValue.objects.filter(status=DataValue.Status.VERIFIED)
        self.assertEqual(
            sorted(verified.values_list("region__code", flat=True)), sorted(PROVINCES_2009)[:10]
        )

    def test_the_queries_do_not_grow_with_the_drafts(self):
        self.client.force_login(self.national)
        self.enter(self.bambang, water("11"))
        with CaptureQueriesContext(connection) as few:
            self.client.get(PAGE_2009)
        self.enter_2009()
        with CaptureQueriesContext(connection) as many:
            r = self.client.get(PAGE_2009)
        self.assertEqual(len(r.context["drafts"]), 35)
        self.assertEqual(len(many), len(few))
        self.assertLessEqual(len(many), 10)

    def test_the_drafts_are_counted_once(self):
        # The counts by level give the pages' count too: no second scan of the values.
        self.client.force_login(self.national)
        self.enter_2009()
        with CaptureQueriesContext(connection) as queries:
            r = self.client.get(PAGE_2009)
        self.assertEqual(r.context["page"].paginator.count, 35)
        counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
        self.assertEqual([sql for sql in counts if "monitoring_datavalue" in sql], [])


class RegionWithoutGroupTestCase(VerifyEveryRegionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Kota Bandung has no working group: the national secretariat entered its value.
        write_values([water("32.73", 2024, 950_000, 1_000_000)], cls.national)
        cls.value = DataValue.objects.get(region=cls.kota_bandung)

    def test_the_provincial_secretariat_verifies_it(self):
        self.client.force_login(self.provincial)
        r = self.client.get(KOTA_BANDUNG_2024)
        self.assertEqual(r.status_code, 200)  # was 404: no working group
        self.assertContains(r, "1 draft value of Kota Bandung")
        r = self.client.post(KOTA_BANDUNG_2024, form_values(r))
        # There is no data-entry page to go back to: the page shows the value verified.
        self.assertRedirects(
            r,
            "/en/pokja/32.73/data/verifikasi/?tahun=2024&periode=tahun&sumber=&indikator=am-layak",
            fetch_redirect_response=False,
        )
        self.value.refresh_from_db()
        self.assertEqual(
            (self.value.status, self.value.verified_by), ("terverifikasi", self.provincial)
        )
        r = self.client.get(r["Location"])
        self.assertContains(r, "1 value has been verified.")
        self.assertContains(r, "0 draft values of Kota Bandung")
        self.assertEqual(r.context["recent"], [(self.value, "950000 / 1000000")])
        with translation.override("en"):
            when = date_format(localtime(self.value.verified), "DATETIME_FORMAT")
        self.assertContains(r, f"<td>Dedi</td><td>{when}</td>", html=True)

    def test_the_grid_and_the_api_show_the_verifier_and_the_time(self):
        self.client.force_login(self.provincial)
        self.client.post(KOTA_BANDUNG_2024, form_values(self.client.get(KOTA_BANDUNG_2024)))
        r = self.client.get("/en/pokja/32/data/?tahun=2024&indikator=am-layak")
        self.assertContains(r, "by Dedi, ")
        self.client.logout()
        r = self.client.get("/api/data-values/?region=32.73")
        self.value.refresh_from_db()
        self.assertEqual(r.json()["results"][0]["status"], "terverifikasi")
        self.assertIsNotNone(r.json()["results"][0]["verified"])

    def test_the_national_page_lists_it_with_a_link_to_its_own_page(self):
        self.client.force_login(self.national)
        r = self.client.get("/en/pokja/ID/data/verifikasi/?tahun=2024&indikator=am-layak")
        self.assertContains(r, "1 draft value of Indonesia")
        self.assertContains(r, 'href="/en/pokja/32.73/data/verifikasi/?tahun=2024')

    def test_access(self):
        aceh = "/en/pokja/11/data/verifikasi/?tahun=2024"
        village = "/en/pokja/32.04.05.2001/data/verifikasi/?tahun=2024"
        cases = [
            (self.national, KOTA_BANDUNG_2024, 200),
            (self.provincial, KOTA_BANDUNG_2024, 200),
            (self.regency, KOTA_BANDUNG_2024, 404),  # another kabupaten/kota
            (self.member, KOTA_BANDUNG_2024, 404),
            (self.outsider, KOTA_BANDUNG_2024, 404),
            (self.national, aceh, 200),  # a province without a working group
            (self.provincial, aceh, 404),
            (self.regency, village, 200),  # a village of its kabupaten
            (self.member, village, 403),  # reads its kabupaten's data
            (self.outsider, village, 404),
        ]
        for user, url, status in cases:
            with self.subTest(user=user.email, url=url):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, status)
        for user, status in [(self.regency, 404), (self.member, 404), (self.outsider, 404)]:
            self.client.force_login(user)
            self.assertEqual(self.client.post(KOTA_BANDUNG_2024).status_code, status)
        self.value.refresh_from_db()
        self.assertEqual(self.value.status, "draf")
        self.client.logout()
        r = self.client.get("/pokja/32.73/data/verifikasi/")
        self.assertRedirects(
            r, "/akun/masuk/?next=/pokja/32.73/data/verifikasi/", fetch_redirect_response=False
        )
        self.assertEqual(self.client.get("/pokja/99/data/verifikasi/").status_code, 302)
        self.client.force_login(self.national)
        self.assertEqual(self.client.get("/pokja/99/data/verifikasi/").status_code, 404)


class SecondPersonTestCase(VerifyEveryRegionTestCase):
    url = "/en/pokja/32.04/data/verifikasi/?tahun=2024&indikator=am-layak"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        write_values([water("32.04", 2024)], cls.regency)
        write_values([water("32.04.05.2001", 2024, 40, 50)], cls.provincial)
        cls.own = DataValue.objects.get(region=cls.kab_bandung)
        cls.others = DataValue.objects.get(region=cls.cinunuk)

    def test_nobody_verifies_their_own_entry(self):
        self.client.force_login(self.regency)
        r = self.client.get(self.url)
        self.assertContains(r, "2 draft values of Kabupaten Bandung")
        self.assertContains(r, "1 of them was entered by you: another person must verify it.")
        self.assertContains(r, "entered by you: another person must verify</span>")
        self.assertContains(r, "This verifies the 1 draft on this page that you may verify.")
        r = self.client.post(self.url, form_values(r))
        self.assertIn("1 value has been verified.", self.messages(r))
        self.own.refresh_from_db()
        self.others.refresh_from_db()
        self.assertEqual(self.own.status, "draf")
        self.assertEqual(
            (self.others.status, self.others.verified_by), ("terverifikasi", self.regency)
        )
        # Only their own entry is left: the page offers nothing to verify.
        r = self.client.get(self.url)
        self.assertNotContains(r, 'name="_seen"')
        # Another person verifies it.
        self.client.force_login(self.provincial)
        r = self.client.post(self.url, form_values(self.client.get(self.url)))
        self.own.refresh_from_db()
        self.assertEqual(
            (self.own.status, self.own.verified_by), ("terverifikasi", self.provincial)
        )

    @override_settings(VALUES_SELF_VERIFICATION=True)
    def test_an_installation_may_allow_verifying_ones_own_entry(self):
        self.client.force_login(self.regency)
        r = self.client.get(self.url)
        self.assertNotContains(r, "entered by you")
        r = self.client.post(self.url, form_values(r))
        self.assertIn("2 values have been verified.", self.messages(r))
        self.own.refresh_from_db()
        self.assertEqual((self.own.status, self.own.verified_by), ("terverifikasi", self.regency))

    def test_a_value_changed_by_the_verifier_after_listing_is_not_verified(self):
        self.client.force_login(self.regency)
        listed = form_values(self.client.get(self.url))
        # Asep corrects Cinunuk's value (now his entry) before verifying the list.
        write_values([water("32.04.05.2001", 2024, 41, 50)], self.regency)
        r = self.client.post(self.url, listed)
        self.assertIn("0 values have been verified.", self.messages(r))
        self.others.refresh_from_db()
        self.assertEqual(self.others.status, "draf")
