"""Demo indicator values: fictional but plausible figures for every kabupaten/kota, so that
dashboards, maps and rankings show something right after `make run`. Every value says in its
note that it is demo data."""

import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Count

from sinergi.accounts.models import User
from sinergi.monitoring.models import DataValue, Indicator, Source
from sinergi.monitoring.values import ValueRow, write_values
from sinergi.regions.models import Region

NOTE = "Data demo (fiktif), bukan angka resmi"
YEARS = range(2021, 2025)
# Indicator code → (national level in 2021 in percent, yearly change in points, spread).
LEVELS = {
    "am-layak": (88.0, 1.5, 9.0),
    "am-aman": (11.0, 0.8, 5.0),
    "am-perpipaan": (20.0, 0.9, 12.0),
    "san-layak": (80.0, 1.6, 10.0),
    "san-aman": (7.0, 0.7, 4.0),
    "san-babs": (5.5, -0.6, 4.0),
    "stbm-odf": (45.0, 7.0, 25.0),
}


def _clamp(value):
    return min(99.5, max(0.5, value))


@transaction.atomic
def load_demo() -> dict[str, int]:
    if DataValue.objects.filter(note=NOTE).exists():
        return {"data_values": 0}
    rng = random.Random(2045)  # the same demo on every machine
    indicators = Indicator.objects.in_bulk(list(LEVELS), field_name="code")
    villages = dict(
        Region.objects.filter(level=Region.Level.VILLAGE)
        .values_list("parent__parent__code")
        .annotate(n=Count("pk"))
    )
    values = []
    for region in Region.objects.filter(level=Region.Level.REGENCY).order_by("code"):
        households = rng.randint(40_000, 1_500_000)
        region_villages = villages.get(region.code) or rng.randint(30, 400)
        offsets = {code: rng.gauss(0, spread) for code, (_, _, spread) in LEVELS.items()}
        for i, year in enumerate(YEARS):
            for code, (level, change, _) in LEVELS.items():
                indicator = indicators.get(code)
                if indicator is None:
                    continue
                share = _clamp(level + change * i + offsets[code]) / 100
                denominator = region_villages if code == "stbm-odf" else households
                numerator = round(denominator * share)
                values.append(
                    DataValue(
                        indicator=indicator,
                        region=region,
                        year=year,
                        source=indicator.default_source or Source.OTHER,
                        method=indicator.default_method,
                        numerator=numerator,
                        denominator=denominator,
                        value=indicator.ratio(numerator, denominator) or Decimal(0),
                        note=NOTE,
                        status=DataValue.Status.VERIFIED,
                    )
                )
    DataValue.objects.bulk_create(values, batch_size=2000)
    return {"data_values": len(values), "values_to_verify": _waiting_for_verification()}


# Work waiting for a second person, made through the one write path as the secretariats would:
# Kabupaten Bandung's own 2025 drafts and a correction of its verified 2024 figure, and a 2025
# draft the province entered for Kota Bandung.
WAITING = [
    ("kabbandung@demo.sinergi.test", "32.04", "am-layak", 2025, 1.012),
    ("kabbandung@demo.sinergi.test", "32.04", "san-layak", 2025, 1.015),
    ("kabbandung@demo.sinergi.test", "32.04", "am-layak", 2024, 1.004),
    ("jabar@demo.sinergi.test", "32.73", "am-layak", 2025, 1.01),
]


def _waiting_for_verification() -> int:
    written = 0
    for email, code, indicator_code, year, growth in WAITING:
        user = User.objects.filter(email=email).first()
        base = (
            DataValue.objects.filter(
                indicator__code=indicator_code, region__code=code, year=2024, note=NOTE
            )
            .select_related("indicator")
            .first()
        )
        if user is None or base is None:
            continue
        indicator = base.indicator
        row = ValueRow(
            indicator=indicator.code,
            region=code,
            year=year,
            source=base.source,
            method=base.method,
            numerator=min(round(base.numerator * Decimal(str(growth))), base.denominator),
            denominator=base.denominator,
            note=NOTE,
        )
        summary, problems = write_values([row], user)
        written += 0 if problems else 1
    return written
