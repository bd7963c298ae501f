"""Public and private records of every kind the catalogue publishes, on top of the indicator
values of the monitoring tests: each private one carries a string that must never appear in a
download (`SECRETS`)."""

import csv
import datetime
import io
import json
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook

from sinergi.decrees.models import Decree
from sinergi.facilities.models import Facility, Inspection
from sinergi.library.models import Document
from sinergi.monitoring.models import Target
from sinergi.monitoring.tests.base import DRAFT, MonitoringTestCase, indicator, value
from sinergi.programmes.models import Programme

D = datetime.date.fromisoformat
SECRETS = [
    "Catatan draf rahasia",
    "Indikator internal rahasia",
    "Kajian internal rahasia",
    "kontak.rahasia@example.org",
]


class OpenDataTestCase(MonitoringTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        today = timezone.localdate()
        Decree.objects.create(
            working_group=cls.bandung_group,
            number="SK/32.04/1",
            signed_on=today - datetime.timedelta(days=10),
            signatory="Bupati Bandung",
            valid_from=today - datetime.timedelta(days=10),
            valid_until=today + datetime.timedelta(days=300),
        )
        # Private: a draft value with a note, an internal indicator with a verified value and
        # a target.
        value(cls.water, cls.kab_kupang, 2023, 1, 10, status=DRAFT, note="Catatan draf rahasia")
        cls.internal = indicator(
            "internal", "Indikator internal rahasia", "Internal indicator", is_public=False
        )
        value(cls.internal, cls.kab_bandung, 2024, 5, 10)
        Target.objects.create(indicator=cls.internal, region=cls.kab_bandung, year=2025, value=1)
        Target.objects.create(
            indicator=cls.water, region=cls.kab_bandung, year=2025, value=Decimal("95.5")
        )
        cls.programme = Programme.objects.create(
            name="Pamsimas III",
            kind=Programme.Kind.NATIONAL,
            sector="air_minum",
            starts_on=D("2016-01-01"),
            ends_on=D("2024-12-31"),
            budget=Decimal("1500000000.50"),
            registered_by=cls.bandung_group,
            contact_name="Budi Santoso",
            contact_email="kontak.rahasia@example.org",
        )
        cls.programme.locations.set([cls.cinunuk, cls.kab_bandung])
        cls.spam = Facility.objects.create(
            name="SPAM Desa Cinunuk",
            village=cls.cinunuk,
            kind=Facility.Kind.PIPED_WATER,
            latitude=Decimal("-6.93"),
            longitude=Decimal("107.72"),
            programme=cls.programme,
        )
        Inspection.objects.create(
            facility=cls.spam, inspected_on=D("2025-03-01"), status=Inspection.Status.WORKING
        )
        cls.mck = Facility.objects.create(
            name="MCK Cinunuk", village=cls.cinunuk, kind=Facility.Kind.COMMUNAL_TOILET
        )
        Document.objects.create(
            working_group=cls.national_group,
            title="Panduan Pembentukan Pokja",
            category=Document.Category.GUIDE,
            is_public=True,
            year=2024,
        )
        Document.objects.create(
            working_group=cls.bandung_group,
            title="Kajian internal rahasia",
            category=Document.Category.STUDY,
        )

    def setUp(self):
        cache.clear()  # the catalogue keeps its last-updated dates for a few minutes

    def download(self, slug, fmt, **headers):
        response = self.client.get(f"/data/unduh/{slug}.{fmt}", headers=headers)
        self.assertEqual(response.status_code, 200, f"{slug}.{fmt}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response, body

    def records(self, slug, fmt) -> list[dict]:
        """The rows of a download as dicts of column name → text (CSV), value (JSON, XLSX)
        or properties (GeoJSON)."""
        _response, body = self.download(slug, fmt)
        for secret in SECRETS:
            self.assertNotIn(secret.encode(), body, f"{slug}.{fmt}")
        if fmt == "csv":
            return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
        if fmt == "json":
            return json.loads(body)
        if fmt == "geojson":
            return [feature["properties"] for feature in json.loads(body)["features"]]
        sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
        header, *rows = sheet.iter_rows(values_only=True)
        return [dict(zip(header, row, strict=True)) for row in rows]
