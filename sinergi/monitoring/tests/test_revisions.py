"""A verified value changes only through a change that a second person verifies (issue 16, item
5): a verified value that changed used to become a draft again, so the public lost its verified
figure until someone verified it again.

Asep (Kabupaten Bandung) entered the access to drinking water of the kabupaten (900 of 1,000
households) and of Cinunuk (450 of 500), and Rina (the nation) verified them. Dedi (Jawa Barat)
corrects them to 950 and 480: the change waits beside the verified figures, which stay public,
until Asep verifies it."""

import zoneinfo

from auditlog.models import LogEntry
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.test import override_settings
from django.utils import translation

from sinergi.lib.history import history_for
from sinergi.monitoring.models import DataValue, Indicator, IndicatorYear, VillageTotal
from sinergi.monitoring.reference import load_catalogue
from sinergi.monitoring.tests.test_import import csv_text, row
from sinergi.monitoring.values import Selection, ValueRow, verify_values, write_values
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, form_values

VERIFIED = DataValue.Status.VERIFIED
GRID = "/en/pokja/32.04/data/?tahun=2024&indikator=am-layak"
VERIFY = "/en/pokja/32.04/data/verifikasi/?tahun=2024&indikator=am-layak"


def water(region, numerator, denominator=1000, **fields):
    return ValueRow(
        "am-layak", region, 2024, numerator=numerator, denominator=denominator, **fields
    )


class RevisionsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_catalogue()
        cls.water = Indicator.objects.get(code="am-layak")
        rows = [water("32.04", 900), water(cls.cinunuk.code, 450, 500)]
        assert write_values(rows, cls.regency)[1] == []
        assert verify_values(cls.selection(), cls.national) == (2, [])

    @classmethod
    def selection(cls):
        return Selection(cls.kab_bandung, [cls.water], 2024)

    def stored(self, region=None):
        return DataValue.objects.get(region=region or self.kab_bandung, indicator=self.water)

    def assertSummariesMatchTheValues(self):
        """IndicatorYear and VillageTotal, kept by triggers, equal a recomputation from the
        values' own columns (a pending change counts nowhere)."""
        counted = {
            (r["indicator"], r["year"], r["period"]): (r["total"], r["verified"])
            for r in DataValue.objects.values("indicator", "year", "period")
            .annotate(total=Count("pk"), verified=Count("pk", filter=Q(status=VERIFIED)))
            .order_by()
        }
        kept = {
            (c.indicator_id, c.year, c.period): (c.total_count, c.verified_count)
            for c in IndicatorYear.objects.exclude(total_count=0, verified_count=0)
        }
        self.assertEqual(kept, counted)
        key = ["indicator", "year", "period", "source", "method", "status"]
        sums = {"numerator": Sum("numerator"), "denominator": Sum("denominator")}
        recomputed = {
            tuple(r[name] for name in [*key, "regency"]): (r["numerator"], r["denominator"], r["n"])
            for r in DataValue.objects.filter(region__level=Region.Level.VILLAGE)
            .annotate(regency=Substr("region__code", 1, 5))
            .values(*key, "regency")
            .annotate(**sums, n=Count("pk"))
            .order_by()
        }
        totals = {
            tuple(getattr(t, name) for name in ["indicator_id", *key[1:], "regency"]): (
                t.numerator,
                t.denominator,
                t.count,
            )
            for t in VillageTotal.objects.exclude(count=0)
        }
        self.assertEqual(totals, recomputed)

    def messages(self, response):
        return [str(m) for m in get_messages(response.wsgi_request)]

    def visitor_sees(self, region_code):
        """The figures of a value a visitor reads in the API: (numerator, revision)."""
        self.client.logout()
        r = self.client.get(f"/api/data-values/?indicator=am-layak&region={region_code}")
        [item] = r.json()["results"]
        return item["numerator"], item["revision"]

    def test_a_verified_value_changed_in_the_grid_stays_public_until_verified(self):
        self.client.force_login(self.provincial)
        cell = f"n-{self.water.pk}-{self.kab_bandung.pk}"
        r = self.client.post(GRID, form_values(self.client.get(GRID)) | {cell: "950"})
        self.assertEqual(r.status_code, 302)
        value = self.stored()
        self.assertEqual((value.numerator, value.value, value.status), (900, 90, VERIFIED))
        self.assertEqual((value.verified_by, value.entered_by), (self.national, self.regency))
        self.assertEqual((value.revised_numerator, value.revised_value), (950, 95))
        self.assertEqual(value.revised_by, self.provincial)
        self.assertSummariesMatchTheValues()

        # The grid shows the change, awaiting verification, beside the verified figures.
        r = self.client.get(GRID)
        self.assertContains(r, f'id="{cell}" name="{cell}" value="950"')
        self.assertContains(r, "awaiting verification")
        self.assertContains(r, "Published until then: 900 / 1000 = 90.00, verified by Rina")

        # Visitors read the verified figures, on the dashboard and in the API.
        self.assertEqual(self.visitor_sees("32.04"), ("900.0000", None))
        r = self.client.get("/en/pemantauan/32.04/")
        self.assertContains(r, "90.00%")
        self.assertNotContains(r, "95.00%")

        # The secretariats read the change in the API too.
        self.client.force_login(self.regency)
        r = self.client.get("/api/data-values/?indicator=am-layak&region=32.04")
        revision = r.json()["results"][0]["revision"]
        self.assertEqual((revision["numerator"], revision["value"]), ("950.0000", "95.0000"))

        # The verification page lists it and counts it.
        r = self.client.get(VERIFY)
        self.assertEqual([line.value for line in r.context["drafts"]], [value])
        self.assertContains(r, "1 draft value of Kabupaten Bandung")
        self.assertContains(r, "1 of them is a change of a verified value")
        self.assertContains(r, "<td>950 / 1000 = 95.00")
        self.assertContains(r, "verified and published: 900 / 1000 = 90.00")
        self.assertContains(r, "Dedi")

    def test_a_second_person_verifies_the_change_and_the_history_keeps_both(self):
        # Dedi corrects Cinunuk with an import file.
        self.client.force_login(self.provincial)
        upload = csv_text([row("am-layak", self.cinunuk.code, 2024, None, 480, 500)])
        r = self.client.post(
            "/en/pokja/32.04/data/impor/", {"file": SimpleUploadedFile("data.csv", upload.encode())}
        )
        self.assertEqual(r.status_code, 302)
        self.assertEqual(self.visitor_sees(self.cinunuk.code), ("450.0000", None))
        self.assertSummariesMatchTheValues()

        # Asep, who entered the value but not the change, verifies it.
        self.client.force_login(self.regency)
        r = self.client.post(VERIFY, form_values(self.client.get(VERIFY)))
        self.assertIn("1 value has been verified.", self.messages(r))
        value = self.stored(self.cinunuk)
        self.assertEqual((value.numerator, value.value, value.status), (480, 96, VERIFIED))
        self.assertEqual((value.verified_by, value.entered_by), (self.regency, self.provincial))
        self.assertIsNone(value.revised_at)
        self.assertEqual((value.revised_numerator, value.revised_by), (None, None))
        self.assertEqual(self.visitor_sees(self.cinunuk.code), ("480.0000", None))
        self.assertSummariesMatchTheValues()

        # The history keeps the change proposed and the change verified, old and new.
        proposed, accepted = LogEntry.objects.get_for_object(value).order_by("pk")
        self.assertEqual(proposed.actor, self.provincial)
        self.assertEqual(proposed.changes_dict["revised_numerator"], ["None", "480.0000"])
        self.assertEqual(accepted.actor, self.regency)
        changes = accepted.changes_dict
        self.assertEqual(changes["numerator"], ["450.0000", "480.0000"])
        self.assertEqual(changes["verified_by"], [str(self.national.pk), str(self.regency.pk)])
        self.assertEqual(changes["entered_by"], [str(self.regency.pk), str(self.provincial.pk)])
        with translation.override("en"):
            history = history_for(value, zone=zoneinfo.ZoneInfo("Asia/Jakarta"))
        labels = {change.field: (change.old, change.new) for change in history[0].changes}
        self.assertEqual(labels["numerator"], ("450.0000", "480.0000"))
        labels = {change.field: (change.old, change.new) for change in history[1].changes}
        self.assertEqual(labels["proposed numerator"], ("—", "480.0000"))

    def test_the_one_who_changed_a_verified_value_cannot_verify_the_change(self):
        self.client.force_login(self.provincial)
        data = [{"indicator": "am-layak", "region": "32.04", "year": 2024}]
        data[0] |= {"numerator": 950, "denominator": 1000}
        response = self.client.post("/api/data-values/bulk/", data, content_type="application/json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["revised"], 1)
        self.assertEqual(self.stored().revised_by, self.provincial)

        r = self.client.get(VERIFY)
        self.assertContains(r, "entered by you: another person must verify")
        self.assertEqual(r.context["verifiable"], 0)
        self.assertEqual(verify_values(self.selection(), self.provincial), (0, []))
        self.assertEqual(self.stored().numerator, 900)

        # Unless the installation allows it, for one-person offices.
        with override_settings(VALUES_SELF_VERIFICATION=True):
            self.assertEqual(verify_values(self.selection(), self.provincial), (1, []))
        self.assertEqual(self.stored().numerator, 950)
        self.assertSummariesMatchTheValues()

    def test_an_unchanged_submission_writes_nothing_and_the_verified_figures_withdraw_a_change(
        self,
    ):
        before = self.stored()
        logs = LogEntry.objects.count()
        summary = write_values([water("32.04", 900)], self.provincial)[0]
        self.assertEqual((summary.unchanged, summary.changed), (1, 0))
        self.assertEqual((LogEntry.objects.count(), self.stored().updated), (logs, before.updated))

        write_values([water("32.04", 950)], self.provincial)
        proposed = self.stored()
        logs = LogEntry.objects.count()
        # The same change again: nothing.
        summary = write_values([water("32.04", 950)], self.regency)[0]
        self.assertEqual((summary.unchanged, summary.changed, summary.revised), (1, 0, 0))
        self.assertEqual(LogEntry.objects.count(), logs)
        self.assertEqual(self.stored().revised_by, self.provincial)
        self.assertEqual(self.stored().updated, proposed.updated)

        # The verified figures again: the change is withdrawn, and the history says so.
        summary = write_values([water("32.04", 900)], self.regency)[0]
        self.assertEqual((summary.changed, summary.revised), (1, 0))
        value = self.stored()
        self.assertEqual((value.numerator, value.status, value.revised_at), (900, VERIFIED, None))
        withdrawn = LogEntry.objects.get_for_object(value).latest("pk")
        self.assertEqual(withdrawn.changes_dict["revised_numerator"], ["950.0000", "None"])
        self.assertFalse(DataValue.objects.filter(revised_at__isnull=False).exists())
        self.assertSummariesMatchTheValues()

    def test_a_change_replaced_after_the_list_was_opened_is_not_verified(self):
        write_values([water("32.04", 950)], self.provincial)
        self.client.force_login(self.regency)
        listed = form_values(self.client.get(VERIFY))
        write_values([water("32.04", 960)], self.national)
        r = self.client.post(VERIFY, listed)
        messages = self.messages(r)
        self.assertIn("0 values have been verified.", messages)
        self.assertIn(
            "Kabupaten Bandung, Access to adequate drinking water: 960 / 1000", messages[-1]
        )
        value = self.stored()
        self.assertEqual((value.numerator, value.revised_numerator), (900, 960))
        self.assertEqual(value.revised_by, self.national)

    def test_a_template_sent_back_unchanged_leaves_the_change_pending(self):
        write_values([water("32.04", 950, note="Koreksi Susenas 2024")], self.provincial)
        self.client.force_login(self.regency)
        r = self.client.get("/pokja/32.04/data/templat.xlsx?tahun=2024&indikator=am-layak")
        upload = SimpleUploadedFile(
            "templat.xlsx", b"".join(r.streaming_content) if r.streaming else r.content
        )
        r = self.client.post("/en/pokja/32.04/data/impor/", {"file": upload})
        self.assertEqual(r.status_code, 302)
        value = self.stored()
        self.assertEqual((value.numerator, value.revised_numerator), (900, 950))
        self.assertEqual(
            (value.revised_note, value.revised_by), ("Koreksi Susenas 2024", self.provincial)
        )
