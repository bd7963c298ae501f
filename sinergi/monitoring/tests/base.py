"""Indicator values for the dashboard, map and catalogue tests.

Three kabupaten of very different sizes in Jawa Barat report access to adequate drinking water
(with Kota Bandung, the province has four kabupaten/kota); Kota Bandung has only a draft:

    Kabupaten Bogor        1,400,000 of 1,600,000 households  87.5 %
    Kabupaten Bandung        900,000 of 1,000,000 households  90 %
    Kabupaten Pangandaran     30,000 of   120,000 households  25 %
    Jawa Barat             2,330,000 of 2,720,000 households  85.66 % (not the 67.5 % average)
"""

from decimal import Decimal

from sinergi.monitoring.models import DataValue, Indicator, Target
from sinergi.test import BaseTestCase, make_region

VERIFIED, DRAFT = DataValue.Status.VERIFIED, DataValue.Status.DRAFT


def indicator(code, name_id, name_en, **fields):
    defaults = {
        "unit": "persen",
        "sector": "air_minum",
        "aggregation": "rasio",
        "numerator_label": "rumah tangga",
        "denominator_label": "seluruh rumah tangga",
        "source": "BPS, Susenas",
        "is_key": True,
    }
    return Indicator.objects.create(
        code=code, name_id=name_id, name_en=name_en, **(defaults | fields)
    )


def value(indicator, region, year, numerator, denominator, status=VERIFIED, **fields):
    return DataValue.objects.create(
        indicator=indicator,
        region=region,
        year=year,
        source=indicator.default_source,
        method=indicator.default_method,
        numerator=numerator,
        denominator=denominator,
        value=indicator.ratio(numerator, denominator),
        status=status,
        **fields,
    )


class MonitoringTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.water = indicator(
            "am-layak",
            "Akses air minum layak",
            "Access to adequate drinking water",
            definition_id="Persentase rumah tangga dengan akses air minum layak.",
            definition_en="Share of households with adequate drinking water.",
            order=1,
        )
        cls.babs = indicator(
            "san-babs",
            "Buang air besar sembarangan (BABS)",
            "Open defecation",
            sector="sanitasi",
            direction="turun",
            order=2,
        )
        cls.bogor = make_region("32.01", "Kabupaten Bogor", "kabupaten", cls.jabar)
        cls.pangandaran = make_region("32.18", "Kabupaten Pangandaran", "kabupaten", cls.jabar)
        for region, numerator, denominator in [
            (cls.bogor, 1_400_000, 1_600_000),
            (cls.kab_bandung, 900_000, 1_000_000),
            (cls.pangandaran, 30_000, 120_000),
            (cls.kab_kupang, 600, 1_000),
        ]:
            value(cls.water, region, 2024, numerator, denominator)
        for region, numerator, denominator in [
            (cls.bogor, 1_300_000, 1_600_000),
            (cls.kab_bandung, 850_000, 1_000_000),
            (cls.pangandaran, 24_000, 120_000),
        ]:
            value(cls.water, region, 2023, numerator, denominator)
        value(cls.water, cls.kota_bandung, 2024, 10, 1_000, status=DRAFT)
        # Open defecation, lower is better: 1 %, 5 % and 10 %.
        for region, numerator, denominator in [
            (cls.bogor, 16_000, 1_600_000),
            (cls.kab_bandung, 50_000, 1_000_000),
            (cls.pangandaran, 12_000, 120_000),
        ]:
            value(cls.babs, region, 2024, numerator, denominator)
        Target.objects.create(
            indicator=cls.water, region=cls.nation, year=2024, value=Decimal(100), basis="RPJMN"
        )
