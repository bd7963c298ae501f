"""Reference data: the national working group and its eight member institutions."""

from django.db import transaction

from sinergi.pokja.models import Institution, WorkingGroup
from sinergi.regions.models import Region

R = Institution.CoreRole

NATIONAL_INSTITUTIONS = [
    # (name, acronym, core function) — the eight members of the national Pokja AMPL.
    ("Kementerian Perencanaan Pembangunan Nasional/Bappenas", "Bappenas", R.PLANNING),
    ("Kementerian Pekerjaan Umum", "Kementerian PU", R.PUBLIC_WORKS),
    ("Kementerian Dalam Negeri", "Kemendagri", R.HOME_AFFAIRS),
    ("Kementerian Kesehatan", "Kemenkes", R.HEALTH),
    ("Kementerian Pendidikan dan Kebudayaan", "Kemendikbud", R.EDUCATION),
    ("Kementerian Lingkungan Hidup", "KLH", R.ENVIRONMENT),
    ("Kementerian Keuangan", "Kemenkeu", R.FINANCE),
    ("Badan Pusat Statistik", "BPS", R.STATISTICS),
]

NATIONAL_SECRETARIAT_ADDRESS = "Jl. Lembang No. 35, Menteng, Jakarta Pusat 10310"


# The national secretariat manages reference data in the admin (staff accounts in this group).
NATIONAL_SECRETARIAT_GROUP = "Sekretariat nasional"
REFERENCE_MODELS = [
    ("pokja", "institution"),
    ("monitoring", "indicator"),
    ("monitoring", "target"),
    ("decrees", "decreetemplate"),
]


def national_secretariat_group():
    """The auth group whose staff members edit the reference data in the admin."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=NATIONAL_SECRETARIAT_GROUP)
    permissions = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in REFERENCE_MODELS},
        content_type__model__in={model for _, model in REFERENCE_MODELS},
        codename__regex=r"^(add|change|view)_",
    )
    group.permissions.add(*permissions)
    return group


@transaction.atomic
def load_reference() -> dict[str, int]:
    """Create what is missing; never overwrite what a secretariat has edited."""
    nation = Region.objects.national()
    created = {"institutions": 0, "working_groups": 0}
    institutions = []
    for name, acronym, core_role in NATIONAL_INSTITUTIONS:
        institution, new = Institution.objects.get_or_create(
            name=name,
            region=nation,
            defaults={
                "acronym": acronym,
                "category": Institution.Category.MINISTRY,
                "core_role": core_role,
            },
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
    created["working_groups"] += new
    national_secretariat_group()
    return created
