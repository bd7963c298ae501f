"""Demo data: a few working groups and a user for every role, clearly labelled as demo."""

from django.contrib.auth import get_user_model
from django.db import transaction

from sinergi.pokja.models import Institution, Role, WorkingGroup
from sinergi.regions.models import Region

DEMO_PASSWORD = "demo-sinergi"
DEMO_DOMAIN = "demo.sinergi.test"

# Region code → (name, kind, secretariat address, phone, member institutions; the first is
# the contact institution).
GROUPS = {
    "32": (
        "Pokja AMPL Provinsi Jawa Barat",
        WorkingGroup.Kind.AMPL,
        "Bappeda Provinsi Jawa Barat, Jl. Ir. H. Juanda No. 287, Bandung 40135",
        "022-2516061",
        [
            (
                "Badan Perencanaan Pembangunan Daerah Provinsi Jawa Barat",
                "Bappeda Jabar",
                "bappeda",
            ),
            ("Dinas Perumahan dan Permukiman Provinsi Jawa Barat", "Disperkim Jabar", "opd"),
            ("Dinas Kesehatan Provinsi Jawa Barat", "Dinkes Jabar", "opd"),
            ("Dinas Lingkungan Hidup Provinsi Jawa Barat", "DLH Jabar", "opd"),
            ("Universitas Padjadjaran", "Unpad", "perguruan_tinggi"),
        ],
    ),
    "53": (
        "Pokja PPAS Provinsi Nusa Tenggara Timur",
        WorkingGroup.Kind.PPAS,
        "Bappelitbangda Provinsi NTT, Jl. Polisi Militer No. 2, Kupang",
        "0380-833171",
        [
            (
                "Badan Perencanaan Pembangunan Daerah Provinsi Nusa Tenggara Timur",
                "Bappeda NTT",
                "bappeda",
            ),
            ("Dinas Pekerjaan Umum dan Perumahan Rakyat Provinsi NTT", "Dinas PUPR NTT", "opd"),
            ("Dinas Kesehatan Provinsi Nusa Tenggara Timur", "Dinkes NTT", "opd"),
            ("Universitas Nusa Cendana", "Undana", "perguruan_tinggi"),
        ],
    ),
    "32.04": (
        "Pokja AMPL Kabupaten Bandung",
        WorkingGroup.Kind.AMPL,
        "Bappeda Kabupaten Bandung, Komplek Pemkab Bandung, Jl. Raya Soreang Km. 17, Soreang",
        "022-5891691",
        [
            (
                "Badan Perencanaan Pembangunan Daerah Kabupaten Bandung",
                "Bappeda Kab. Bandung",
                "bappeda",
            ),
            (
                "Dinas Perumahan, Kawasan Permukiman dan Pertanahan Kabupaten Bandung",
                "Disperkimtan",
                "opd",
            ),
            ("Dinas Kesehatan Kabupaten Bandung", "Dinkes Kab. Bandung", "opd"),
            (
                "Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Bandung",
                "DPMD Kab. Bandung",
                "opd",
            ),
            ("Perumda Air Minum Tirta Raharja", "Tirta Raharja", "opd"),
            ("Tim Penggerak PKK Kabupaten Bandung", "TP PKK", "pkk"),
        ],
    ),
    "32.73": (
        "Pokja Sanitasi Kota Bandung",
        WorkingGroup.Kind.SANITATION,
        "Bappelitbang Kota Bandung, Jl. Wastukencana No. 2, Bandung",
        "022-4234793",
        [
            (
                "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Kota Bandung",
                "Bappelitbang Kota Bandung",
                "bappeda",
            ),
            ("Dinas Sumber Daya Air dan Bina Marga Kota Bandung", "DSDABM", "opd"),
            ("Dinas Kesehatan Kota Bandung", "Dinkes Kota Bandung", "opd"),
        ],
    ),
    "53.01": (
        "Pokja AMPL Kabupaten Kupang",
        WorkingGroup.Kind.AMPL,
        "Bappeda Kabupaten Kupang, Jl. Timor Raya, Oelamasi",
        "",
        [
            (
                "Badan Perencanaan Pembangunan Daerah Kabupaten Kupang",
                "Bappeda Kab. Kupang",
                "bappeda",
            ),
            (
                "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Kupang",
                "Dinas PUPR Kab. Kupang",
                "opd",
            ),
            ("Dinas Kesehatan Kabupaten Kupang", "Dinkes Kab. Kupang", "opd"),
        ],
    ),
    "53.71": (
        "Pokja PKP Kota Kupang",
        WorkingGroup.Kind.PKP,
        "Bappeda Kota Kupang, Jl. S. K. Lerik, Kelapa Lima, Kupang",
        "",
        [
            ("Badan Perencanaan Pembangunan Daerah Kota Kupang", "Bappeda Kota Kupang", "bappeda"),
            ("Dinas Perumahan dan Kawasan Permukiman Kota Kupang", "Disperkim Kota Kupang", "opd"),
        ],
    ),
}

# (e-mail local part, full name, region code of the group or None, role)
USERS = [
    ("admin", "Administrator Demo", None, None),
    ("nasional", "Rina Wulandari", "ID", Role.Kind.SECRETARIAT),
    ("jabar", "Dedi Supriatna", "32", Role.Kind.SECRETARIAT),
    ("ntt", "Maria Goreti Bria", "53", Role.Kind.SECRETARIAT),
    ("kabbandung", "Asep Hidayat", "32.04", Role.Kind.SECRETARIAT),
    ("anggota.kabbandung", "Siti Rahmawati", "32.04", Role.Kind.MEMBER),
]


class MissingRegions(Exception):
    pass


def demo_logins() -> list[tuple[str, str]]:
    """(e-mail, what the account may do) for every demo login."""
    described = {
        None: "administrator (Django admin)",
        "ID": "national secretariat",
        "32": "provincial secretariat, Jawa Barat",
        "53": "provincial secretariat, Nusa Tenggara Timur",
    }
    logins = []
    for local, _name, code, kind in USERS:
        what = described[code] if code in described else f"{kind} of {GROUPS[code][0]}"
        logins.append((f"{local}@{DEMO_DOMAIN}", what))
    return logins


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo; what exists is left as it is, so it can run on every start."""
    codes = ["ID", *GROUPS]
    regions = Region.objects.in_bulk(codes, field_name="code")
    if len(regions) != len(codes):
        raise MissingRegions(sorted(set(codes) - set(regions)))
    created = {"working_groups": 0, "institutions": 0, "users": 0}
    for code, (name, kind, address, phone, members) in GROUPS.items():
        region = regions[code]
        institutions = []
        for inst_name, acronym, category in members:
            institution, new = Institution.objects.get_or_create(
                name=inst_name,
                region=region,
                defaults={"acronym": acronym, "category": category},
            )
            created["institutions"] += new
            institutions.append(institution)
        group, new = WorkingGroup.objects.get_or_create(
            region=region,
            defaults={
                "name": name,
                "kind": kind,
                "secretariat_address": address,
                "phone": phone,
                "email": f"pokja.{code.replace('.', '')}@{DEMO_DOMAIN}",
                "contact_institution": institutions[0],
                "is_demo": True,
            },
        )
        created["working_groups"] += new

    User = get_user_model()
    for local, full_name, code, kind in USERS:
        email = f"{local}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            is_admin = code is None
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                full_name=full_name,
                is_staff=is_admin,
                is_superuser=is_admin,
            )
            created["users"] += 1
        if code is not None:
            Role.objects.get_or_create(
                user=user,
                working_group=WorkingGroup.objects.get(region__code=code),
                defaults={"kind": kind},
            )
    return created
