import datetime
from decimal import Decimal

from sinergi.facilities.models import Facility, Inspection
from sinergi.programmes.models import Programme
from sinergi.regions.models import Region
from sinergi.test import BaseTestCase, make_region

TODAY = datetime.date(2025, 6, 30)


class FacilityTestCase(BaseTestCase):
    """The personas, a second village in Kabupaten Bandung, one in Kupang, and a programme."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        K = Region.Kind
        cls.cileunyi_kulon = make_region("32.04.05.2002", "Cileunyi Wetan", K.VILLAGE, cls.cileunyi)
        cls.kupang_district = make_region("53.01.01", "Semau", K.DISTRICT, cls.kab_kupang)
        cls.kupang_village = make_region("53.01.01.2001", "Uitao", K.VILLAGE, cls.kupang_district)
        cls.pamsimas = Programme.objects.create(
            name="Pamsimas III",
            kind=Programme.Kind.NATIONAL,
            sector="air_minum",
            starts_on=datetime.date(2016, 1, 1),
            ends_on=datetime.date(2024, 12, 31),
            registered_by=cls.bandung_group,
            contact_name="Budi Santoso",
            contact_email="pamsimas@example.org",
        )
        cls.spam = facility("SPAM Perdesaan Desa Cinunuk", cls.cinunuk, programme=cls.pamsimas)
        cls.ipal = facility(
            "IPAL Komunal RW 05", cls.cinunuk, kind=Facility.Kind.COMMUNAL_WASTEWATER
        )
        inspect(cls.spam, TODAY - datetime.timedelta(days=30), Inspection.Status.WORKING)
        inspect(cls.ipal, TODAY - datetime.timedelta(days=20), Inspection.Status.WORKING)


def facility(name, village, kind=Facility.Kind.PIPED_WATER, **fields):
    fields.setdefault("latitude", Decimal("-6.93"))
    fields.setdefault("longitude", Decimal("107.72"))
    return Facility.objects.create(name=name, village=village, kind=kind, **fields)


def inspect(facility, day, status, problem=""):
    return Inspection.objects.create(
        facility=facility, inspected_on=day, status=status, problem=problem
    )
