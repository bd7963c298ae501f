"""Values are written in bulk with their history (issue 16, item 6): a corrected 20,000-row file
took 30 s (five statements per changed value, most of them django-auditlog's) and died with
the worker's timeout, saving nothing."""

import datetime
import zoneinfo
from decimal import Decimal

from auditlog.context import set_actor
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from sinergi.accounts.models import User
from sinergi.lib.history import history_for
from sinergi.monitoring.models import DataValue, Indicator
from sinergi.monitoring.reference import load_catalogue
from sinergi.monitoring.values import ValueRow, apply_rows, seen_figures, validate_rows
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase

VERIFIED = DataValue.Status.VERIFIED


def water(region, numerator, denominator=1000, **fields):
    return ValueRow(
        "am-layak", region, 2024, numerator=numerator, denominator=denominator, **fields
    )


class BulkWritesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_catalogue()
        cls.water = Indicator.objects.get(code="am-layak")
        cls.villages = Region.objects.bulk_create(
            Region(
                code=f"32.04.05.{2100 + i}",
                name=f"Desa Cinunuk {i}",
                level=Region.Level.VILLAGE,
                kind=Region.Kind.VILLAGE,
                parent=cls.cileunyi,
            )
            for i in range(210)
        )

    def write(self, rows, user=None):
        user = User.objects.get(pk=(user or self.regency).pk)  # no cached scope
        clean, problems = validate_rows(rows, user)
        self.assertEqual(problems, [])
        return apply_rows(clean, user)

    def stored(self, code):
        return DataValue.objects.get(region__code=code)

    def test_new_changed_and_unchanged_rows_are_written_in_one_go(self):
        codes = [village.code for village in self.villages[:3]]
        self.write([water(code, 500) for code in codes])
        DataValue.objects.filter(region__code=codes[0]).update(
            status=VERIFIED, verified_by=self.national, verified=timezone.now()
        )

        summary = self.write(
            [
                water(codes[0], 600),  # verified, changed: a change to verify
                water(codes[1], 700, note="Hasil verifikasi lapangan"),  # draft, changed
                water(codes[2], 500),  # unchanged
                water(self.villages[3].code, 800),  # new
            ],
            self.provincial,
        )

        self.assertEqual(
            (summary.created, summary.changed, summary.unchanged, summary.revised),
            (1, 2, 1, 1),
        )
        first, second, third, fourth = (self.stored(v.code) for v in self.villages[:4])
        # A verified value keeps its figures until its change is verified (test_revisions.py).
        self.assertEqual((first.value, first.status), (50, VERIFIED))
        self.assertEqual((first.revised_value, first.revised_by), (60, self.provincial))
        self.assertEqual((second.value, second.note), (70, "Hasil verifikasi lapangan"))
        self.assertEqual(second.entered_by, self.provincial)
        self.assertGreater(first.updated, first.created)
        self.assertEqual((third.value, third.entered_by), (50, self.regency))
        self.assertEqual((fourth.value, fourth.status), (80, "draf"))

    def test_every_change_has_its_history_with_who_when_and_old_and_new(self):
        code = self.villages[0].code
        self.write([water(code, 500)])  # a draft: it changes in place
        self.write([water(code, 600)], self.provincial)
        value = self.stored(code)

        entry = LogEntry.objects.get_for_object(value).get()
        self.assertEqual(entry.action, LogEntry.Action.UPDATE)
        self.assertEqual((entry.actor, entry.actor_email), (self.provincial, self.provincial.email))
        self.assertEqual(entry.object_repr, str(value))
        self.assertLess(timezone.now() - entry.timestamp, datetime.timedelta(minutes=1))
        changes = entry.changes_dict
        self.assertEqual([Decimal(v) for v in changes["numerator"]], [500, 600])
        self.assertEqual([Decimal(v) for v in changes["value"]], [50, 60])
        self.assertEqual(changes["entered_by"], [str(self.regency.pk), str(self.provincial.pk)])
        self.assertNotIn("denominator", changes)  # unchanged
        self.assertNotIn("updated", changes)  # not logged, as for a save

        # The history page reads it like any other entry.
        with translation.override("en"):
            history = history_for(value, zone=zoneinfo.ZoneInfo("Asia/Jakarta"))
        labels = {change.field: (change.old, change.new) for change in history[0].changes}
        self.assertEqual(labels["entered by"], (str(self.regency), str(self.provincial)))

    def test_the_history_is_what_django_auditlog_logs_for_a_save(self):
        code = self.villages[0].code
        self.write([water(code, 500)])
        verified = timezone.now().replace(microsecond=123456)
        DataValue.objects.filter(region__code=code).update(
            status=VERIFIED, verified_by=self.national, verified=verified
        )
        # What saving the value one by one (the old way) logged: its change is proposed.
        old, new = self.stored(code), self.stored(code)
        self.write([water(code, 600)], self.provincial)
        new.revised_numerator, new.revised_value = Decimal("600.0000"), Decimal("60.00")
        new.revised_denominator, new.revised_note = Decimal("1000.0000"), ""  # as parsed
        new.revised_by, new.revised_at = self.provincial, self.stored(code).revised_at
        names = [
            "revised_value",
            "revised_numerator",
            "revised_denominator",
            "revised_note",
            "revised_by",
            "revised_at",
        ]
        expected = model_instance_diff(old, new, fields_to_check=names)
        self.assertEqual(len(expected), len(names))

        entry = LogEntry.objects.get_for_object(new).get()
        self.assertEqual(entry.changes, {name: list(pair) for name, pair in expected.items()})

    def test_the_history_names_the_actor_of_the_request(self):
        code = self.villages[0].code
        self.write([water(code, 500)])
        with set_actor(self.provincial, remote_addr="10.0.0.7"):
            self.write([water(code, 600)], self.provincial)
        entry = LogEntry.objects.get_for_object(self.stored(code)).get()
        self.assertEqual((entry.actor, entry.remote_addr), (self.provincial, "10.0.0.7"))

    def test_unchanged_and_new_rows_write_no_history(self):
        code = self.villages[0].code
        self.write([water(code, 500)])
        self.write([water(code, 500)])
        self.assertFalse(LogEntry.objects.get_for_object(self.stored(code)).exists())

    def test_a_stale_row_is_refused_and_the_fresh_ones_are_written(self):
        first, second = (village.code for village in self.villages[:2])
        self.write([water(first, 500), water(second, 500)])
        seen = seen_figures(self.stored(first))
        self.write([water(first, 550)], self.provincial)  # a colleague saves first

        summary = self.write([water(first, 600, expected=seen), water(second, 600, expected=seen)])

        self.assertEqual((summary.changed, [row for row, _value in summary.refused]), (1, [1]))
        self.assertEqual(self.stored(first).numerator, 550)
        self.assertEqual(self.stored(second).numerator, 600)
        self.assertEqual(LogEntry.objects.get_for_object(self.stored(first)).count(), 1)

    def test_rows_with_expected_figures_lock_the_stored_values(self):
        code = self.villages[0].code
        self.write([water(code, 500)])
        seen = seen_figures(self.stored(code))
        with CaptureQueriesContext(connection) as queries:
            self.write([water(code, 600, expected=seen)])
        if connection.features.has_select_for_update:
            self.assertTrue(any("FOR UPDATE" in q["sql"] for q in queries.captured_queries))
        self.assertEqual(self.stored(code).numerator, 600)

    def test_the_queries_do_not_grow_with_the_rows(self):
        def queries(villages, numerator):
            rows = [water(village.code, numerator) for village in villages]
            user = User.objects.get(pk=self.regency.pk)
            clean, problems = validate_rows(rows, user)
            self.assertEqual(problems, [])
            with CaptureQueriesContext(connection) as captured:
                apply_rows(clean, user)
            return len(captured)

        # SQLite takes at most 999 parameters per statement, so Django's batches there hold
        # about 60 values; PostgreSQL's hold 500.
        size = 200 if connection.vendor == "postgresql" else 60
        few, many = self.villages[:10], self.villages[10 : 10 + size]
        ContentType.objects.get_for_model(DataValue)  # cached once per process
        self.assertEqual(queries(few, 500), queries(many, 500))  # new
        self.assertEqual(queries(few, 600), queries(many, 600))  # changed, with their history
        changes = LogEntry.objects.filter(action=LogEntry.Action.UPDATE).count()
        self.assertEqual(changes, 10 + size)
