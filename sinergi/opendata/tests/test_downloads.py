import json
from decimal import Decimal
from unittest import mock

from sinergi.monitoring.models import DataValue
from sinergi.opendata.datasets import DATASETS
from sinergi.opendata.tests.base import OpenDataTestCase
from sinergi.pokja.access import PUBLISHED_VALUES


def keys(records, *names):
    return sorted(tuple(str(record[name]) for name in names) for record in records)


class EveryFormatTestCase(OpenDataTestCase):
    def test_every_dataset_downloads_in_every_format_with_the_same_rows_and_nothing_private(self):
        for dataset in DATASETS:
            names = [column.name for column in dataset.columns]
            expected = None
            for fmt in dataset.formats:
                with self.subTest(dataset=dataset.slug, fmt=fmt):
                    records = self.records(dataset.slug, fmt)
                    self.assertTrue(records, f"{dataset.slug}.{fmt} is empty")
                    self.assertEqual(list(records[0]), names)
                    found = keys(records, *names[:3])
                    expected = expected or found
                    self.assertEqual(found, expected)

    def test_a_download_is_an_attachment_with_its_type_and_cache_headers(self):
        for fmt, content_type in (
            ("csv", "text/csv; charset=utf-8"),
            ("json", "application/json"),
            ("geojson", "application/geo+json"),
            ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ):
            response, _body = self.download("sarana", fmt)
            self.assertEqual(response["Content-Type"], content_type)
            self.assertRegex(
                response["Content-Disposition"],
                rf'^attachment; filename="sarana-\d{{4}}-\d\d-\d\d\.{fmt}"$',
            )
            self.assertIn("public", response["Cache-Control"])
            self.assertTrue(response["Last-Modified"])

    def test_an_unchanged_dataset_answers_not_modified_until_it_changes(self):
        response, _body = self.download("target", "csv")
        etag = {"If-None-Match": response["ETag"]}
        self.assertEqual(self.client.get("/data/unduh/target.csv", headers=etag).status_code, 304)
        self.water.targets.create(region=self.jabar, year=2026, value=Decimal(90))
        response = self.client.get("/data/unduh/target.csv", headers=etag)
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"32,Jawa Barat,2026,90", b"".join(response.streaming_content))

    def test_a_workbook_holds_at_most_its_cap(self):
        with mock.patch("sinergi.opendata.formats.XLSX_MAX_ROWS", 3):
            self.assertEqual(len(self.records("nilai-indikator", "xlsx")), 3)
        self.assertEqual(len(self.records("nilai-indikator", "csv")), 10)

    def test_unknown_datasets_and_formats_are_404(self):
        for path in (
            "/data/unduh/rahasia.csv",
            "/data/unduh/nilai-indikator.pdf",
            "/data/unduh/indikator.geojson",  # no geometry
            "/data/unduh/nilai-indikator.",
            "/data/rahasia/",
            "/en/data/unduh/rahasia.json",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_downloads_are_read_only(self):
        self.assertEqual(self.client.post("/data/unduh/sarana.csv").status_code, 405)

    def test_the_indicator_export_of_monitoring_still_answers_beside_them(self):
        self.assertEqual(self.client.get("/data/ekspor.csv").status_code, 200)


class IndicatorValuesTestCase(OpenDataTestCase):
    def test_only_verified_values_of_public_indicators_are_published(self):
        records = self.records("nilai-indikator", "csv")
        self.assertEqual(len(records), DataValue.objects.filter(PUBLISHED_VALUES).count())
        self.assertEqual(len(records), 10)
        self.assertEqual({r["indicator_code"] for r in records}, {"am-layak", "san-babs"})
        # Kota Bandung has only a draft.
        self.assertNotIn("32.73", {r["region_code"] for r in records})

    def test_csv_is_machine_readable_decimal_point_and_iso_dates(self):
        records = self.records("nilai-indikator", "csv")
        bogor = next(
            r
            for r in records
            if (r["region_code"], r["year"]) == ("32.01", "2024")
            and r["indicator_code"] == "am-layak"
        )
        self.assertEqual(bogor["region_name"], "Kabupaten Bogor")
        self.assertEqual(bogor["value"], "87.5000")
        self.assertEqual(bogor["numerator"], "1400000.0000")
        self.assertEqual(bogor["period"], "tahun")
        self.assertRegex(bogor["updated_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")

    def test_json_has_numbers_as_numbers(self):
        records = self.records("nilai-indikator", "json")
        bogor = next(
            r
            for r in records
            if (r["region_code"], r["year"]) == ("32.01", 2024)
            and r["indicator_code"] == "am-layak"
        )
        self.assertEqual(bogor["value"], 87.5)
        self.assertEqual(bogor["denominator"], 1600000)
        self.assertIsNone(bogor["verified_at"])


class RegionFiguresTestCase(OpenDataTestCase):
    def test_a_province_is_the_sum_of_its_regencies_not_an_average(self):
        records = self.records("angka-wilayah", "csv")
        jabar = next(
            r
            for r in records
            if (r["indicator_code"], r["region_code"], r["year"]) == ("am-layak", "32", "2024")
        )
        self.assertEqual(Decimal(jabar["value"]), Decimal("85.66"))
        self.assertEqual(jabar["numerator"], "2330000.0000")
        self.assertEqual(jabar["kind"], "rollup")
        self.assertEqual((jabar["reported"], jabar["expected"]), ("3", "4"))
        self.assertEqual(jabar["region_level"], "provinsi")

    def test_regions_get_their_boundary_in_geojson(self):
        _response, body = self.download("angka-wilayah", "geojson")
        features = json.loads(body)["features"]
        by_region = {f["properties"]["region_code"]: f["geometry"] for f in features}
        self.assertIn(by_region["32"]["type"], ("Polygon", "MultiPolygon"))
        self.assertIn(by_region["32.04"]["type"], ("Polygon", "MultiPolygon"))
        self.assertIsNone(by_region["ID"])


class OtherDatasetsTestCase(OpenDataTestCase):
    def test_working_groups_with_their_legal_status(self):
        records = {r["region_code"]: r for r in self.records("kelompok-kerja", "csv")}
        self.assertEqual(set(records), {"32", "53", "32.01", "32.04", "32.18", "32.73", "53.01"})
        bandung = records["32.04"]
        self.assertEqual(bandung["working_group"], "Pokja AMPL Kabupaten Bandung")
        self.assertEqual(bandung["legal_status"], "active")
        self.assertEqual(bandung["decree_valid"], "true")
        self.assertEqual(bandung["contact_institution"], "Bappeda Kabupaten Bandung")
        self.assertTrue(bandung["url"].endswith("/pokja/32.04/"))
        kota = records["32.73"]
        self.assertEqual((kota["legal_status"], kota["working_group"]), ("none", ""))
        self.assertEqual(records["53.01"]["legal_status"], "forming")

    def test_targets_of_public_indicators_only(self):
        records = self.records("target", "json")
        self.assertEqual(
            sorted(
                (r["indicator_code"], r["region_code"], r["year"], r["target"]) for r in records
            ),
            [("am-layak", "32.04", 2025, 95.5), ("am-layak", "ID", 2024, 100)],
        )

    def test_programmes_without_their_contact(self):
        (programme,) = self.records("program", "csv")
        self.assertEqual(programme["name"], "Pamsimas III")
        self.assertEqual(programme["budget_idr"], "1500000000.50")
        self.assertEqual(programme["locations"], "32.04 32.04.05.2001")
        self.assertEqual(programme["registered_by"], "32.04")
        self.assertNotIn("contact_email", programme)

    def test_facilities_as_points_with_their_latest_status(self):
        _response, body = self.download("sarana", "geojson")
        features = {f["properties"]["name"]: f for f in json.loads(body)["features"]}
        spam = features["SPAM Desa Cinunuk"]
        self.assertEqual(spam["geometry"], {"type": "Point", "coordinates": [107.72, -6.93]})
        self.assertEqual(spam["properties"]["status"], "berfungsi")
        self.assertEqual(spam["properties"]["last_inspected_on"], "2025-03-01")
        self.assertEqual(spam["properties"]["programme_id"], self.programme.pk)
        self.assertIsNone(features["MCK Cinunuk"]["geometry"])
        self.assertIsNone(features["MCK Cinunuk"]["properties"]["status"])

    def test_public_documents_only(self):
        (document,) = self.records("dokumen", "csv")
        self.assertEqual(document["title"], "Panduan Pembentukan Pokja")
        self.assertEqual(document["category"], "panduan")
        self.assertEqual(document["download_url"], "")  # no file yet
        self.assertTrue(document["url"].endswith(f"/pustaka/{document['id']}/"))

    def test_the_indicator_catalogue_lists_public_indicators(self):
        records = self.records("indikator", "xlsx")
        self.assertEqual([r["code"] for r in records], ["am-layak", "san-babs"])
        self.assertEqual(records[0]["name_en"], "Access to adequate drinking water")
        self.assertIs(records[0]["is_key"], True)
