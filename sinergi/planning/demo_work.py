"""Demo work plans for the current year, with realisation for the quarters already under way:
Kabupaten Bandung's, six activities funded from government and non-government sources, and
Provinsi Jawa Barat's own, five activities mostly from the provincial budget, so that the
provincial roll-up shows the province's plan next to its kabupaten's."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.planning.forms_work import adopted_plan_for
from sinergi.planning.models import Activity, BudgetLine, QuarterReport, Spending, WorkPlan
from sinergi.pokja.demo import DEMO_DOMAIN
from sinergi.pokja.models import Institution, WorkingGroup
from sinergi.pokja.removal import remove
from sinergi.regions.models import Region

REGION = "32.04"
NOTE = "Data demo (fiktif): rencana kerja tahunan Pokja AMPL Kabupaten Bandung."
PROVINCE = "32"
PROVINCE_NOTE = (
    "Data demo (fiktif): rencana kerja tahunan Pokja AMPL Provinsi Jawa Barat, kegiatan "
    "lintas kabupaten/kota yang dibiayai APBD provinsi."
)

# (name, sector, institution acronym, location codes most precise first, output, unit,
# quantity, end quarter, {source: (amount, programme)}, {quarter: (progress, {source: spent})})
ACTIVITIES = [
    (
        "Pembangunan SPAM perdesaan di Desa Cinunuk",
        "air_minum",
        "Disperkimtan",
        ["32.04.05.2004", "32.04.05"],
        "Sambungan rumah baru",
        "SR",
        "450",
        4,
        {
            "dak_fisik": ("1850000000", "DAK Air Minum"),
            "apbd_kabkota": ("420000000", ""),
            "csr": ("250000000", "CSR Bank BJB"),
            "swadaya": ("45000000", ""),
        },
        {
            1: ("10", {"apbd_kabkota": "35000000"}),
            2: ("35", {"dak_fisik": "540000000", "apbd_kabkota": "60000000"}),
            3: ("70", {"dak_fisik": "780000000", "csr": "150000000", "swadaya": "20000000"}),
        },
    ),
    (
        "Pemicuan STBM di 12 desa",
        "higiene_stbm",
        "Dinkes Kab. Bandung",
        ["32.04"],
        "Desa dipicu menuju ODF",
        "desa",
        "12",
        2,
        {
            "dak_nonfisik": ("180000000", "BOK Kesehatan Lingkungan"),
            "dana_desa": ("240000000", ""),
            "donor": ("95000000", "USAID IUWASH Tangguh"),
        },
        {
            1: ("40", {"dak_nonfisik": "60000000", "dana_desa": "30000000"}),
            2: ("75", {"dak_nonfisik": "70000000", "dana_desa": "90000000", "donor": "40000000"}),
            3: ("85", {"dana_desa": "50000000"}),
        },
    ),
    (
        "Pembangunan IPAL komunal di Kecamatan Rancaekek",
        "sanitasi",
        "Disperkimtan",
        ["32.04.28"],
        "IPAL komunal terbangun",
        "unit",
        "3",
        4,
        {
            "apbn": ("900000000", "SANIMAS"),
            "apbd_kabkota": ("150000000", ""),
            "swadaya": ("30000000", ""),
        },
        {
            2: ("15", {"apbn": "120000000"}),
            3: ("45", {"apbn": "300000000", "apbd_kabkota": "50000000", "swadaya": "12500000"}),
        },
    ),
    (
        "Pembangunan tangki septik individual di Kecamatan Baleendah",
        "sanitasi",
        "Disperkimtan",
        ["32.04.32"],
        "Tangki septik individual",
        "unit",
        "250",
        3,
        {
            "dak_fisik": ("1125000000", "DAK Sanitasi"),
            "dana_desa": ("125000000", ""),
            "csr": ("100000000", "CSR PT Kahatex"),
        },
        {
            1: ("5", {}),
            2: ("30", {"dak_fisik": "300000000"}),
            3: ("60", {"dak_fisik": "420000000", "dana_desa": "60000000", "csr": "50000000"}),
        },
    ),
    (
        "Pembangunan TPS3R di Desa Cinunuk",
        "persampahan",
        "DLH Kab. Bandung",
        ["32.04.05.2004", "32.04.05"],
        "TPS3R beroperasi",
        "unit",
        "1",
        4,
        {
            "apbn": ("550000000", "TPS3R Kementerian PU"),
            "kpbu": ("200000000", ""),
            "swadaya": ("15000000", ""),
        },
        {},
    ),
    (
        "Penyusunan Renstra AMPL dan rapat koordinasi Pokja",
        "kelembagaan",
        "Bappeda Kab. Bandung",
        ["32.04"],
        "Dokumen Renstra AMPL dan notulen rapat",
        "dokumen",
        "1",
        4,
        {
            "apbd_kabkota": ("85000000", ""),
            "hibah": ("40000000", "Hibah Provinsi Jawa Barat"),
        },
        {
            1: ("20", {"apbd_kabkota": "15000000"}),
            2: ("45", {"apbd_kabkota": "20000000", "hibah": "10000000"}),
            3: ("70", {"apbd_kabkota": "20000000", "hibah": "15000000"}),
        },
    ),
]


# Provinsi Jawa Barat's own plan: regional works and coordination across kabupaten/kota. No
# financial aid (bantuan keuangan) to kabupaten/kota: that money would also be planned by the
# kabupaten/kota receiving it, and the roll-up would count it twice.
PROVINCE_ACTIVITIES = [
    (
        "Pembangunan pipa transmisi SPAM Regional Jatigede tahap II",
        "air_minum",
        "Disperkim Jabar",
        ["32.11", "32"],
        "Pipa transmisi terpasang",
        "km",
        "12.5",
        4,
        {
            "apbd_provinsi": ("4200000000", ""),
            "apbn": ("6500000000", "SPAM Regional Kementerian PU"),
        },
        {
            2: ("20", {"apbd_provinsi": "650000000"}),
            3: ("55", {"apbd_provinsi": "1400000000", "apbn": "2100000000"}),
        },
    ),
    (
        "Pendampingan penyiapan KPBU TPPAS Regional Legok Nangka",
        "persampahan",
        "DLH Jabar",
        ["32.04", "32"],
        "Dokumen prastudi kelayakan KPBU",
        "dokumen",
        "1",
        3,
        {
            "apbd_provinsi": ("1150000000", ""),
            "donor": ("800000000", "Bank Dunia"),
        },
        {
            1: ("15", {"apbd_provinsi": "150000000"}),
            2: ("50", {"apbd_provinsi": "420000000", "donor": "300000000"}),
            3: ("80", {"apbd_provinsi": "310000000", "donor": "250000000"}),
        },
    ),
    (
        "Fasilitasi STBM dan verifikasi desa ODF tingkat provinsi",
        "higiene_stbm",
        "Dinkes Jabar",
        ["32"],
        "Desa terverifikasi ODF",
        "desa",
        "150",
        4,
        {
            "apbd_provinsi": ("650000000", ""),
            "donor": ("150000000", "UNICEF"),
        },
        {
            1: ("10", {"apbd_provinsi": "60000000"}),
            2: ("35", {"apbd_provinsi": "180000000", "donor": "50000000"}),
            3: ("60", {"apbd_provinsi": "160000000", "donor": "40000000"}),
        },
    ),
    (
        "Penyusunan rencana induk air limbah domestik Cekungan Bandung",
        "sanitasi",
        "Disperkim Jabar",
        ["32"],
        "Dokumen rencana induk",
        "dokumen",
        "1",
        4,
        {"apbd_provinsi": ("750000000", "")},
        {2: ("25", {"apbd_provinsi": "150000000"}), 3: ("50", {"apbd_provinsi": "220000000"})},
    ),
    (
        "Rapat koordinasi Pokja AMPL Provinsi dan pemantauan RKT kabupaten/kota",
        "kelembagaan",
        "Bappeda Jabar",
        ["32"],
        "Rapat koordinasi dan laporan pemantauan",
        "kegiatan",
        "4",
        4,
        {"apbd_provinsi": ("180000000", "")},
        {
            1: ("25", {"apbd_provinsi": "40000000"}),
            2: ("50", {"apbd_provinsi": "45000000"}),
            3: ("75", {"apbd_provinsi": "45000000"}),
        },
    ),
]


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo work plans once; an existing plan for the year is left as it is."""
    today = timezone.localdate()
    created = {"work_plan_activities": 0, "provincial_work_plan_activities": 0}
    plan = _load_plan(REGION, NOTE, ACTIVITIES, today)
    if plan is not None:
        _remove_duplicate(plan.working_group, plan)
        created["work_plan_activities"] = len(ACTIVITIES)
    if _load_plan(PROVINCE, PROVINCE_NOTE, PROVINCE_ACTIVITIES, today) is not None:
        created["provincial_work_plan_activities"] = len(PROVINCE_ACTIVITIES)
    return created


def _load_plan(code, note, rows, today):
    """The plan of this year of the working group of `code`, made from `rows`; None when the
    group is missing or already has one."""
    group = WorkingGroup.objects.filter(region__code=code).first()
    if group is None or group.work_plans.filter(year=today.year).exists():
        return None
    # Realisation only for the quarters already under way, at most the first three.
    last_quarter = min(3, (today.month - 1) // 3 + 1)
    renstra = adopted_plan_for(group, today.year)
    plan = WorkPlan.objects.create(
        working_group=group, year=today.year, notes=note, strategic_plan=renstra
    )
    goals = list(renstra.goals.order_by("number")) if renstra else []
    institutions = dict(Institution.objects.filter(region__code=code).values_list("acronym", "pk"))
    codes = {location for row in rows for location in row[3]}
    regions = Region.objects.in_bulk(codes | {code}, field_name="code")
    for number, row in enumerate(rows, start=1):
        name, sector, acronym, locations, output, unit, quantity, end, budget, reports = row
        # The most precise location loaded (a demo with regions down to kabupaten/kota only
        # places every activity in the kabupaten).
        location = next(regions[c] for c in [*locations, code] if c in regions)
        activity = Activity.objects.create(
            work_plan=plan,
            number=number,
            name=name,
            sector=sector,
            institution_id=institutions.get(acronym),
            location=location,
            output=output,
            unit=unit,
            quantity=Decimal(quantity),
            end_quarter=end,
            goal=goals[(number - 1) % len(goals)] if goals else None,
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(
                activity=activity, source=source, amount=Decimal(amount), programme=programme
            )
            for source, (amount, programme) in budget.items()
        )
        for quarter, (progress, spent) in reports.items():
            if quarter > last_quarter:
                continue
            report = QuarterReport.objects.create(
                activity=activity, quarter=quarter, physical_progress=Decimal(progress)
            )
            Spending.objects.bulk_create(
                Spending(report=report, source=source, amount=Decimal(amount))
                for source, amount in spent.items()
            )
    return plan


def _remove_duplicate(group, plan):
    """A correction in the group's change history: the first activity, entered a second time by
    mistake, removed by the secretary with the reason typed."""
    first = plan.activities.order_by("number").first()
    if first is None:
        return
    lines = list(first.budget_lines.all())
    duplicate = Activity.objects.get(pk=first.pk)
    duplicate.pk, duplicate.number = None, plan.activities.count() + 1
    duplicate.save()
    for line in lines:
        line.pk, line.activity = None, duplicate
    BudgetLine.objects.bulk_create(lines)
    secretary = User.objects.filter(email=f"kabbandung@{DEMO_DOMAIN}").first()
    remove(group, duplicate, "Tercatat dua kali", secretary)
