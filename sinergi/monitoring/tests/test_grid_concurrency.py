"""No lost update in the data grid: two secretaries of Kabupaten Bandung, Asep and Wulan, open
the same page; what one saves is never written back by the other's older copy.

X is the households served by the water utility in Kabupaten Bandung (250000, a draft), Y the
access to drinking water of Cinunuk (450 of 500, verified: a change of it is a proposed change,
`revised_*`, that the grid shows and protects as it does a draft's figures)."""

from decimal import Decimal

from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sinergi.accounts.models import User
from sinergi.monitoring.models import DataValue, Indicator
from sinergi.monitoring.reference import load_catalogue
from sinergi.pokja.models import Role
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, form_values

URL = "/en/pokja/32.04/data/?tahun=2024&indikator=am-layak&indikator=am-pdam"
VERIFY_URL = "/en/pokja/32.04/data/verifikasi/?tahun=2024&indikator=am-layak&indikator=am-pdam"


class ConcurrencyTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_catalogue()
        cls.water = Indicator.objects.get(code="am-layak")
        cls.utility = Indicator.objects.get(code="am-pdam")
        cls.wulan = User.objects.create_user(
            "wulan@example.org", "password", full_name="Wulan Sari"
        )
        Role.objects.create(
            user=cls.wulan, working_group=cls.bandung_group, kind=Role.Kind.SECRETARIAT
        )
        cls.x = DataValue.objects.create(
            indicator=cls.utility,
            region=cls.kab_bandung,
            year=2024,
            source="pdam",
            value=250000,
            entered_by=cls.regency,
        )
        cls.y = DataValue.objects.create(
            indicator=cls.water,
            region=cls.cinunuk,
            year=2024,
            source="bps_susenas",
            numerator=450,
            denominator=500,
            value=90,
            status=DataValue.Status.VERIFIED,
            verified_by=cls.regency,
        )

    def setUp(self):
        self.asep = self.client
        self.asep.force_login(self.regency)
        self.other = Client()
        self.other.force_login(self.wulan)

    def cell(self, kind, indicator, region):
        return f"{kind}-{indicator.pk}-{region.pk}"

    @property
    def x_input(self):
        return self.cell("v", self.utility, self.kab_bandung)

    @property
    def y_numerator(self):
        return self.cell("n", self.water, self.cinunuk)

    def open_page(self, client, url=URL):
        return form_values(client.get(url))

    def save(self, client, page, changes, url=URL):
        return client.post(url, page | changes)

    def asep_changes_x(self, wulans_page):
        """Asep opens the page after Wulan and saves X as 260000."""
        r = self.save(self.asep, self.open_page(self.asep), {self.x_input: "260000"})
        self.assertEqual(r.status_code, 302)
        self.x.refresh_from_db()
        self.assertEqual(self.x.value, 260000)
        return wulans_page


class GridConcurrencyTestCase(ConcurrencyTestCase):
    def test_a_stale_page_saves_only_the_cell_its_user_changed(self):
        stale = self.asep_changes_x(self.open_page(self.other))
        r = self.save(self.other, stale, {self.y_numerator: "460"})
        self.assertEqual(r.status_code, 302)
        self.x.refresh_from_db()
        self.y.refresh_from_db()
        self.assertEqual((self.x.value, self.x.entered_by), (260000, self.regency))
        self.assertEqual(
            (self.y.revised_numerator, self.y.revised_value, self.y.revised_by),
            (460, 92, self.wulan),
        )

    def test_a_cell_changed_meanwhile_is_refused_and_shown_with_both_values(self):
        stale = self.asep_changes_x(self.open_page(self.other))
        r = self.save(self.other, stale, {self.x_input: "270000", self.y_numerator: "460"})
        self.assertEqual(r.status_code, 200)
        self.x.refresh_from_db()
        self.y.refresh_from_db()
        self.assertEqual(self.x.value, 260000)  # Asep's value stays
        self.assertEqual(self.y.revised_numerator, 460)  # the other change is proposed
        self.assertContains(r, "Created: 0, changed: 1, unchanged: 0.")
        self.assertContains(r, "1 cell was not saved: someone else changed it after you opened")
        self.assertContains(r, "Asep changed this value to 260000 on ")
        self.assertContains(r, "Your value, 270000, was not saved")
        # The cell shows Asep's value; the page now expects it.
        self.assertContains(r, f'id="{self.x_input}" name="{self.x_input}" value="260000"')
        again = form_values(r)
        # Typed again, knowing Asep's value, Wulan's value is saved.
        r = self.save(self.other, again, {self.x_input: "270000"})
        self.assertEqual(r.status_code, 302)
        self.x.refresh_from_db()
        self.assertEqual((self.x.value, self.x.entered_by), (270000, self.wulan))

    def test_a_ratio_changed_meanwhile_is_refused(self):
        stale = self.open_page(self.other)
        self.save(self.asep, self.open_page(self.asep), {self.y_numerator: "470"})
        r = self.save(self.other, stale, {self.y_numerator: "480"})
        self.assertEqual(r.status_code, 200)
        self.y.refresh_from_db()
        self.assertEqual((self.y.numerator, self.y.revised_numerator), (450, 470))
        self.assertContains(r, "Asep changed this value to 470 / 500 on ")
        self.assertContains(r, "Your value, 480 / 500, was not saved")

    def test_a_value_entered_meanwhile_in_an_empty_cell_is_refused(self):
        empty = self.cell("v", self.utility, self.cinunuk)
        stale = self.open_page(self.other)
        self.save(self.asep, self.open_page(self.asep), {empty: "1200"})
        r = self.save(self.other, stale, {empty: "1300"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Your value, 1300, was not saved")
        value = DataValue.objects.get(indicator=self.utility, region=self.cinunuk)
        self.assertEqual(value.value, 1200)

    def test_a_refused_cell_sent_again_as_shown_keeps_the_colleagues_value(self):
        stale = self.asep_changes_x(self.open_page(self.other))
        r = self.save(self.other, stale, {self.x_input: "270000"})
        r = self.save(self.other, form_values(r), {})
        self.assertEqual(r.status_code, 302)
        self.x.refresh_from_db()
        self.assertEqual((self.x.value, self.x.entered_by), (260000, self.regency))

    def test_the_same_change_made_by_both_is_no_conflict(self):
        stale = self.asep_changes_x(self.open_page(self.other))
        r = self.save(self.other, stale, {self.x_input: "260000"})
        self.assertEqual(r.status_code, 302)
        self.x.refresh_from_db()
        self.assertEqual(self.x.entered_by, self.regency)

    def test_sending_a_page_unchanged_writes_nothing_even_when_it_is_stale(self):
        stale = self.asep_changes_x(self.open_page(self.other))
        self.x.refresh_from_db()
        updated = {value.pk: value.updated for value in DataValue.objects.all()}
        logs = LogEntry.objects.count()
        r = self.save(self.other, stale, {})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(LogEntry.objects.count(), logs)
        self.assertEqual({v.pk: v.updated for v in DataValue.objects.all()}, updated)
        self.x.refresh_from_db()
        self.y.refresh_from_db()
        self.assertEqual((self.x.value, self.x.entered_by), (260000, self.regency))
        self.assertEqual((self.y.status, self.y.verified_by), ("terverifikasi", self.regency))
        r = self.other.get(r["Location"])
        self.assertContains(r, "Created: 0, changed: 0, unchanged: 2.")

    def test_a_page_shown_again_with_its_errors_still_expects_what_it_first_showed(self):
        stale = self.asep_changes_x(self.open_page(self.other))
        r = self.save(self.other, stale, {self.y_numerator: "600"})  # more than 500
        self.assertContains(r, "Nothing was saved: 1 cell has a problem")
        r = self.save(self.other, form_values(r), {self.y_numerator: "460"})
        self.assertEqual(r.status_code, 302)
        self.x.refresh_from_db()
        self.y.refresh_from_db()
        self.assertEqual((self.x.value, self.y.revised_numerator), (260000, 460))

    def test_a_page_without_what_it_showed_saves_nothing(self):
        page = self.open_page(self.other)
        del page["_seen"]
        r = self.save(self.other, page, {self.x_input: "1"})
        self.assertContains(r, "Nothing was saved: this page is incomplete")
        self.x.refresh_from_db()
        self.assertEqual(self.x.value, 250000)
        # Nor one made for another year.
        page = self.open_page(self.other, URL.replace("2024", "2023"))
        r = self.save(self.other, self.open_page(self.other) | {"_seen": page["_seen"]}, {})
        self.assertContains(r, "Nothing was saved: this page is incomplete")

    def add_villages(self, count):
        villages = Region.objects.bulk_create(
            Region(
                code=f"32.04.05.{2100 + i}",
                name=f"Desa {i:03d}",
                level=Region.Level.VILLAGE,
                kind=Region.Kind.VILLAGE,
                parent=self.cileunyi,
            )
            for i in range(count)
        )
        DataValue.objects.bulk_create(
            DataValue(
                indicator=self.utility,
                region=village,
                year=2024,
                source="pdam",
                value=100 + i,
            )
            for i, village in enumerate(villages)
        )

    def queries_to_save(self, changes):
        page = self.open_page(self.asep)
        with CaptureQueriesContext(connection) as queries:
            r = self.save(self.asep, page, changes)
        self.assertEqual(r.status_code, 302)
        return len(queries)

    def test_saving_costs_no_query_per_unchanged_cell(self):
        y_denominator = self.cell("d", self.water, self.cinunuk)
        empty = self.queries_to_save({self.x_input: "", self.y_numerator: "", y_denominator: ""})
        few_unchanged = self.queries_to_save({})
        one_change = self.queries_to_save({self.x_input: "250001"})
        self.add_villages(40)
        self.assertEqual(self.queries_to_save({}), few_unchanged)
        self.assertEqual(self.queries_to_save({self.x_input: "250002"}), one_change)
        # An unchanged cell costs what an empty one does: it is not even checked.
        self.assertEqual(few_unchanged, empty)


class VerifyConcurrencyTestCase(ConcurrencyTestCase):
    def test_verifying_leaves_drafts_changed_after_the_list_was_opened(self):
        kab_water = DataValue.objects.create(
            indicator=self.water,
            region=self.kab_bandung,
            year=2024,
            source="bps_susenas",
            numerator=900,
            denominator=1000,
            value=90,
        )
        listed = self.open_page(self.asep, VERIFY_URL)
        self.save(self.other, self.open_page(self.other), {self.x_input: "260000"})
        new = DataValue.objects.create(
            indicator=self.utility, region=self.cinunuk, year=2024, source="pdam", value=1200
        )
        r = self.save(self.asep, listed, {}, VERIFY_URL)
        self.assertRedirects(
            r,
            "/en/pokja/32.04/data/verifikasi/?tahun=2024&periode=tahun&sumber="
            "&indikator=am-layak&indikator=am-pdam",
            fetch_redirect_response=False,
        )
        for value in (kab_water, self.x, new):
            value.refresh_from_db()
        self.assertEqual(kab_water.status, "terverifikasi")
        self.assertEqual((self.x.status, self.x.value), ("draf", Decimal(260000)))
        self.assertEqual(new.status, "draf")
        r = self.asep.get(r["Location"])
        self.assertContains(r, "1 value has been verified.")
        self.assertContains(
            r,
            "2 drafts were not verified: they were changed or entered after you opened the list "
            "(Kabupaten Bandung, Households served by a water utility: 260000; "
            "Cinunuk, Households served by a water utility: 1200).",
        )
        # The list shows them now, as they are.
        self.assertContains(r, "<td>260000</td>", html=True)

    def test_verifying_without_the_list_verifies_nothing(self):
        r = self.asep.post(VERIFY_URL)
        self.x.refresh_from_db()
        self.assertEqual(self.x.status, "draf")
        r = self.asep.get(r["Location"])
        self.assertContains(r, "Nothing was verified: this page is incomplete")
