"""Reference data: the national working group and its eight member institutions."""

from django.db import transaction

from sinergi.pokja.models import Institution, WorkingGroup
from sinergi.regions.models import Region

NATIONAL_INSTITUTIONS = [
    # (name, acronym) — the eight members of the national Pokja AMPL.
    ("Kementerian Perencanaan Pembangunan Nasional/Bappenas", "Bappenas"),
    ("Kementerian Pekerjaan Umum", "Kementerian PU"),
    ("Kementerian Dalam Negeri", "Kemendagri"),
    ("Kementerian Kesehatan", "Kemenkes"),
    ("Kementerian Pendidikan dan Kebudayaan", "Kemendikbud"),
    ("Kementerian Lingkungan Hidup", "KLH"),
    ("Kementerian Keuangan", "Kemenkeu"),
    ("Badan Pusat Statistik", "BPS"),
]

NATIONAL_SECRETARIAT_ADDRESS = "Jl. Lembang No. 35, Menteng, Jakarta Pusat 10310"


@transaction.atomic
def load_reference() -> dict[str, int]:
    """Create what is missing; never overwrite what a secretariat has edited."""
    nation = Region.objects.national()
    created = {"institutions": 0, "working_groups": 0}
    institutions = []
    for name, acronym in NATIONAL_INSTITUTIONS:
        institution, new = Institution.objects.get_or_create(
            name=name,
            region=nation,
            defaults={"acronym": acronym, "category": Institution.Category.MINISTRY},
        )
        created["institutions"] += new
        institutions.append(institution)
    group, new = WorkingGroup.objects.get_or_create(
        region=nation,
        defaults={
            "name": "Pokja AMPL Nasional",
            "kind": WorkingGroup.Kind.AMPL,
            "secretariat_address": NATIONAL_SECRETARIAT_ADDRESS,
            "contact_institution": institutions[0],
        },
    )
    if new:
        group.member_institutions.set(institutions)
        created["working_groups"] += 1
    return created
