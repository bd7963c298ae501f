"""The bulk values API reads plain rows without its serializer's fields (`plain_value_rows`),
and exactly as the serializer would: same rows, and the serializer's own answer for anything
else."""

import itertools
import random
from decimal import Decimal

from django.test import SimpleTestCase

from sinergi.api.monitoring import PLAIN_FIELDS, ValueRowSerializer, plain_value_rows
from sinergi.monitoring.models import DataValue, Indicator
from sinergi.test import BaseTestCase

ODD = ["", "   ", None, True, [], {}, "a\x00b", "\ud800", 0, -1.5, 1e20, " é\u2003", "nan"]
MISSING = object()


class PlainRowsTestCase(SimpleTestCase):
    def assertSameAsSerializer(self, data):
        plain = plain_value_rows(data)
        serializer = ValueRowSerializer(data=data, many=True)
        valid = serializer.is_valid()
        if plain is None:
            return False
        self.assertTrue(valid, (data, serializer.errors))
        self.assertEqual([dict(row) for row in serializer.validated_data], plain)
        return True

    def test_plain_rows_are_read_as_the_serializer_reads_them(self):
        row = {
            "indicator": " am-layak ",
            "region": "32.04",
            "year": 2024,
            "numerator": "900",
            "denominator": 1000.5,
            "value": None,
            "note": "",
            "period": "",
            "unknown": "ignored",
        }
        self.assertTrue(self.assertSameAsSerializer([row, row]))
        self.assertTrue(self.assertSameAsSerializer([]))

    def test_every_odd_value_in_every_field_gives_the_serializers_answer(self):
        names = [name for name, *_ in PLAIN_FIELDS]
        plain_count = 0
        for name, odd in itertools.product(names, [*ODD, MISSING]):
            row = dict.fromkeys(names, "x")
            if odd is MISSING:
                del row[name]
            else:
                row[name] = odd
            with self.subTest(field=name, value=odd):
                plain_count += self.assertSameAsSerializer([row])
        rng = random.Random(18)
        for _ in range(500):
            row = {n: rng.choice([*ODD, "x", "x", 7]) for n in names if rng.random() < 0.8}
            plain_count += self.assertSameAsSerializer([row])
        self.assertGreater(plain_count, 50)

    def test_anything_but_a_list_of_objects_goes_to_the_serializer(self):
        for data in ("x", {"indicator": "x"}, [1], [[]], None):
            self.assertIsNone(plain_value_rows(data))


class BulkAnswersTestCase(BaseTestCase):
    url = "/api/data-values/bulk/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Indicator.objects.create(
            code="am-layak",
            name_id="Akses air minum layak",
            name_en="Adequate water",
            unit="persen",
            sector="air_minum",
            aggregation="rasio",
            denominator_label="rumah tangga",
            source="BPS",
        )

    def post(self, rows):
        return self.client.post(self.url, rows, content_type="application/json")

    def test_numbers_and_text_are_written_alike(self):
        self.client.force_login(self.regency)
        row = {"indicator": "am-layak", "region": "32.04", "year": 2024}
        r = self.post([{**row, "numerator": 900, "denominator": "1.000"}])
        self.assertEqual(r.json()["created"], 1)
        self.assertEqual(DataValue.objects.get().value, Decimal("90.00"))
        r = self.post([{**row, "year": "2024", "numerator": "900", "denominator": 1000}])
        self.assertEqual(r.json()["unchanged"], 1)

    def test_odd_rows_get_the_serializers_errors(self):
        self.client.force_login(self.regency)
        r = self.post([{"indicator": "am-layak", "region": None, "year": True}])
        self.assertEqual(r.status_code, 400)
        # The serializer's errors, by row index and field, in the API's error shape.
        body = r.json()
        self.assertEqual(set(body["0"]), {"region", "year"})
        self.assertEqual(body["code"], "invalid")
        self.assertFalse(DataValue.objects.exists())
