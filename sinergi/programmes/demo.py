"""Demo programmes in Kabupaten Bandung: PAMSIMAS, SANIMAS and a CSR sanitation programme,
with the decisions of the working group. SANIMAS and the CSR programme both work in Cinunuk from
June 2025 to February 2027, a deliberate overlap that the warning and the overlap page show. Every name ends with
"(demo)"; villages missing from the loaded regions are replaced by the kabupaten."""

import datetime
from decimal import Decimal

from django.db import transaction

from sinergi.pokja.models import WorkingGroup
from sinergi.programmes.models import Intake, Programme, ProgrammeTarget
from sinergi.regions.models import Region

REGION = "32.04"
D = datetime.date.fromisoformat
P, T, IN = Programme, ProgrammeTarget, Intake
PROGRAMMES = [
    {
        "name": "PAMSIMAS Kabupaten Bandung 2024–2026 (demo)",
        "kind": P.Kind.NATIONAL,
        "sector": "air_minum",
        "funder": "APBN, Bank Dunia, APBD Kabupaten Bandung",
        "implementer": "Dinas Perumahan dan Permukiman Kabupaten Bandung",
        "starts_on": D("2024-01-01"),
        "ends_on": D("2026-12-31"),
        "budget": Decimal("2450000000"),
        "status": P.Status.RUNNING,
        "contact_name": "Koordinator PAMSIMAS Kabupaten (demo)",
        "contact_email": "pamsimas.demo@example.org",
        "locations": ["32.04.05.2003", "32.04.05.2006"],
        "targets": [("Penduduk mendapat akses air minum layak", 2500, T.Unit.PEOPLE)],
        "intake": (
            D("2023-11-14"),
            IN.Decision.AGREED,
            "",
            "Rapat pleno Pokja AMPL, 14 November 2023",
        ),
    },
    {
        "name": "SANIMAS Cinunuk 2025 (demo)",
        "kind": P.Kind.NATIONAL,
        "sector": "sanitasi",
        "funder": "DAK Sanitasi",
        "implementer": "KSM Cinunuk Sehat",
        "starts_on": D("2025-03-01"),
        "ends_on": D("2027-02-28"),
        "budget": Decimal("650000000"),
        "status": P.Status.RUNNING,
        "contact_name": "Fasilitator SANIMAS (demo)",
        "contact_email": "sanimas.demo@example.org",
        "locations": ["32.04.05.2004"],
        "targets": [("Rumah tangga tersambung IPAL komunal", 200, T.Unit.HOUSEHOLDS)],
        "intake": (
            D("2025-01-21"),
            IN.Decision.AGREED,
            "",
            "Rapat koordinasi Pokja AMPL, 21 Januari 2025",
        ),
    },
    {
        "name": "CSR Jamban Sehat PT Contoh Sejahtera (demo)",
        "kind": P.Kind.CSR,
        "sector": "sanitasi",
        "funder": "PT Contoh Sejahtera (fiktif)",
        "implementer": "Yayasan Contoh Peduli (fiktif)",
        "starts_on": D("2025-06-01"),
        "ends_on": D("2027-05-31"),
        "budget": Decimal("300000000"),
        "status": P.Status.AGREED,
        "contact_name": "Manajer CSR (demo)",
        "contact_email": "csr.demo@example.org",
        "locations": ["32.04.05.2004", "32.04.05.2001"],
        "targets": [("Jamban sehat dengan tangki septik", 150, T.Unit.FACILITIES)],
        "intake": (
            D("2025-05-08"),
            IN.Decision.AGREED_WITH_CONDITIONS,
            "Di Cinunuk hanya RW yang belum dijangkau SANIMAS; sisanya dialihkan ke Cileunyi Kulon.",
            "",
        ),
    },
]


@transaction.atomic
def load_demo() -> dict[str, int]:
    group = WorkingGroup.objects.filter(region__code=REGION).select_related("region").first()
    if group is None:
        return {"programmes": 0}
    codes = {code for item in PROGRAMMES for code in item["locations"]}
    regions = Region.objects.in_bulk(codes, field_name="code")
    created = 0
    for item in PROGRAMMES:
        fields = dict(item)
        locations = [regions.get(code, group.region) for code in fields.pop("locations")]
        targets, intake = fields.pop("targets"), fields.pop("intake")
        programme, new = Programme.objects.get_or_create(
            registered_by=group,
            name=fields.pop("name"),
            starts_on=fields.pop("starts_on"),
            defaults=fields,
        )
        if not new:
            continue
        created += 1
        programme.locations.set({r.pk: r for r in locations}.values())
        programme.working_groups.add(group)
        for description, quantity, unit in targets:
            ProgrammeTarget.objects.create(
                programme=programme, description=description, quantity=quantity, unit=unit
            )
        presented_on, decision, conditions, meeting = intake
        Intake.objects.create(
            programme=programme,
            working_group=group,
            presented_on=presented_on,
            decision=decision,
            conditions=conditions,
            meeting_reference=meeting,
        )
    return {"programmes": created}
