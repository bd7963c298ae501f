"""Programmes in Kabupaten Bandung for the programme tests.

Regions added to the shared base: Cimekar (32.04.05.2003) in Cileunyi, and the kecamatan
Rancaekek (32.04.06) with its village Sukamanah (32.04.06.2001).
"""

import datetime
from unittest import mock

from sinergi.programmes.models import Programme
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, make_region

D = datetime.date.fromisoformat
SANITATION, WATER = "sanitasi", "air_minum"


def on_day(day: str):
    """Overlaps as seen on `day` (a decorator): they leave out programmes that ended before
    today, and these tests' programmes run in 2025."""
    return mock.patch("sinergi.programmes.overlaps.timezone", mock.Mock(localdate=lambda: D(day)))


def make_programme(
    name, group, codes, sector=SANITATION, start="2025-01-01", end="2025-12-31", **fields
):
    programme = Programme.objects.create(
        name=name,
        kind=fields.pop("kind", Programme.Kind.NATIONAL),
        sector=sector,
        starts_on=D(start),
        ends_on=D(end),
        registered_by=group,
        status=fields.pop("status", Programme.Status.RUNNING),
        **fields,
    )
    programme.locations.set(Region.objects.filter(code__in=codes))
    programme.working_groups.add(group)
    return programme


class ProgrammeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        K = Region.Kind
        cls.cimekar = make_region("32.04.05.2003", "Cimekar", K.VILLAGE, cls.cileunyi)
        cls.rancaekek = make_region("32.04.06", "Rancaekek", K.DISTRICT, cls.kab_bandung)
        cls.sukamanah = make_region("32.04.06.2001", "Sukamanah", K.VILLAGE, cls.rancaekek)
