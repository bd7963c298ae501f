from decimal import Decimal

from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from sinergi.accounts.models import User
from sinergi.monitoring.models import DataValue, Indicator
from sinergi.monitoring.reference import load_catalogue
from sinergi.monitoring.values import (
    Selection,
    ValueRow,
    apply_rows,
    parse_decimal,
    plain_number,
    validate_rows,
    verify_values,
    write_values,
)
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase


def water(region="32.04", numerator=900, denominator=1000, **fields):
    """A row of am-layak (a ratio indicator) for 2024."""
    return ValueRow(
        "am-layak", region, 2024, numerator=numerator, denominator=denominator, **fields
    )


class ValuesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_catalogue()
        cls.water = Indicator.objects.get(code="am-layak")
        cls.utility = Indicator.objects.get(code="am-pdam")  # a sum indicator


class WriteValuesTestCase(ValuesTestCase):
    def setUp(self):
        # The messages are checked in English; without this they follow whichever language an
        # earlier test left active (Indonesian when this module runs alone).
        language = translation.override("en")
        language.__enter__()
        self.addCleanup(language.__exit__, None, None, None)

    def test_a_ratio_value_is_computed_and_written_as_a_draft_of_the_default_source(self):
        summary, problems = write_values([water()], self.regency)
        self.assertEqual(problems, [])
        self.assertEqual((summary.created, summary.changed), (1, 0))
        value = DataValue.objects.get()
        self.assertEqual(value.value, Decimal("90.00"))
        self.assertEqual((value.numerator, value.denominator), (900, 1000))
        self.assertEqual(
            (value.period, value.source, value.method), ("tahun", "bps_susenas", "nasional")
        )
        self.assertEqual((value.status, value.entered_by), ("draf", self.regency))

    def test_the_same_rows_twice_change_nothing(self):
        rows = [water(), ValueRow("am-pdam", "32.04", 2024, value="120000", note="Laporan PDAM")]
        write_values(rows, self.regency)
        before = list(DataValue.objects.values_list("pk", "value", "updated"))
        summary, problems = write_values(rows, self.regency)
        self.assertEqual(problems, [])
        self.assertEqual((summary.created, summary.changed, summary.unchanged), (0, 0, 2))
        self.assertIn("Created: 0, changed: 0, unchanged: 2", str(summary))
        self.assertEqual(list(DataValue.objects.values_list("pk", "value", "updated")), before)

    def test_choices_are_read_by_code_or_by_label_in_any_case(self):
        rows = [
            water(period="WHOLE YEAR", source="bps susenas", method="who/unicef jmp"),
            water(period="S1", source="Survei", method="NASIONAL"),
            water(
                period="january", source="stbm monitoring", numerator="90,5", denominator=" 1 000"
            ),
        ]
        summary, problems = write_values(rows, self.regency)
        self.assertEqual(problems, [])
        keys = set(DataValue.objects.values_list("period", "source", "method", "numerator"))
        self.assertEqual(
            keys,
            {
                ("tahun", "bps_susenas", "jmp", Decimal(900)),
                ("s1", "survei", "nasional", Decimal(900)),
                ("m01", "stbm", "nasional", Decimal("90.5")),
            },
        )

    def test_every_problem_is_named_by_row_and_column_and_nothing_is_written(self):
        rows = [
            water(),  # good
            water("32.04.05.2001", numerator=1200),  # more than the denominator
            water("32.04.05.2001", denominator=0),
            ValueRow("air-ajaib", "32.04", 2024, value=1),
            water("32.99"),
            ValueRow("am-layak", "32.04", 1999, numerator=1, denominator=2),
            water(period="kuartal 1"),
            ValueRow("am-pdam", "32.04", 2024, value=-3),
            ValueRow("am-pdam", "32.04.05.2001", 2024, value=3, numerator=1),
            water("32.04.05.2001", value="75"),  # the value is computed: 90
            water(),  # row 1 again
            water("32.04.05.2001", numerator="1.5", denominator=2000),  # ambiguous
            ValueRow("am-pdam", 32.04, 2024, value=5),  # a code typed as a number
        ]
        summary, problems = write_values(rows, self.regency)
        self.assertIsNone(summary)
        self.assertEqual(
            {(p.row, p.column) for p in problems},
            {
                (2, "numerator"),
                (3, "denominator"),
                (4, "indicator"),
                (5, "region"),
                (6, "year"),
                (7, "period"),
                (8, "value"),
                (9, "numerator"),
                (10, "value"),
                (11, "indicator"),
                (12, "numerator"),
                (13, "region"),
            },
        )
        duplicate = next(p for p in problems if p.row == 11)
        self.assertIn("Row 1 ", duplicate.message)
        self.assertFalse(DataValue.objects.exists())

    def test_a_typed_value_equal_to_the_computed_one_is_accepted(self):
        summary, problems = write_values([water(value="90")], self.regency)
        self.assertEqual((summary.created, problems), (1, []))

    def test_rows_keep_their_own_numbers(self):
        rows = [water(row=17), water("32.04.05.2001", numerator=5, denominator=4, row=3217)]
        problems = validate_rows(rows, self.regency)[1]
        self.assertEqual([(p.row, p.column) for p in problems], [(3217, "numerator")])

    def test_only_regions_the_user_may_edit_are_accepted(self):
        cases = [
            (self.regency, "32.04.05.2001", None, True),
            (self.regency, "32.73", None, False),  # Kota Bandung: another group
            (self.member, "32.04", None, False),  # reads only
            (self.outsider, "32.04", None, False),
            (self.provincial, "32.04", None, True),  # its province's data
            (self.provincial, "32.73", self.kab_bandung, False),  # outside the chosen group
            (self.national, "53.01", None, True),
        ]
        for user, code, within, accepted in cases:
            with self.subTest(user=user.email, region=code):
                problems = validate_rows([water(code)], user, within)[1]
                self.assertEqual(problems == [], accepted, problems)

    def test_an_empty_note_keeps_the_stored_note_and_a_written_one_replaces_it(self):
        write_values([water(note="Susenas Maret 2024")], self.regency)
        summary = write_values([water()], self.regency)[0]
        self.assertEqual((summary.changed, DataValue.objects.get().note), (0, "Susenas Maret 2024"))
        write_values([water(note="Angka sementara")], self.regency)
        self.assertEqual(DataValue.objects.get().note, "Angka sementara")

    def test_a_changed_verified_value_keeps_its_figures_until_its_change_is_verified(self):
        # It used to return to draft, unpublished until verified again (issue 16, item 5).
        write_values([water()], self.regency)
        selection = Selection(self.kab_bandung, [self.water], 2024)
        # Verification is a second person's act: Asep's entry is verified by Rina.
        self.assertEqual(verify_values(selection, self.regency), (0, []))
        self.assertEqual(verify_values(selection, self.national), (1, []))
        value = DataValue.objects.get()
        self.assertEqual((value.status, value.verified_by), ("terverifikasi", self.national))

        summary = write_values([water(numerator=950)], self.provincial)[0]
        self.assertEqual((summary.changed, summary.revised), (1, 1))
        self.assertIn("1 verified values changed", str(summary))
        value.refresh_from_db()
        self.assertEqual((value.value, value.revised_value), (90, Decimal("95.00")))
        self.assertEqual((value.status, value.verified_by), ("terverifikasi", self.national))
        self.assertEqual((value.entered_by, value.revised_by), (self.regency, self.provincial))
        entry = LogEntry.objects.get_for_object(value).get(action=LogEntry.Action.UPDATE)
        changes = entry.changes_dict
        self.assertEqual(changes["revised_numerator"], ["None", "950.0000"])
        self.assertEqual(entry.actor, self.provincial)

    def test_the_queries_do_not_grow_with_the_rows(self):
        villages = Region.objects.bulk_create(
            Region(
                code=f"32.04.05.{2100 + i}",
                name=f"Desa {i}",
                level=Region.Level.VILLAGE,
                kind=Region.Kind.VILLAGE,
                parent=self.cileunyi,
            )
            for i in range(80)
        )

        def count(regions):
            rows = [water(r.code) for r in regions]
            rows += [ValueRow("am-pdam", r.code, 2024, value=i) for i, r in enumerate(regions)]
            user = User.objects.get(pk=self.regency.pk)  # no cached scope
            with CaptureQueriesContext(connection) as validating:
                clean, problems = validate_rows(rows, user)
            self.assertEqual(problems, [])
            with CaptureQueriesContext(connection) as applying:
                self.assertEqual(apply_rows(clean, user).created, len(rows))
            return len(validating), len(applying)

        few, many = count(villages[:5]), count(villages[5:])
        self.assertEqual(few[0], many[0])
        self.assertLessEqual(few[0], 3)  # the user's roles, the indicators, the regions
        # One read of the stored values, then inserts of many rows at a time.
        self.assertLess(many[1], 10)


class NumbersTestCase(ValuesTestCase):
    def test_numbers_are_read_from_cells_and_text(self):
        cases = {
            "12": Decimal(12),
            "12,5": Decimal("12.5"),
            "0,125": Decimal("0.125"),
            "1234,5": Decimal("1234.5"),
            "1.500": Decimal(1500),
            "12.500": Decimal(12500),
            "1.000.000": Decimal(1000000),
            " 1 500 ": Decimal(1500),
            12.5: Decimal("12.5"),
            1500: Decimal(1500),
            Decimal("1.2345"): Decimal("1.2345"),
            "": None,
            None: None,
        }
        for raw, expected in cases.items():
            with self.subTest(raw=raw):
                self.assertEqual(parse_decimal(raw), expected)

    def test_ambiguous_numbers_and_words_are_refused(self):
        for raw in ["1.5", "0.125", "1,500", "12.34", "1,5%", "sepuluh", True, "1e5", "1,23456"]:
            with self.subTest(raw=raw), self.assertRaises(ValueError):
                parse_decimal(raw)

    def test_stored_numbers_are_typed_back_as_they_read(self):
        self.assertEqual(plain_number(Decimal("900000.0000")), "900000")
        self.assertEqual(plain_number(Decimal("90.5000")), "90,5")
        self.assertEqual(plain_number(Decimal("1.5000")), "1,5")
        self.assertEqual(plain_number(Decimal("12.3450")), "12,3450")  # not "12,345"
        self.assertEqual(parse_decimal(plain_number(Decimal("12.3450"))), Decimal("12.345"))
