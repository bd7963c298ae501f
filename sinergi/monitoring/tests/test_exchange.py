import io
import json
import tempfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from sinergi.monitoring import exchange
from sinergi.monitoring.models import DataValue
from sinergi.monitoring.tests.base import DRAFT, MonitoringTestCase, indicator

FIELDS = (
    "indicator__code",
    "region__code",
    "year",
    "period",
    "source",
    "method",
    "value",
    "numerator",
    "denominator",
    "note",
)


def stored():
    return set(DataValue.objects.values_list(*FIELDS))


def dhis2(*items, **top):
    return json.dumps({**top, "dataValues": list(items)})


def item(element, org_unit="32.04", period="2024", value="5", **fields):
    return {"dataElement": element, "orgUnit": org_unit, "period": period, "value": value} | fields


class ExchangeData(MonitoringTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A sum indicator, with a value of another source and method, for a semester, and a note.
        cls.facilities = indicator(
            "sarana-spam",
            "Sarana SPAM",
            "Water supply systems",
            unit="sarana",
            aggregation="jumlah",
            numerator_label="",
            denominator_label="",
        )
        DataValue.objects.create(
            indicator=cls.facilities,
            region=cls.kab_bandung,
            year=2024,
            period="s1",
            source="program",
            method="jmp",
            value=Decimal("12"),
            note="Laporan PAMSIMAS",
            status="terverifikasi",
        )
        DataValue.objects.create(
            indicator=cls.facilities,
            region=cls.cinunuk,
            year=2025,
            period="m03",
            source="bps_susenas",
            method="nasional",
            value=Decimal("3.25"),
            status=DRAFT,
        )


class ExchangeTestCase(ExchangeData):
    def round_trip(self, fmt):
        """Export everything, empty the values, import the export: the same values."""
        before = stored()
        values = DataValue.objects.all()
        text = "".join(
            exchange.dhis2_lines(values) if fmt == "dhis2" else exchange.sdmx_lines(values)
        )
        DataValue.objects.all().delete()
        result = exchange.run(exchange.read(fmt, text.encode()), self.national)
        self.assertEqual(result.problems, [])
        self.assertEqual(result.summary.created, len(before))
        self.assertEqual(stored(), before)
        # Imported again, it changes nothing.
        result = exchange.run(exchange.read(fmt, text.encode()), self.national)
        self.assertEqual((result.summary.created, result.summary.changed), (0, 0))
        self.assertEqual(result.summary.unchanged, len(before))
        return text

    def test_a_dhis2_export_imported_into_an_empty_instance_gives_the_same_values(self):
        text = self.round_trip("dhis2")
        items = json.loads(text)["dataValues"]
        bogor = [i for i in items if i["orgUnit"] == "32.01" and i["period"] == "2024"]
        self.assertIn(
            {"dataElement": "am-layak.numerator", "value": "1400000"}.items(),
            [{k: i[k] for k in ("dataElement", "value")}.items() for i in bogor],
        )
        spam = next(
            i for i in items if i["dataElement"] == "sarana-spam" and i["orgUnit"] == "32.04"
        )
        self.assertEqual(spam["period"], "2024S1")
        self.assertEqual(spam["attributeOptionCombo"], "program-jmp")
        self.assertEqual(spam["comment"], "Laporan PAMSIMAS")
        monthly = next(i for i in items if i["orgUnit"] == "32.04.05.2001")
        self.assertEqual((monthly["period"], monthly["value"]), ("202503", "3.25"))
        self.assertNotIn("attributeOptionCombo", monthly)

    def test_an_sdmx_csv_export_imported_into_an_empty_instance_gives_the_same_values(self):
        text = self.round_trip("sdmx")
        lines = text.lstrip("\ufeff").splitlines()
        self.assertEqual(lines[0].split(","), exchange.SDMX_HEADER)
        self.assertIn(
            "SINERGI:AMPL(1.0),sarana-spam,32.04,program,jmp,2024-S1,12,sarana,A,,,"
            "Laporan PAMSIMAS",
            lines,
        )
        self.assertIn(
            "SINERGI:AMPL(1.0),am-layak,32.73,bps_susenas,nasional,2024,1,persen,P,10,1000,",
            lines,
        )

    def test_the_management_command_exports_and_imports(self):
        before = stored()
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        path = f"{directory.name}/values.json"
        call_command(
            "exchange_values", "export", "--format", "dhis2", "--output", path, stdout=io.StringIO()
        )
        DataValue.objects.all().delete()
        args = [
            "exchange_values",
            "import",
            path,
            "--format",
            "dhis2",
            "--user",
            self.national.email,
        ]
        call_command(*args, stdout=io.StringIO())  # a dry run without --commit
        self.assertEqual(DataValue.objects.count(), 0)
        call_command(*args, "--commit", stdout=io.StringIO())
        self.assertEqual(stored(), before)

    def test_a_dry_run_reports_unmapped_codes_and_writes_nothing(self):
        before = stored()
        text = dhis2(
            item("fbXyZ12abcd", org_unit="ou-bandung"),
            item("fbXyZ12abcd", org_unit="ou-bandung", period="2023"),
            item("sarana-spam", org_unit="ou-bandung"),
        )
        result = exchange.run(exchange.read("dhis2", text), self.national, dry_run=True)
        self.assertFalse(result.ok)
        self.assertEqual(dict(result.unmapped["indicator"]), {"fbXyZ12abcd": 2})
        self.assertEqual(dict(result.unmapped["region"]), {"ou-bandung": 3})
        self.assertEqual(stored(), before)

    def test_a_mapping_translates_foreign_codes(self):
        mapping = exchange.parse_mapping(
            b"part,code,sinergi\ndataElement,fbXyZ12abcd,sarana-spam\norgUnit,ou-bandung,32.04\n"
        )
        text = dhis2(item("fbXyZ12abcd", org_unit="ou-bandung", value="7"))
        result = exchange.run(exchange.read("dhis2", text, mapping), self.national, dry_run=True)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(result.summary.created, 1)
        self.assertEqual(dict(result.unmapped["indicator"]), {})
        self.assertFalse(
            DataValue.objects.filter(indicator=self.facilities, year=2024, period="tahun").exists()
        )
        result = exchange.run(exchange.read("dhis2", text, mapping), self.national)
        saved = DataValue.objects.get(indicator=self.facilities, year=2024, period="tahun")
        self.assertEqual((saved.region, saved.value), (self.kab_bandung, Decimal(7)))

    def test_one_bad_value_unknown_period_or_region_out_of_scope_writes_nothing(self):
        before = stored()
        text = dhis2(
            item("sarana-spam", value="8"),  # good
            item("sarana-spam", org_unit="32.18", value="abc"),
            item("sarana-spam", period="2024Q1"),
            item("sarana-spam", org_unit="53.01"),  # Kupang: not the regency secretariat's
            item("sarana-spam", org_unit="32.73", categoryOptionCombo="female"),
        )
        with translation.override("en"):
            result = exchange.run(exchange.read("dhis2", text), self.regency)
        self.assertEqual(stored(), before)
        problems = {(p.row, p.column) for p in result.problems}
        self.assertEqual(
            problems,
            {
                (2, "orgUnit"),
                (2, "value"),
                (3, "period"),
                (4, "orgUnit"),
                (5, "categoryOptionCombo"),
            },
        )
        messages = " ".join(p.message for p in result.problems)
        self.assertIn("2024Q1", messages)
        self.assertIn("You may not enter data for Kabupaten Kupang", messages)
        self.assertIn("disaggregation", messages)

    def test_a_ratio_needs_its_numerator_and_denominator(self):
        text = dhis2(item("am-layak", value="82.5"))
        with translation.override("en"):
            result = exchange.run(exchange.read("dhis2", text), self.regency)
        self.assertEqual(
            [(p.column, p.message) for p in result.problems][:1],
            [("value (.numerator)", "The numerator is missing.")],
        )
        text = dhis2(
            item("am-layak", value="82.5"),
            item("am-layak.numerator", value="825"),
            item("am-layak.denominator", value="1000"),
            orgUnit="32.04",
        )
        result = exchange.run(exchange.read("dhis2", text), self.regency)
        self.assertTrue(result.ok, result.problems)
        saved = DataValue.objects.get(indicator=self.water, region=self.kab_bandung, year=2024)
        # Verified: the change waits beside the verified figures.
        self.assertEqual(saved.revised_value, Decimal("82.5"))
        self.assertEqual(saved.value, Decimal("90"))

    def test_sdmx_problems_name_the_line_and_column(self):
        text = (
            "DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE\n"
            "SINERGI:AMPL(1.0),sarana-spam,32.04,2024,4\n"
            "SINERGI:AMPL(1.0),sarana-spam,32.04,2024-W05,4\n"
            "SINERGI:AMPL(1.0),nope,32.04,2023,4\n"
        )
        result = exchange.run(exchange.read("sdmx", text.encode()), self.regency)
        self.assertEqual(
            {(p.row, p.column) for p in result.problems}, {(3, "TIME_PERIOD"), (4, "INDICATOR")}
        )
        self.assertEqual(dict(result.unmapped["indicator"]), {"nope": 1})
        self.assertFalse(
            DataValue.objects.filter(indicator=self.facilities, year=2024, period="tahun").exists()
        )

    def test_unreadable_files_are_refused_with_a_message(self):
        for fmt, data in [
            ("dhis2", b"{not json"),
            ("dhis2", b"[1, 2]"),
            ("dhis2", b'{"dataValues": []}'),
            ("dhis2", b"\xff\xfe\x00"),
            ("sdmx", b"A,B\n1,2\n"),
            ("sdmx", b"\x00\x01"),
        ]:
            with self.subTest(data=data), self.assertRaises(exchange.ExchangeError):
                exchange.read(fmt, data)

    def test_periods(self):
        for text, expected in [
            ("2025", ("2025", "tahun")),
            ("2025S2", ("2025", "s2")),
            ("2025-S1", ("2025", "s1")),
            ("202501", ("2025", "m01")),
            ("2025-01", ("2025", "m01")),
            ("2025-M12", ("2025", "m12")),
        ]:
            self.assertEqual(exchange.parse_period(text), expected)
        for text in ("2025Q1", "202513", "2025W1", "", None, "2025-S3"):
            with self.assertRaises(ValueError):
                exchange.parse_period(text)


class ExchangePageTestCase(ExchangeData):
    url = "/en/pokja/32.04/data/impor-dhis2-sdmx/"

    def upload(self, text, action="check", name="values.json", mapping=None):
        data = {"file": SimpleUploadedFile(name, text.encode()), "action": action}
        if mapping is not None:
            data["mapping"] = SimpleUploadedFile("mapping.json", json.dumps(mapping).encode())
        return self.client.post(self.url, data)

    def test_a_check_reports_unknown_codes_and_writes_nothing_then_the_import_writes(self):
        self.client.force_login(self.regency)
        text = dhis2(item("fbXyZ12abcd", value="7"), item("sarana-spam", org_unit="OU1", value="2"))
        before = stored()
        response = self.upload(text)
        self.assertContains(response, "Nothing was imported")
        self.assertContains(response, '<th scope="row">fbXyZ12abcd</th>', html=False)
        self.assertContains(response, '<th scope="row">OU1</th>', html=False)
        self.assertEqual(stored(), before)
        mapping = {
            "dataElement": {"fbXyZ12abcd": "sarana-spam"},
            "orgUnit": {"OU1": "32.04.05.2001"},
        }
        response = self.upload(text, mapping=mapping)
        self.assertContains(response, "The file can be imported")
        self.assertContains(response, "New: 2, changed: 0, unchanged: 0.")
        self.assertEqual(stored(), before)
        response = self.upload(text, action="import", mapping=mapping)
        self.assertRedirects(response, "/en/pokja/32.04/data/", fetch_redirect_response=False)
        self.assertEqual(
            set(
                DataValue.objects.filter(
                    year=2024, period="tahun", indicator=self.facilities
                ).values_list("region__code", "value")
            ),
            {("32.04", Decimal(7)), ("32.04.05.2001", Decimal(2))},
        )

    def test_an_sdmx_file_of_another_region_is_refused_whole(self):
        self.client.force_login(self.regency)
        text = (
            "DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE\n"
            "SINERGI:AMPL(1.0),sarana-spam,32.04,2024,4\n"
            "SINERGI:AMPL(1.0),sarana-spam,32.18,2024,4\n"
        )
        before = stored()
        response = self.upload(text, action="import", name="values.csv")
        self.assertContains(response, "Kabupaten Pangandaran is not part of Kabupaten Bandung.")
        self.assertEqual(stored(), before)

    def test_an_unreadable_file_gets_a_message(self):
        self.client.force_login(self.regency)
        response = self.upload("{oops", action="import")
        self.assertContains(response, "The file is not valid JSON.")
        response = self.upload(dhis2(item("sarana-spam")), mapping=None, name="x.json")
        self.assertEqual(response.status_code, 200)

    def test_access(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("next=", response["Location"])
        for user, status in (
            (self.member, 403),
            (self.outsider, 404),
            (self.regency, 200),
            (self.provincial, 200),
        ):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, status, user)
