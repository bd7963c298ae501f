import datetime
import json

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sinergi.facilities.models import Facility, Inspection
from sinergi.facilities.tests.base import FacilityTestCase, facility, inspect

S = Inspection.Status


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def body_json(response):
    return json.loads(body(response))


def facility_data(**fields):
    return {
        "kind": "hidran_umum",
        "name": "Hidran Umum Kampung Babakan",
        "village": "32.04.05.2001",
        "latitude": "-6,9412",
        "longitude": "107.7450",
        "year_built": "2015",
        "programme": "",
        "capacity": "",
        "capacity_unit": "",
        "people_served": "200",
        "households_served": "50",
        "manager_kind": "bumdes",
        "manager_name": "BUMDes Cinunuk",
    } | fields


class AccessTestCase(FacilityTestCase):
    """Every view: readers in scope read, the secretariat writes, readers get 403 on writes,
    outsiders 404, visitors go to sign in."""

    def urls(self):
        pk = self.spam.pk
        return {
            "list": (reverse("facilities:list", args=["32.04"]), "read"),
            "detail": (reverse("facilities:detail", args=["32.04", pk]), "read"),
            "xlsx": (reverse("facilities:export", args=["32.04", "xlsx"]), "read"),
            "csv": (reverse("facilities:export", args=["32.04", "csv"]), "read"),
            "geojson": (reverse("facilities:export", args=["32.04", "geojson"]), "read"),
            "add": (reverse("facilities:add", args=["32.04"]), "write"),
            "edit": (reverse("facilities:edit", args=["32.04", pk]), "write"),
            "template": (reverse("facilities:template", args=["32.04"]), "write"),
            "import": (reverse("facilities:import", args=["32.04"]), "write"),
        }

    def test_the_access_matrix_of_every_page(self):
        expected = {
            # persona: (status when reading, status when writing)
            "regency": (200, 200),
            "provincial": (200, 200),
            "national": (200, 200),
            "member": (200, 403),
            "outsider": (404, 404),
        }
        for persona, (read, write) in expected.items():
            self.client.force_login(getattr(self, persona))
            for name, (url, kind) in self.urls().items():
                with self.subTest(persona=persona, page=name):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, read if kind == "read" else write)
        self.client.logout()
        for name, (url, _kind) in self.urls().items():
            with self.subTest(persona="visitor", page=name):
                self.assertRedirects(
                    self.client.get(url), f"/akun/masuk/?next={url}", fetch_redirect_response=False
                )

    def test_recording_an_inspection_needs_the_secretariat(self):
        url = reverse("facilities:add_inspection", args=["32.04", self.spam.pk])
        data = {"inspected_on": "2025-01-01", "status": "berfungsi", "problem": ""}
        for persona, status in (("member", 403), ("outsider", 404)):
            self.client.force_login(getattr(self, persona))
            self.assertEqual(self.client.post(url, data).status_code, status)
        self.assertEqual(self.spam.inspections.count(), 1)

    def test_a_facility_of_another_region_is_not_found(self):
        other = facility("SPAM Uitao", self.kupang_village)
        self.client.force_login(self.regency)
        url = reverse("facilities:detail", args=["32.04", other.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_list_takes_the_same_queries_whatever_the_number_of_facilities(self):
        self.client.force_login(self.regency)
        url = reverse("facilities:list", args=["32.04"])
        cache.clear()  # the summary computed anew each time (lib/cache.py)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for i in range(12):
            inspect(facility(f"MCK {i}", self.cinunuk, kind="mck"), timezone.localdate(), S.PARTLY)
        cache.clear()
        with self.assertNumQueries(len(few)):
            response = self.client.get(url)
        self.assertEqual(response.context["stats"].overall.total, 14)


class AddFacilityTestCase(FacilityTestCase):
    url = "/pokja/32.04/sarana/tambah/"

    def test_the_secretariat_records_a_facility(self):
        self.client.force_login(self.regency)
        response = self.client.post(self.url, facility_data())
        facility = Facility.objects.get(name="Hidran Umum Kampung Babakan")
        self.assertRedirects(response, reverse("facilities:detail", args=["32.04", facility.pk]))
        self.assertEqual(str(facility.latitude), "-6.941200")

    def test_the_provincial_secretariat_records_a_facility_of_its_kabupaten(self):
        self.client.force_login(self.provincial)
        self.client.post("/pokja/32/sarana/tambah/", facility_data())
        self.assertTrue(Facility.objects.filter(name="Hidran Umum Kampung Babakan").exists())

    def refused(self, message, **fields):
        self.client.force_login(self.regency)
        response = self.client.post(self.url, facility_data(**fields))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.assertFalse(Facility.objects.filter(name="Hidran Umum Kampung Babakan").exists())

    def test_it_refuses_coordinates_outside_indonesia(self):
        self.refused("berada di luar Indonesia", latitude="48.8566", longitude="2.3522")

    def test_it_refuses_a_village_code_that_does_not_exist(self):
        self.refused("Tidak ada wilayah dengan kode 32.04.05.2999", village="32.04.05.2999")

    def test_it_refuses_a_region_that_is_not_a_village(self):
        self.refused("bukan desa/kelurahan", village="32.04.05")

    def test_it_refuses_a_village_outside_the_working_groups_region(self):
        self.refused("berada di luar Kabupaten Bandung", village="53.01.01.2001")


class InspectionTestCase(FacilityTestCase):
    def test_a_not_working_inspection_lowers_the_share_and_colours_the_map_red(self):
        self.client.force_login(self.regency)
        list_url = reverse("facilities:list", args=["32.04"])
        self.assertEqual(self.client.get(list_url).context["stats"].overall.percent_working, 100)
        url = reverse("facilities:add_inspection", args=["32.04", self.spam.pk])
        today = timezone.localdate().isoformat()
        response = self.client.post(
            url, {"inspected_on": today, "status": "tidak_berfungsi", "problem": "Pompa rusak"}
        )
        self.assertRedirects(response, reverse("facilities:detail", args=["32.04", self.spam.pk]))
        inspection = self.spam.inspections.first()
        self.assertEqual(inspection.inspected_by, self.regency)
        self.assertIsNone(inspection.notified)

        response = self.client.get(list_url)
        self.assertEqual(response.context["stats"].overall.percent_working, 50)
        self.assertContains(response, 'data-percent="50.0"')
        geojson = body_json(
            self.client.get(reverse("facilities:export", args=["32.04", "geojson"]))
        )
        feature = next(f for f in geojson["features"] if f["id"] == self.spam.pk)
        self.assertEqual(feature["properties"]["status"], "tidak_berfungsi")
        self.assertEqual(feature["properties"]["colour"], "#a4262c")

    def test_it_asks_what_was_found_not_working(self):
        self.client.force_login(self.regency)
        url = reverse("facilities:add_inspection", args=["32.04", self.spam.pk])
        response = self.client.post(
            url, {"inspected_on": "2025-01-01", "status": "tidak_berfungsi", "problem": ""}
        )
        self.assertContains(
            response, "Jelaskan apa yang ditemukan tidak berfungsi", status_code=400
        )

    def test_it_refuses_an_inspection_in_the_future(self):
        self.client.force_login(self.regency)
        url = reverse("facilities:add_inspection", args=["32.04", self.spam.pk])
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = self.client.post(url, {"inspected_on": tomorrow, "status": "berfungsi"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.spam.inspections.count(), 1)


class ExportTestCase(FacilityTestCase):
    def test_the_geojson_is_a_feature_collection_of_points(self):
        facility("PAH SDN 1", self.cinunuk, kind="pah", latitude=None, longitude=None)
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/sarana/ekspor.geojson")
        self.assertEqual(response["Content-Type"], "application/geo+json")
        data = body_json(response)
        self.assertEqual(data["type"], "FeatureCollection")
        self.assertEqual(len(data["features"]), 3)
        points = [f for f in data["features"] if f["geometry"]]
        self.assertEqual(len(points), 2)
        for feature in points:
            self.assertEqual(feature["type"], "Feature")
            self.assertEqual(feature["geometry"]["type"], "Point")
            longitude, latitude = feature["geometry"]["coordinates"]
            self.assertEqual((longitude, latitude), (107.72, -6.93))
        unplaced = next(f for f in data["features"] if not f["geometry"])
        self.assertEqual(unplaced["properties"]["status"], "belum")

    def test_the_csv_has_the_template_columns_and_the_status(self):
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/sarana/ekspor.csv")
        text = body(response).decode("utf-8-sig")
        lines = text.splitlines()
        self.assertTrue(lines[0].startswith("Kode desa,Desa,Jenis,Nama,Lintang,Bujur"))
        self.assertEqual(len(lines), 3)
        self.assertIn("Pamsimas III", text)
        self.assertIn("attachment", response["Content-Disposition"])

    def test_the_filters_apply_to_the_export(self):
        self.client.force_login(self.member)
        response = self.client.get("/pokja/32.04/sarana/ekspor.geojson?jenis=ipal_komunal")
        self.assertEqual([f["id"] for f in body_json(response)["features"]], [self.ipal.pk])

    def test_an_unknown_format_is_not_found(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.get("/pokja/32.04/sarana/ekspor.pdf").status_code, 404)


class DetailTestCase(FacilityTestCase):
    def test_a_reader_sees_the_history_without_the_form(self):
        self.client.force_login(self.member)
        response = self.client.get(reverse("facilities:detail", args=["32.04", self.spam.pk]))
        self.assertContains(response, "SPAM Perdesaan Desa Cinunuk")
        self.assertIsNone(response.context["form"])

    def test_the_detail_takes_the_same_queries_whatever_the_number_of_inspections(self):
        self.client.force_login(self.regency)
        url = reverse("facilities:detail", args=["32.04", self.spam.pk])
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for day in range(1, 13):
            inspect(self.spam, datetime.date(2024, 1, day), S.WORKING)
        with self.assertNumQueries(len(few)):
            response = self.client.get(url)
        self.assertEqual(len(response.context["inspections"]), 13)
        self.assertEqual(response.context["status"], S.WORKING)
