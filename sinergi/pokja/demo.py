"""Demo data: a few working groups and a user for every role, clearly labelled as demo."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sinergi.pokja.actions import do_change_position
from sinergi.pokja.models import (
    AccessRequest,
    Handover,
    Institution,
    Membership,
    Person,
    Role,
    WorkingGroup,
)
from sinergi.pokja.onboarding import do_request_access
from sinergi.pokja.reference import national_secretariat_group
from sinergi.regions.models import Region

DEMO_PASSWORD = "demo-sinergi"
DEMO_DOMAIN = "demo.sinergi.test"

# Region code → (name, kind, secretariat address, phone, formed on, institutions: (name,
# acronym, category, core function); the first is the contact institution).
C = Institution.CoreRole
GROUPS = {
    "32": (
        "Pokja AMPL Provinsi Jawa Barat",
        WorkingGroup.Kind.AMPL,
        "Bappeda Provinsi Jawa Barat, Jl. Ir. H. Juanda No. 287, Bandung 40135",
        "022-2516061",
        "2009-03-16",
        [
            (
                "Badan Perencanaan Pembangunan Daerah Provinsi Jawa Barat",
                "Bappeda Jabar",
                "bappeda",
                C.PLANNING,
            ),
            (
                "Dinas Perumahan dan Permukiman Provinsi Jawa Barat",
                "Disperkim Jabar",
                "opd",
                C.PUBLIC_WORKS,
            ),
            ("Dinas Kesehatan Provinsi Jawa Barat", "Dinkes Jabar", "opd", C.HEALTH),
            ("Dinas Lingkungan Hidup Provinsi Jawa Barat", "DLH Jabar", "opd", C.ENVIRONMENT),
            ("Universitas Padjadjaran", "Unpad", "perguruan_tinggi", C.UNIVERSITY),
        ],
    ),
    "53": (
        "Pokja PPAS Provinsi Nusa Tenggara Timur",
        WorkingGroup.Kind.PPAS,
        "Bappelitbangda Provinsi NTT, Jl. Polisi Militer No. 2, Kupang",
        "0380-833171",
        "2012-05-02",
        [
            (
                "Badan Perencanaan Pembangunan Daerah Provinsi Nusa Tenggara Timur",
                "Bappeda NTT",
                "bappeda",
                C.PLANNING,
            ),
            (
                "Dinas Pekerjaan Umum dan Perumahan Rakyat Provinsi NTT",
                "Dinas PUPR NTT",
                "opd",
                C.PUBLIC_WORKS,
            ),
            ("Dinas Kesehatan Provinsi Nusa Tenggara Timur", "Dinkes NTT", "opd", C.HEALTH),
            ("Universitas Nusa Cendana", "Undana", "perguruan_tinggi", C.UNIVERSITY),
        ],
    ),
    "32.04": (
        "Pokja AMPL Kabupaten Bandung",
        WorkingGroup.Kind.AMPL,
        "Bappeda Kabupaten Bandung, Komplek Pemkab Bandung, Jl. Raya Soreang Km. 17, Soreang",
        "022-5891691",
        "2010-02-08",
        [
            (
                "Badan Perencanaan Pembangunan Daerah Kabupaten Bandung",
                "Bappeda Kab. Bandung",
                "bappeda",
                C.PLANNING,
            ),
            (
                "Dinas Perumahan, Kawasan Permukiman dan Pertanahan Kabupaten Bandung",
                "Disperkimtan",
                "opd",
                C.PUBLIC_WORKS,
            ),
            ("Dinas Kesehatan Kabupaten Bandung", "Dinkes Kab. Bandung", "opd", C.HEALTH),
            (
                "Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Bandung",
                "DPMD Kab. Bandung",
                "opd",
                C.VILLAGE_EMPOWERMENT,
            ),
            ("Dinas Lingkungan Hidup Kabupaten Bandung", "DLH Kab. Bandung", "opd", C.ENVIRONMENT),
            ("Perumda Air Minum Tirta Raharja", "Tirta Raharja", "opd", ""),
            ("Tim Penggerak PKK Kabupaten Bandung", "TP PKK", "pkk", ""),
        ],
    ),
    "32.73": (
        "Pokja Sanitasi Kota Bandung",
        WorkingGroup.Kind.SANITATION,
        "Bappelitbang Kota Bandung, Jl. Wastukencana No. 2, Bandung",
        "022-4234793",
        None,
        [
            (
                "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Kota Bandung",
                "Bappelitbang Kota Bandung",
                "bappeda",
                C.PLANNING,
            ),
            ("Dinas Sumber Daya Air dan Bina Marga Kota Bandung", "DSDABM", "opd", C.PUBLIC_WORKS),
            ("Dinas Kesehatan Kota Bandung", "Dinkes Kota Bandung", "opd", C.HEALTH),
        ],
    ),
    "53.01": (
        "Pokja AMPL Kabupaten Kupang",
        WorkingGroup.Kind.AMPL,
        "Bappeda Kabupaten Kupang, Jl. Timor Raya, Oelamasi",
        "",
        "2014-08-11",
        [
            (
                "Badan Perencanaan Pembangunan Daerah Kabupaten Kupang",
                "Bappeda Kab. Kupang",
                "bappeda",
                C.PLANNING,
            ),
            (
                "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Kupang",
                "Dinas PUPR Kab. Kupang",
                "opd",
                C.PUBLIC_WORKS,
            ),
            ("Dinas Kesehatan Kabupaten Kupang", "Dinkes Kab. Kupang", "opd", C.HEALTH),
            ("Yayasan Pengembangan Masyarakat Timor", "YPMT", "lsm", C.NGO),
        ],
    ),
    "53.71": (
        "Pokja PKP Kota Kupang",
        WorkingGroup.Kind.PKP,
        "Bappeda Kota Kupang, Jl. S. K. Lerik, Kelapa Lima, Kupang",
        "",
        "2019-04-01",
        [
            (
                "Badan Perencanaan Pembangunan Daerah Kota Kupang",
                "Bappeda Kota Kupang",
                "bappeda",
                C.PLANNING,
            ),
            (
                "Dinas Perumahan dan Kawasan Permukiman Kota Kupang",
                "Disperkim Kota Kupang",
                "opd",
                C.PUBLIC_WORKS,
            ),
        ],
    ),
}

# Rosters: region code → rows of (full name, NIP or "" for a non-civil servant, index of the
# institution in GROUPS — or an acronym of a national institution —, job title, position,
# field, start date, knowledge holder). The first person is the contact person.
P, F = Membership.Position, Membership.Field
ROSTERS = {
    "ID": [
        (
            "Dr. Ir. Dewi Anggraini",
            "197203151998032001",
            "Bappenas",
            "Direktur Perumahan dan Kawasan Permukiman",
            P.CHAIR,
            "",
            "2023-01-02",
            False,
        ),
        (
            "Ir. Hendra Gunawan, M.T.",
            "197506202000121002",
            "Kementerian PU",
            "Direktur Air Minum",
            P.MEMBER,
            F.WATER,
            "2023-01-02",
            False,
        ),
        (
            "dr. Ratna Sari Dewi, M.Kes.",
            "197811042005012003",
            "Kemenkes",
            "Direktur Penyehatan Lingkungan",
            P.MEMBER,
            F.HYGIENE,
            "2023-01-02",
            False,
        ),
        (
            "Drs. Agus Salim",
            "197001011995031004",
            "Kemendagri",
            "Direktur Sinkronisasi Urusan Pemerintahan Daerah",
            P.MEMBER,
            F.INSTITUTIONS,
            "2023-01-02",
            False,
        ),
        (
            "Dra. Nurul Hidayati",
            "197304122000032001",
            "Kemendikbud",
            "Kepala Pusat Penguatan Karakter",
            P.MEMBER,
            F.COMMUNICATION,
            "2023-01-02",
            False,
        ),
        (
            "Ir. Bambang Sutrisno",
            "196908081996031002",
            "KLH",
            "Direktur Pengurangan Sampah",
            P.MEMBER,
            F.SOLID_WASTE,
            "2023-01-02",
            False,
        ),
        (
            "Yuliana Kartika, S.E., M.Ec.",
            "198002142006042001",
            "Kemenkeu",
            "Direktur Dana Transfer Khusus",
            P.MEMBER,
            F.FUNDING,
            "2023-01-02",
            False,
        ),
        (
            "Dr. Wahyu Hidayat",
            "197609252001121001",
            "BPS",
            "Direktur Statistik Kesejahteraan Rakyat",
            P.MEMBER,
            F.DATA,
            "2023-01-02",
            True,
        ),
    ],
    "32": [
        (
            "Ir. Wahyu Nugroho, M.T.",
            "197105201998031005",
            0,
            "Kepala Bidang Infrastruktur dan Kewilayahan",
            P.SECRETARY,
            "",
            "2024-01-15",
            False,
        ),
        (
            "Dr. Ir. Ade Kurniawan",
            "196807081994031006",
            0,
            "Kepala Bappeda",
            P.CHAIR,
            "",
            "2024-01-15",
            False,
        ),
        (
            "Dedi Supriatna, S.T.",
            "198303172009011002",
            0,
            "Perencana Ahli Muda",
            P.SECRETARIAT_STAFF,
            F.DATA,
            "2024-01-15",
            False,
        ),
        (
            "Rina Marlina, S.T., M.T.",
            "198107222006042004",
            1,
            "Kepala Bidang Air Minum dan Sanitasi",
            P.FIELD_COORDINATOR,
            F.WATER,
            "2024-01-15",
            False,
        ),
        (
            "dr. Yusuf Maulana",
            "197912032006041003",
            2,
            "Kepala Seksi Kesehatan Lingkungan",
            P.MEMBER,
            F.HYGIENE,
            "2024-01-15",
            False,
        ),
        (
            "Prof. Dr. Ir. Sri Wahyuni",
            "",
            4,
            "Guru Besar Teknik Lingkungan",
            P.MEMBER,
            F.DATA,
            "2019-06-01",
            True,
        ),
    ],
    "53": [
        (
            "Frans Nule, S.T.",
            "197606142003121004",
            0,
            "Kepala Bidang Infrastruktur",
            P.SECRETARY,
            "",
            "2025-02-01",
            False,
        ),
        (
            "Ir. Alfonsus Theodorus",
            "196905111995031003",
            0,
            "Kepala Bappelitbangda",
            P.CHAIR,
            "",
            "2025-02-01",
            False,
        ),
        (
            "Maria Goreti Bria, S.E.",
            "198509092010012005",
            0,
            "Analis Perencanaan",
            P.SECRETARIAT_STAFF,
            F.DATA,
            "2025-02-01",
            False,
        ),
        (
            "Yohanes Bere, S.T.",
            "198004182005021002",
            1,
            "Kepala Seksi Air Minum",
            P.MEMBER,
            F.WATER,
            "2025-02-01",
            False,
        ),
        (
            "Dr. Marthen Lette",
            "",
            3,
            "Dosen Kesehatan Masyarakat",
            P.MEMBER,
            F.HYGIENE,
            "2020-03-01",
            True,
        ),
    ],
    "32.04": [
        (
            "Asep Hidayat, S.T., M.T.",
            "198206152008011004",
            0,
            "Kepala Bidang Infrastruktur dan Pengembangan Wilayah",
            P.SECRETARY,
            "",
            "2026-04-01",
            False,
        ),
        (
            "Drs. H. Ujang Saepudin, M.Si.",
            "196811021994031005",
            0,
            "Kepala Bappeda",
            P.CHAIR,
            "",
            "2024-02-01",
            False,
        ),
        (
            "Siti Rahmawati, S.KM.",
            "198804232011012006",
            2,
            "Sanitarian Ahli Muda",
            P.MEMBER,
            F.HYGIENE,
            "2024-02-01",
            False,
        ),
        (
            "Ir. Dadang Suherman",
            "197302281999031003",
            1,
            "Kepala Bidang Permukiman",
            P.MEMBER,
            F.WATER,
            "2024-02-01",
            False,
        ),
        (
            "Neneng Sulastri, S.Sos.",
            "198110112006042009",
            3,
            "Kepala Seksi Sarana Prasarana Desa",
            P.MEMBER,
            F.INSTITUTIONS,
            "2024-02-01",
            False,
        ),
        (
            "Gilang Permana, S.Kom.",
            "199207072019031002",
            0,
            "Pranata Komputer",
            P.DATA_OPERATOR,
            F.DATA,
            "2024-02-01",
            False,
        ),
        (
            "Hj. Euis Komariah",
            "",
            6,
            "Ketua Pokja IV TP PKK",
            P.MEMBER,
            F.COMMUNICATION,
            "2024-02-01",
            True,
        ),
    ],
    "32.73": [
        (
            "Andri Firmansyah, S.T.",
            "198512052010011003",
            0,
            "Kepala Subbidang Infrastruktur",
            P.SECRETARY,
            "",
            "2025-03-01",
            False,
        ),
        (
            "dr. Lia Amelia",
            "198306302009022004",
            2,
            "Kepala Seksi Kesehatan Lingkungan",
            P.MEMBER,
            F.HYGIENE,
            "2025-03-01",
            False,
        ),
    ],
    "53.01": [
        (
            "Yakobus Tefa, S.T.",
            "197909152005011002",
            0,
            "Kepala Bidang Fisik dan Prasarana",
            P.SECRETARY,
            "",
            "2025-01-10",
            False,
        ),
        (
            "Elisabeth Nenabu, S.KM.",
            "198702022011012003",
            2,
            "Sanitarian",
            P.MEMBER,
            F.HYGIENE,
            "2025-01-10",
            False,
        ),
        ("Markus Lakapu", "", 3, "Direktur Program", P.MEMBER, F.COMMUNICATION, "2021-07-01", True),
    ],
    "53.71": [
        (
            "Theresia Ndun, S.T.",
            "198401182009012002",
            0,
            "Kepala Bidang Infrastruktur",
            P.SECRETARY,
            "",
            "2024-05-01",
            False,
        ),
    ],
}

# The Kabupaten Bandung secretary before Asep Hidayat, transferred (mutasi) in March 2026.
PREDECESSOR = (
    "32.04",
    (
        "Rudi Hartono, S.T.",
        "197711082003121003",
        0,
        "Kepala Bidang Infrastruktur",
        P.SECRETARY,
        "",
        "2022-01-03",
        False,
    ),
    "2026-03-31",
    {
        "notes": "Rapat koordinasi Pokja diadakan setiap triwulan di ruang rapat Bappeda lantai 2. "
        "Usulan DAK air minum 2027 harus masuk aplikasi KRISNA sebelum akhir Februari.\n"
        "Data akses sanitasi per desa ada di folder bersama Bidang Infrastruktur.",
        "open_items": "Finalisasi revisi Renstra AMPL 2025-2029; tindak lanjut verifikasi desa ODF "
        "di Kecamatan Cileunyi dan Rancaekek.",
        "documents": "SK Pokja AMPL 2026 (asli di Bagian Hukum); Buku Putih Sanitasi 2024; "
        "notulen rapat koordinasi 2025.",
        "key_contacts": "Ibu Rina Marlina (Disperkim Jabar) untuk DAK air minum; "
        "Bapak Gilang Permana (operator data Pokja).",
    },
)

# A change of position from a date: Dadang Suherman, appointed as a member by the 2026 decree,
# coordinates the drinking-water field from July (the history keeps both memberships).
POSITION_CHANGE = ("32.04", "Ir. Dadang Suherman", P.FIELD_COORDINATOR, F.WATER, "2026-07-01")

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


def _date(text):
    return datetime.date.fromisoformat(text)


def _add_member(group, institutions, row):
    name, nip, institution, job_title, position, field, started_on, holder = row
    if isinstance(institution, int):
        institution = institutions[institution]
    else:
        institution = Institution.objects.get(acronym=institution, region__code="ID")
    person = Person.objects.create(
        full_name=name,
        is_civil_servant=bool(nip),
        nip=nip,
        institution=institution,
        job_title=job_title,
        email=f"{name.split(',')[0].split()[-1].lower().strip('.')}.{group.code.replace('.', '')}@{DEMO_DOMAIN}",
        phone="0812" + (nip or "00000000")[-8:],
    )
    return Membership.objects.create(
        person=person,
        working_group=group,
        position=position,
        field=field,
        institution=institution,
        started_on=_date(started_on),
        is_knowledge_holder=holder,
        duties=DUTIES.get(position, ""),
    )


DUTIES = {
    P.CHAIR: "Memimpin Pokja, menetapkan arah kebijakan pembangunan air minum dan sanitasi, dan "
    "memimpin rapat koordinasi.",
    P.SECRETARY: "Mengelola kesekretariatan Pokja, menyiapkan rapat, menyusun laporan, dan "
    "menjadi penghubung dengan lembaga anggota dan program dari luar.",
    P.FIELD_COORDINATOR: "Mengoordinasikan perencanaan dan pemantauan kegiatan di bidangnya.",
    P.MEMBER: "Mewakili lembaganya dalam Pokja sesuai tugas pokok dan fungsinya di bidang air "
    "minum dan sanitasi.",
    P.SECRETARIAT_STAFF: "Membantu administrasi dan pengelolaan data Pokja.",
    P.DATA_OPERATOR: "Mengelola data monitoring air minum dan sanitasi di Sinergi.",
}


def _load_roster(group, institutions):
    memberships = [_add_member(group, institutions, row) for row in ROSTERS.get(group.code, [])]
    if memberships:
        group.contact_person = memberships[0].person
        group.save(update_fields=["contact_person"])
    if group.code == PREDECESSOR[0]:
        leaving = _add_member(group, institutions, PREDECESSOR[1])
        leaving.ended_on = _date(PREDECESSOR[2])
        leaving.end_reason = Membership.EndReason.TRANSFER
        leaving.save(update_fields=["ended_on", "end_reason"])
        successor = next(m for m in memberships if m.position == P.SECRETARY)
        Handover.objects.create(
            leaving=leaving, successor=successor, completed=timezone.now(), **PREDECESSOR[3]
        )
    code, name, position, field, starts_on = POSITION_CHANGE
    if group.code == code:
        current = next(m for m in memberships if m.person.full_name == name)
        do_change_position(current, _date(starts_on), position, field, current.institution)


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo; what exists is left as it is, so it can run on every start."""
    codes = ["ID", *GROUPS]
    regions = Region.objects.in_bulk(codes, field_name="code")
    if len(regions) != len(codes):
        raise MissingRegions(sorted(set(codes) - set(regions)))
    created = {"working_groups": 0, "institutions": 0, "users": 0}
    national = WorkingGroup.objects.get(region=regions["ID"])
    if not national.memberships.exists():
        _load_roster(national, [])
        # Its people are fictional: label the national group as demo data, with a demo
        # address for the contact page (the real one is entered by the national secretariat).
        national.is_demo = True
        national.email = national.email or f"sekretariat.nasional@{DEMO_DOMAIN}"
        national.save(update_fields=["is_demo", "email"])
    for code, (name, kind, address, phone, formed_on, members) in GROUPS.items():
        region = regions[code]
        institutions = []
        for inst_name, acronym, category, core_role in members:
            institution, new = Institution.objects.get_or_create(
                name=inst_name,
                region=region,
                defaults={"acronym": acronym, "category": category, "core_role": core_role},
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
                "formed_on": _date(formed_on) if formed_on else None,
                "is_demo": True,
            },
        )
        created["working_groups"] += new
        if new:
            _load_roster(group, institutions)

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
            Person.objects.filter(full_name__startswith=full_name, user=None).update(user=user)
            if code == "ID":  # the national secretariat edits reference data in the admin
                user.is_staff = True
                user.save(update_fields=["is_staff"])
                user.groups.add(national_secretariat_group())
        if code is not None:
            Role.objects.get_or_create(
                user=user,
                working_group=WorkingGroup.objects.get(region__code=code),
                defaults={"kind": kind},
            )
    _load_access_request()
    return created


def _load_access_request():
    """A Bappeda officer of Kota Kupang waiting for secretariat access to its working group,
    for the NTT login to decide (once)."""
    email = f"yanti.lerik@{DEMO_DOMAIN}"
    User = get_user_model()
    if User.objects.filter(email=email).exists():
        return
    officer = User.objects.create_user(email, DEMO_PASSWORD, full_name="Yanti Lerik, S.T.")
    group = WorkingGroup.objects.get(region__code="53.71")
    if not AccessRequest.objects.filter(user=officer, working_group=group).exists():
        do_request_access(
            officer,
            group,
            "Kepala Subbidang Perumahan dan Permukiman",
            "Badan Perencanaan Pembangunan Daerah Kota Kupang",
            "Saya ditugaskan Kepala Bappeda untuk mengelola data Pokja PKP Kota Kupang.",
        )
