"""Demo decrees: valid, expired and missing ones, so every legal status shows up."""

import datetime

from django.db import transaction
from django.utils import timezone

from sinergi.decrees.models import Decree
from sinergi.pokja.models import WorkingGroup

# Region code → (number, signatory, signed on, valid from, valid until)
DECREES = {
    "ID": (
        "KEP.27/M.PPN/HK/02/2026",
        "Menteri PPN/Kepala Bappenas",
        "2026-02-10",
        "2026-01-01",
        "2026-12-31",
    ),
    "32": (
        "050/Kep.245-Bapp/2026",
        "Gubernur Jawa Barat",
        "2026-01-20",
        "2026-01-01",
        "2026-12-31",
    ),
    "53": (
        "112/KEP/HK/2025",
        "Gubernur Nusa Tenggara Timur",
        "2025-02-03",
        "2025-01-01",
        "2025-12-31",
    ),
    "32.04": (
        "050/Kep.112-Bappeda/2026",
        "Bupati Bandung",
        "2026-01-14",
        "2026-01-01",
        "2026-12-31",
    ),
    "53.01": ("188.45/019/HK/2026", "Bupati Kupang", "2026-03-02", "2026-03-01", "2027-02-28"),
    "53.71": (
        "188.45/KEP/HK/214/2025",
        "Wali Kota Kupang",
        "2025-01-06",
        "2025-01-01",
        "2025-12-31",
    ),
    # Kota Bandung has no decree yet: its working group is in formation.
}


@transaction.atomic
def load_demo() -> dict[str, int]:
    created = 0
    year = timezone.localdate().year
    years = {"y": year, "p": year - 1, "n": year + 1}

    def date(text):
        return datetime.date.fromisoformat(text.format(**years))

    for code, (number, signatory, signed, start, end) in DECREES.items():
        number = number.format(**years)
        group = WorkingGroup.objects.filter(region__code=code).first()
        if group is None or group.decrees.exists():
            continue
        decree = Decree.objects.create(
            working_group=group,
            number=number,
            title=f"Pembentukan {group.name}",
            signatory=signatory,
            signed_on=date(signed),
            valid_from=date(start),
            valid_until=date(end),
        )
        decree.set_appointments(
            group.memberships.active_on(date(start)).select_related(
                "person__institution", "institution"
            )
        )
        created += 1
    return {"decrees": created}
