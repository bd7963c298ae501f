"""The values export at national scale: the CSV is streamed in pieces of many lines with the
same queries whatever the number of values, its numbers are written as `format_number`
writes them, text that would start a formula is made safe, and the XLSX export refuses more
than XLSX_MAX_ROWS values with a message that says what to do."""

import csv
import io
import random
from decimal import Decimal
from unittest import mock

from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from sinergi.lib import spreadsheets
from sinergi.lib.fields import format_number
from sinergi.monitoring import values_io
from sinergi.monitoring.models import DataValue, Indicator
from sinergi.monitoring.values import parse_decimal, plain_number
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase


class StreamingTestCase(BaseTestCase):
    url = "/data/ekspor.csv"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.water = Indicator.objects.create(
            code="am-layak",
            name_id="Akses air minum layak",
            name_en="Adequate water",
            unit="persen",
            sector="air_minum",
            aggregation="rasio",
            denominator_label="rumah tangga",
            source="BPS",
        )
        cls.villages = list(Region.objects.filter(level=Region.Level.VILLAGE).order_by("code"))

    def add_values(self, count, start_year=2001, note=""):
        for n in range(count):
            DataValue.objects.create(
                indicator=self.water,
                region=self.villages[n % len(self.villages)],
                year=start_year + n // len(self.villages),
                source="bps_susenas",
                numerator=Decimal("12.345"),
                denominator=100,
                value=Decimal("12.35"),
                note=note,
                status="terverifikasi",
            )

    def read(self, response):
        self.assertTrue(response.streaming)
        pieces = [piece.decode() for piece in response.streaming_content]
        rows = list(csv.reader(io.StringIO("".join(pieces)[1:])))
        return pieces, rows[1:]

    def test_the_csv_comes_in_pieces_of_many_lines_with_the_same_queries(self):
        self.add_values(3)
        with CaptureQueriesContext(connection) as small:
            _pieces, rows = self.read(self.client.get(self.url))
        self.assertEqual(len(rows), 3)
        self.add_values(25, start_year=2010)
        with (
            mock.patch.object(spreadsheets, "CSV_ROWS_PER_PIECE", 10),
            self.assertNumQueries(len(small)),
        ):
            pieces, rows = self.read(self.client.get(self.url))
        self.assertEqual(len(rows), 28)
        # The header and ten rows, twice ten, then the last eight: not one piece a line.
        self.assertEqual([piece.count("\n") for piece in pieces], [11, 10, 8])

    def test_the_rows_are_those_stored_with_formulas_made_safe(self):
        self.add_values(2, note="=HYPERLINK(1)")
        _pieces, rows = self.read(self.client.get(self.url))
        self.assertEqual(rows[0][0], "am-layak")
        self.assertEqual(rows[0][8:12], ["12,35", "12,3450", "100", "'=HYPERLINK(1)"])

    def test_an_xlsx_of_more_rows_than_it_holds_is_refused_with_a_message(self):
        self.add_values(4)
        with mock.patch.object(values_io, "XLSX_MAX_ROWS", 3):
            page = "http://testserver/data/"
            r = self.client.get("/data/ekspor.xlsx", HTTP_REFERER=page)
            self.assertRedirects(r, page, fetch_redirect_response=False)
            # Shown on the page the export was asked from (the catalogue without one), in
            # the reader's language.
            r = self.client.get("/data/ekspor.xlsx", follow=True)
            self.assertContains(r, "berkas XLSX memuat paling banyak 3. Pilih tahun", count=2)
            r = self.client.get("/en/data/ekspor.xlsx", follow=True)
            self.assertContains(r, "an XLSX file holds at most 3. Choose a year", count=1)
        with mock.patch.object(values_io, "XLSX_MAX_ROWS", 4):
            r = self.client.get("/data/ekspor.xlsx")
            self.assertEqual(r.status_code, 200)
        rows = list(load_workbook(io.BytesIO(r.content)).worksheets[0].iter_rows(values_only=True))
        self.assertEqual(len(rows), 5)  # the header and the four values

    def test_a_refusal_never_sends_back_to_another_site(self):
        self.add_values(4)
        with mock.patch.object(values_io, "XLSX_MAX_ROWS", 3):
            r = self.client.get("/data/ekspor.xlsx", HTTP_REFERER="https://evil.example/")
        self.assertRedirects(r, "/pemantauan/indikator/", fetch_redirect_response=False)


class NumbersTestCase(SimpleTestCase):
    def test_plain_number_writes_what_format_number_writes(self):
        rng = random.Random(18)
        numbers = [Decimal(x) for x in ("0", "0.0000", "-0.0000", "-0.5000", "12.3450", "1E+3")]
        numbers += [Decimal(x) for x in ("99.9990", "0.0001", "5.123456", "1234567890123456")]
        numbers += [
            Decimal(rng.randint(-(10**9), 10**12)).scaleb(-4).quantize(Decimal("0.0001"))
            for _ in range(20_000)
        ]
        for number in numbers:
            self.assertEqual(
                plain_number(number), format_number(number, places=4, grouping=False), number
            )

    def test_digits_alone_parse_as_parse_number_parses_them(self):
        for raw in ("0", "7", "0123", "1234", "9999999999999999"):
            self.assertEqual(str(parse_decimal(raw)), str(Decimal(raw).quantize(Decimal("0.0001"))))
        with self.assertRaises(ValueError):
            parse_decimal("10000000000000000")  # 17 digits: beyond what a value keeps
