"""A national benchmark data set, deterministic for a seed: a working group for every province
and kabupaten/kota with its members and their history, ten years of decrees, indicator values,
programmes, facilities, meetings, action items, documents and news posts.

`generate(scale, seed)` writes it into an empty database (`generate_bench_data`). Every table is
written in bulk: rows are built as model instances (so Django's defaults apply) and sent by
`lib.bulk.insert_rows` (COPY on PostgreSQL, multi-row INSERT on SQLite); no signal is sent and
no history is recorded. The triggers on `monitoring_datavalue` keep `IndicatorYear` and
`VillageTotal` as for any other write.
"""

import datetime
import enum
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.decrees.models import Appointment, Decree
from sinergi.facilities.models import Facility, Inspection
from sinergi.lib.bulk import insert_rows, update_rows
from sinergi.library.models import Document, DocumentVersion
from sinergi.meetings.models import ActionItem, Decision, Meeting, Participant
from sinergi.monitoring.models import DataValue, Indicator, Period, Source
from sinergi.news.models import Post
from sinergi.pokja.models import Institution, Membership, Person, Role, WorkingGroup
from sinergi.programmes.models import Programme
from sinergi.regions.models import Region
from sinergi.search.index import rebuild

BENCH_PASSWORD = "bench-sinergi"
BENCH_DOMAIN = "bench.sinergi.test"
# The personas the load driver signs in as: the secretariats of these regions (or of the first
# province and kabupaten/kota generated when they are not in the data set).
PERSONA_REGIONS = {"national": "ID", "provincial": "32", "regency": "32.04"}

# Full-scale counts; each is multiplied by the scale.
FULL = {
    "programmes": 5_000,
    "programme_locations": 10,  # villages per programme
    "facilities": 100_000,
    "inspections": 3,  # per facility
    "meetings": 50_000,
    "participants": 4,  # per meeting
    "action_items": 100_000,
    "documents": 20_000,
    "posts": 10_000,
}
MEMBERS = 30  # current members of each working group
FORMER_MEMBERS = 12  # ended memberships of each working group, its history
REGENCY_INDICATORS = 20
REGENCY_YEARS = 10
VILLAGE_INDICATORS = 5
VILLAGE_YEARS = 5

FIRST_NAMES = [
    "Agus",
    "Budi",
    "Dedi",
    "Eko",
    "Hendra",
    "Iwan",
    "Joko",
    "Rudi",
    "Slamet",
    "Wahyu",
    "Yusuf",
    "Bambang",
    "Hadi",
    "Rizki",
    "Fajar",
    "Dewi",
    "Siti",
    "Rina",
    "Ratna",
    "Yuliana",
    "Nurul",
    "Maria",
    "Wulan",
    "Fitri",
    "Ani",
    "Sri",
    "Endang",
    "Lestari",
    "Intan",
    "Putri",
    "Made",
    "Ketut",
    "Nyoman",
    "Wayan",
    "Yohanes",
    "Fransiskus",
    "Andi",
    "Muhammad",
    "Ahmad",
    "Teguh",
    "Asep",
    "Ujang",
    "Nining",
]
LAST_NAMES = [
    "Santoso",
    "Wijaya",
    "Gunawan",
    "Hidayat",
    "Saputra",
    "Kurniawan",
    "Sutrisno",
    "Hasibuan",
    "Nainggolan",
    "Siregar",
    "Pratama",
    "Setiawan",
    "Lestari",
    "Anggraini",
    "Rahayu",
    "Susanti",
    "Permana",
    "Nugroho",
    "Wibowo",
    "Purnomo",
    "Tanjung",
    "Simanjuntak",
    "Pardede",
    "Manurung",
    "Mahendra",
    "Daeng",
    "Latuconsina",
    "Bria",
    "Ndun",
    "Tefa",
    "Fanggidae",
]
TITLES = ("", "", "", "Ir. ", "Drs. ", "Dra. ", "Dr. ", "dr. ")
DEGREES = ("", "", ", S.T.", ", S.E.", ", M.T.", ", M.Si.", ", S.K.M.", ", M.Kes.", ", S.Sos.")
# (name pattern, acronym pattern, category, core role)
C = Institution.CoreRole
INSTITUTIONS = (
    ("Badan Perencanaan Pembangunan Daerah {}", "Bappeda", "bappeda", C.PLANNING),
    ("Dinas Pekerjaan Umum dan Penataan Ruang {}", "Dinas PUPR", "opd", C.PUBLIC_WORKS),
    ("Dinas Kesehatan {}", "Dinkes", "opd", C.HEALTH),
    ("Dinas Pemberdayaan Masyarakat dan Desa {}", "DPMD", "opd", C.VILLAGE_EMPOWERMENT),
    ("Dinas Lingkungan Hidup {}", "DLH", "opd", C.ENVIRONMENT),
    ("Dinas Perumahan dan Kawasan Permukiman {}", "Disperkim", "opd", ""),
    ("Perumda Air Minum {}", "PDAM", "opd", ""),
)
JOBS = (
    "Kepala Bidang Infrastruktur dan Kewilayahan",
    "Kepala Seksi Air Minum",
    "Kepala Seksi Penyehatan Lingkungan",
    "Kepala Bidang Cipta Karya",
    "Sanitarian Ahli Muda",
    "Perencana Ahli Muda",
    "Analis Kebijakan",
    "Kepala Sub Bagian Program",
    "Fasilitator Masyarakat",
    "Staf Teknis",
)
DECREE_TITLE = "Pembentukan Kelompok Kerja Air Minum dan Penyehatan Lingkungan"
GROUP_NAMES = {
    "ampl": "Pokja AMPL",
    "sanitasi": "Pokja Sanitasi",
    "ppas": "Pokja PPAS",
    "pkp": "Pokja PKP",
    "lainnya": "Forum AMPL",
}
FACILITY_NAMES = {
    "spam": "SPAM",
    "sumur_bor": "Sumur bor",
    "hidran_umum": "Hidran umum",
    "pah": "PAH",
    "ipal_komunal": "IPAL komunal",
    "mck": "MCK",
}
P, F = Membership.Position, Membership.Field
FIELDS = [f for f in F.values if f]
END_REASONS = ("mutasi", "promosi", "pensiun", "mengundurkan_diri", "masa_tugas_berakhir")
PROGRAMMES = (
    "Pamsimas",
    "Sanimas",
    "STBM Desa",
    "Hibah Air Minum Berbasis Kinerja",
    "Hibah Air Limbah Setempat",
    "DAK Air Minum",
    "DAK Sanitasi",
    "Air Bersih CSR",
    "Tangki Septik Individu",
    "TPS3R",
)
FUNDERS = ("APBN", "APBD Provinsi", "APBD Kabupaten/Kota", "Bank Dunia", "ADB", "USAID", "CSR")
MEETINGS = (
    "Rapat koordinasi Pokja",
    "Rapat penyusunan rencana kerja tahunan",
    "Sosialisasi STBM kepada kepala desa",
    "Kunjungan monitoring SPAM perdesaan",
    "Pelatihan pengisian data indikator",
    "Advokasi anggaran AMPL kepada DPRD",
)
ACTIONS = (
    "Menyusun draf SK Pokja yang baru",
    "Memverifikasi data akses air minum desa",
    "Mengirim undangan rapat koordinasi",
    "Menyiapkan bahan paparan untuk Bappeda",
    "Memperbarui daftar sarana yang tidak berfungsi",
    "Mengusulkan lokasi program kepada kementerian",
    "Menyusun laporan kegiatan triwulan",
)
DOCUMENTS = (
    "Panduan pengelolaan SPAM perdesaan",
    "Laporan tahunan Pokja",
    "Kajian kebutuhan sanitasi",
    "Rencana strategis air minum dan sanitasi",
    "Notulen rapat koordinasi",
    "Peraturan bupati tentang STBM",
)
NEWS = (
    "Pokja {} menggelar rapat koordinasi",
    "Desa di {} mencapai stop buang air besar sembarangan",
    "SPAM baru di {} melayani ratusan rumah tangga",
    "Pokja {} memperbarui SK keanggotaan",
    "Sosialisasi cuci tangan pakai sabun di sekolah {}",
)


@dataclass
class Result:
    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    personas: dict = field(default_factory=dict)  # persona → user e-mail


def full_counts(scale):
    """The number of rows of each kind at `scale` (at least one each)."""
    return {
        name: n
        if name in ("programme_locations", "inspections", "participants")
        else max(1, round(n * scale))
        for name, n in FULL.items()
    }


def refusal(force=False) -> str:
    """Why the database is not a place for benchmark data, or ''. A database with working
    groups below the national one (load_reference makes that one) may be a real one."""
    groups = WorkingGroup.objects.exclude(region__level=Region.Level.NATIONAL)
    if not force and groups.exists():
        return (
            f"The database already has {groups.count():,} working groups below the national "
            "one: generate the benchmark data into an empty database (or use --force)."
        )
    if not Region.objects.filter(level=Region.Level.REGENCY).exists():
        return "No kabupaten/kota yet: run `python manage.py load_regions` first."
    return ""


def secretariat_email(code) -> str:
    """The e-mail of the secretariat user of the group of the region `code`."""
    return f"sekretariat.{code.replace('.', '-').lower()}@{BENCH_DOMAIN}"


def has_bench_data() -> bool:
    return User.objects.filter(email__endswith="@" + BENCH_DOMAIN).exists()


def generate(scale=1.0, seed=18, log=print) -> Result:
    """Write the data set; see the module's docstring."""
    generator = Generator(scale, seed, log)
    with disable_auditlog():
        generator.run()
    return generator.result


class Generator:
    def __init__(self, scale, seed, log):
        self.scale, self.log = scale, log
        self.rng = random.Random(seed)
        self.counts = full_counts(scale)
        self.result = Result()
        self.now = timezone.now()
        self.today = timezone.localdate()
        # What a database written with --force already holds, and must not be written twice.
        self.nips = set(Person.objects.exclude(nip="").values_list("nip", flat=True))

    def run(self):
        steps = [
            self.regions,
            self.groups,
            self.people,
            self.decrees,
            self.programmes,
            self.facilities,
            self.meetings,
            self.action_items,
            self.library,
            self.news,
            self.values,
            self.search_index,
        ]
        for step in steps:
            start = time.perf_counter()
            with transaction.atomic():
                step()
            self.result.seconds[step.__name__] = round(time.perf_counter() - start, 1)
            self.log(f"{step.__name__}: {self.result.seconds[step.__name__]} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    # Helpers

    def insert(self, model, objects) -> list[int]:
        """Insert model instances in bulk; their ids in the order given (the rows of one
        insert get rising ids, and nothing else writes into a benchmark database)."""
        names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        fields = [model._meta.get_field(name) for name in names]
        rows = [tuple(self._value(obj, f) for f in fields) for obj in objects]
        before = model.objects.aggregate(top=Max("pk"))["top"] or 0
        insert_rows(model, names, rows)
        label = model._meta.label
        self.result.counts[label] = self.result.counts.get(label, 0) + len(rows)
        return list(model.objects.filter(pk__gt=before).order_by("pk").values_list("pk", flat=True))

    def _value(self, obj, f):
        value = getattr(obj, f.attname)
        if value is None and (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)):
            value = self.now
        if isinstance(value, enum.Enum):
            value = value.value
        if isinstance(f, models.FileField):
            value = str(value or "")
        return value

    def link(self, through, left, right, pairs):
        """Rows of a many-to-many table."""
        insert_rows(through, [left, right], pairs)
        label = through._meta.label
        self.result.counts[label] = self.result.counts.get(label, 0) + len(pairs)

    def place(self, group):
        return self.region_names[self.group_region[group]]

    def name(self):
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        return f"{rng.choice(TITLES)}{first} {last}{rng.choice(DEGREES)}"

    def nip(self):
        rng = self.rng
        while True:
            born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(12_000))
            nip = f"{born:%Y%m%d}{born.year + rng.randint(22, 30)}{rng.randint(1, 12):02d}"
            nip += f"{rng.randint(1, 2)}{rng.randint(1, 999):03d}"
            if nip not in self.nips:
                self.nips.add(nip)
                return nip

    def day(self, first, last):
        return first + datetime.timedelta(days=self.rng.randrange(max(1, (last - first).days)))

    def years_ago(self, years):
        return self.today - datetime.timedelta(days=round(365.25 * years))

    # Steps

    def regions(self):
        """The kabupaten/kota of the data set (every one at full scale, spread over the
        provinces otherwise), their provinces and villages."""
        regencies = list(
            Region.objects.filter(level=Region.Level.REGENCY).order_by("code").only("code", "name")
        )
        wanted = max(1, round(len(regencies) * self.scale))
        step = len(regencies) / wanted
        chosen = {regencies[int(i * step)].code: regencies[int(i * step)] for i in range(wanted)}
        persona = PERSONA_REGIONS["regency"]
        if persona not in chosen and any(r.code == persona for r in regencies):
            del chosen[next(iter(reversed(chosen)))]
            chosen[persona] = next(r for r in regencies if r.code == persona)
        self.regencies = sorted(chosen.values(), key=lambda r: r.code)
        self.provinces = list(
            Region.objects.filter(level=Region.Level.PROVINCE).order_by("code").only("code", "name")
        )
        self.nation = Region.objects.get(code=Region.NATIONAL_CODE)
        villages = {}
        for pk, code, name in Region.objects.filter(level=Region.Level.VILLAGE).values_list(
            "pk", "code", "name"
        ):
            if code[:5] in chosen:
                villages.setdefault(code[:5], []).append((pk, name))
        self.villages = villages  # regency code → [(pk, name)]
        self.all_villages = [v for r in self.regencies for v in villages.get(r.code, [])]
        self.result.counts["regencies in the data set"] = len(self.regencies)
        self.result.counts["villages in the data set"] = len(self.all_villages)

    def groups(self):
        """A working group, its institutions and a secretariat user for every province and
        kabupaten/kota of the data set (the national group comes from load_reference)."""
        rng = self.rng
        national = WorkingGroup.objects.filter(region=self.nation).first()
        if national is None:
            national = WorkingGroup.objects.create(region=self.nation, name="Pokja AMPL Nasional")
        taken = set(WorkingGroup.objects.values_list("region_id", flat=True))  # with --force
        regions = [r for r in self.provinces + self.regencies if r.pk not in taken]
        kinds = list(WorkingGroup.Kind.values)
        groups = []
        for region in regions:
            label = (
                region.name if region.level == Region.Level.REGENCY else f"Provinsi {region.name}"
            )
            kind = self.rng.choices(kinds, weights=(6, 2, 1, 1, 1))[0]
            groups.append(
                WorkingGroup(
                    region=region,
                    name=f"{GROUP_NAMES[kind]} {label}",
                    kind=kind,
                    secretariat_address=f"Bappeda {label}, Jl. Merdeka No. {rng.randint(1, 200)}",
                    phone=f"0{self.rng.randint(21, 999)}-{self.rng.randint(100000, 999999)}",
                    email=f"pokja.{region.code.replace('.', '-')}@{BENCH_DOMAIN}",
                    formed_on=self.day(datetime.date(2008, 1, 1), datetime.date(2020, 1, 1)),
                )
            )
        ids = self.insert(WorkingGroup, groups)
        self.group_ids = dict(zip([r.code for r in regions], ids, strict=True))
        if not has_bench_data():  # with --force, the national group's is there already
            self.group_ids["ID"] = national.pk
        self.group_region = {pk: code for code, pk in self.group_ids.items()}
        self.group_region[national.pk] = "ID"
        self.region_names = {r.code: r.name for r in regions} | {"ID": "Indonesia"}

        institutions, owners = [], []
        for region in regions:
            label = (
                region.name if region.level == Region.Level.REGENCY else f"Provinsi {region.name}"
            )
            for name, acronym, category, core in INSTITUTIONS:
                institutions.append(
                    Institution(
                        name=name.format(label),
                        acronym=acronym,
                        category=category,
                        core_role=core,
                        region_id=region.pk,
                    )
                )
                owners.append(region.code)
        ids = self.insert(Institution, institutions)
        self.institutions = {}
        for code, pk in zip(owners, ids, strict=True):
            self.institutions.setdefault(code, []).append(pk)
        self.institutions["ID"] = list(
            Institution.objects.filter(region=self.nation).values_list("pk", flat=True)
        ) or [None]

        password = make_password(BENCH_PASSWORD)
        users = [
            User(
                email=secretariat_email(code),
                full_name=f"Sekretariat {self.region_names[code]}",
                password=password,
            )
            for code in self.group_ids
        ]
        user_ids = self.insert(User, users)
        self.secretariat_users = dict(zip(self.group_ids, user_ids, strict=True))
        roles = [
            Role(user_id=user, working_group_id=self.group_ids[code], kind=Role.Kind.SECRETARIAT)
            for code, user in self.secretariat_users.items()
        ]
        self.insert(Role, roles)
        for persona, code in PERSONA_REGIONS.items():
            if not WorkingGroup.objects.filter(region__code=code).exists():
                level = Region.Level.PROVINCE if persona == "provincial" else Region.Level.REGENCY
                code = next(c for c in self.group_ids if c.count(".") + 1 == level)
            self.result.personas[persona] = secretariat_email(code)

    def people(self):
        """About 30 current members in each group, and the former members of its history."""
        persons, memberships, contacts = [], [], {}
        positions = [P.CHAIR, P.VICE_CHAIR, P.SECRETARY] + [P.MEMBER] * (MEMBERS - 3)
        for code, group in self.group_ids.items():
            institutions = self.institutions[code]
            for n in range(MEMBERS + FORMER_MEMBERS):
                current = n < MEMBERS
                civil = self.rng.random() < 0.8
                institution = self.rng.choice(institutions)
                persons.append(
                    Person(
                        full_name=self.name(),
                        is_civil_servant=civil,
                        nip=self.nip() if civil else "",
                        institution_id=institution,
                        job_title=self.rng.choice(JOBS),
                        email=f"anggota{len(persons)}@{BENCH_DOMAIN}",
                        phone=f"08{self.rng.randint(11, 59)}{self.rng.randint(10**7, 10**8 - 1)}",
                    )
                )
                if current:
                    started = self.day(self.years_ago(4), self.years_ago(0.2))
                    ended, reason = None, ""
                    position = positions[n]
                else:
                    started = self.day(self.years_ago(10), self.years_ago(5))
                    ended, reason = (
                        self.day(started, self.years_ago(4)),
                        self.rng.choice(END_REASONS),
                    )
                    position = self.rng.choice([P.CHAIR, P.SECRETARY, P.MEMBER, P.MEMBER])
                memberships.append(
                    Membership(
                        working_group_id=group,
                        position=position,
                        field="" if position != P.MEMBER else self.rng.choice(FIELDS),
                        institution_id=institution,
                        started_on=started,
                        ended_on=ended,
                        end_reason=reason,
                        is_knowledge_holder=current and self.rng.random() < 0.1,
                    )
                )
        person_ids = self.insert(Person, persons)
        for membership, person in zip(memberships, person_ids, strict=True):
            membership.person_id = person
        membership_ids = self.insert(Membership, memberships)
        self.members = {}  # group → [(membership, person, institution, Membership)]
        for membership, pk, person in zip(memberships, membership_ids, persons, strict=True):
            if membership.ended_on is None:
                self.members.setdefault(membership.working_group_id, []).append(
                    (pk, membership.person_id, membership.institution_id, membership, person)
                )
        for group, members in self.members.items():
            contacts[group] = (members[2][1], members[2][2])  # the secretary
        update_rows(
            WorkingGroup,
            ["contact_person", "contact_institution"],
            [(group, person, institution) for group, (person, institution) in contacts.items()],
        )

    def decrees(self):
        """A decree every two years over ten years in each group, each replacing the one
        before; the current one appoints the current members."""
        rng = self.rng
        first_year = self.today.year - 10
        previous = {}
        latest = {}
        for year in range(first_year, self.today.year, 2):
            decrees, groups = [], []
            for code, group in self.group_ids.items():
                signed = self.day(datetime.date(year, 1, 2), datetime.date(year, 3, 31))
                head = "Gubernur" if code.count(".") == 0 else "Bupati/Wali Kota"
                decrees.append(
                    Decree(
                        working_group_id=group,
                        number=f"{rng.randint(1, 999)}/Kep.{rng.randint(10, 99)}-Bappeda/{year}",
                        title=f"{DECREE_TITLE} {year}",
                        signed_on=signed,
                        signatory=f"{head} {self.region_names[code]}",
                        valid_from=signed,
                        valid_until=datetime.date(year + 1, 12, 31),
                        replaces_id=previous.get(group),
                    )
                )
                groups.append(group)
            ids = self.insert(Decree, decrees)
            previous = dict(zip(groups, ids, strict=True))
            latest = previous
        appointments = []
        for group, decree in latest.items():
            for membership, _person, _institution, m, person in self.members.get(group, []):
                appointments.append(
                    Appointment(
                        decree_id=decree,
                        membership_id=membership,
                        full_name=person.full_name,
                        nip=person.nip,
                        job_title=person.job_title,
                        position=m.position,
                        field=m.field,
                    )
                )
        self.insert(Appointment, appointments)

    def programmes(self):
        """Programmes registered by the groups, each in about ten villages of its region."""
        rng = self.rng
        kinds, sectors = list(Programme.Kind.values), ["air_minum", "sanitasi", "higiene_stbm"]
        statuses = list(Programme.Status.values)
        registrars = [pk for code, pk in self.group_ids.items() if code != "ID"]
        programmes, places, pools = [], [], {}
        for n in range(self.counts["programmes"]):
            group = registrars[n % len(registrars)]
            code = self.group_region[group]
            start = datetime.date(self.today.year - rng.randint(0, 9), rng.randint(1, 12), 1)
            programmes.append(
                Programme(
                    name=f"{rng.choice(PROGRAMMES)} {self.region_names[code]} {n + 1}",
                    kind=rng.choice(kinds),
                    sector=rng.choice(sectors),
                    funder=rng.choice(FUNDERS),
                    implementer=f"Dinas PUPR {self.region_names[code]}",
                    starts_on=start,
                    ends_on=start + datetime.timedelta(days=365 * rng.randint(1, 4)),
                    budget=Decimal(rng.randint(2, 400) * 50_000_000),
                    status=rng.choice(statuses),
                    contact_name=self.name(),
                    registered_by_id=group,
                )
            )
            if code not in pools:
                pools[code] = self.villages.get(code) or [
                    v for c, vs in self.villages.items() if c.startswith(code + ".") for v in vs
                ]
            places.append(pools[code])
        ids = self.insert(Programme, programmes)
        self.programme_ids = ids
        locations, groups = [], []
        for pk, pool, programme in zip(ids, places, programmes, strict=True):
            if pool:
                size = min(len(pool), self.counts["programme_locations"])
                locations += [(pk, village) for village, _name in rng.sample(pool, size)]
            groups.append((pk, programme.registered_by_id))
        self.link(Programme.locations.through, "programme_id", "region_id", locations)
        self.link(Programme.working_groups.through, "programme_id", "workinggroup_id", groups)

    def facilities(self):
        """Built facilities in the villages, each inspected about three times."""
        rng = self.rng
        kinds = list(Facility.Kind.values)
        managers = list(Facility.Manager.values)
        facilities = []
        seen = set(Facility.objects.values_list("village_id", "kind", "name"))
        for n in range(self.counts["facilities"]):
            village, village_name = rng.choice(self.all_villages)
            kind = rng.choice(kinds)
            name = f"{FACILITY_NAMES.get(kind, 'Sarana')} {village_name} {n % 97 + 1}"
            if (village, kind, name) in seen:
                name = f"{name}-{n}"
            seen.add((village, kind, name))
            located = rng.random() < 0.6
            facilities.append(
                Facility(
                    kind=kind,
                    name=name,
                    village_id=village,
                    latitude=Decimal(rng.randint(-1100, 600)) / 100 if located else None,
                    longitude=Decimal(rng.randint(9500, 14100)) / 100 if located else None,
                    year_built=rng.randint(self.today.year - 25, self.today.year),
                    programme_id=rng.choice(self.programme_ids) if rng.random() < 0.3 else None,
                    people_served=rng.randint(50, 5000),
                    households_served=rng.randint(10, 1200),
                    manager_kind=rng.choice(managers),
                    manager_name=f"KPSPAMS {village_name}",
                )
            )
        ids = self.insert(Facility, facilities)
        statuses = ["berfungsi"] * 6 + ["sebagian"] * 3 + ["tidak_berfungsi"]
        inspections = []
        for pk in ids:
            for k in range(self.counts["inspections"]):
                status = rng.choice(statuses)
                inspections.append(
                    Inspection(
                        facility_id=pk,
                        inspected_on=self.years_ago(k + rng.random()),
                        status=status,
                        problem="" if status == "berfungsi" else "Pipa transmisi bocor",
                    )
                )
        self.insert(Inspection, inspections)
        Facility.objects.refresh_status()  # each facility's latest status, as Inspection.save()

    def meetings(self):
        """Meetings of every group over ten years, with participants and a decision each."""
        rng = self.rng
        kinds = list(Meeting.Kind.values)
        groups = list(self.group_ids.values())
        meetings = []
        for n in range(self.counts["meetings"]):
            group = groups[n % len(groups)]
            day = self.day(self.years_ago(10), self.today + datetime.timedelta(days=60))
            starts = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
            past = day < self.today
            meetings.append(
                Meeting(
                    working_group_id=group,
                    kind=rng.choice(kinds),
                    title=rng.choice(MEETINGS),
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=3),
                    place=f"Ruang rapat Bappeda {self.region_names[self.group_region[group]]}",
                    agenda="1. Pembukaan\n2. Capaian indikator\n3. Rencana tindak lanjut",
                    minutes="Rapat menyepakati pembaruan data sarana." if past else "",
                )
            )
        ids = self.insert(Meeting, meetings)
        participants, decisions = [], []
        for pk, meeting in zip(ids, meetings, strict=True):
            members = self.members.get(meeting.working_group_id, [])
            for member in rng.sample(members, min(len(members), self.counts["participants"])):
                participants.append(
                    Participant(
                        meeting_id=pk,
                        person_id=member[1],
                        attendance=rng.choice(list(Participant.Attendance.values)),
                    )
                )
            if meeting.minutes:
                decisions.append(
                    Decision(meeting_id=pk, number=1, text="Data sarana diperbarui bulan depan.")
                )
        self.insert(Participant, participants)
        decision_ids = self.insert(Decision, decisions)
        by_meeting = dict(zip(ids, (m.working_group_id for m in meetings), strict=True))
        self.decisions = {}
        for pk, decision in zip(decision_ids, decisions, strict=True):
            self.decisions.setdefault(by_meeting[decision.meeting_id], []).append(pk)

    def action_items(self):
        rng = self.rng
        groups = list(self.group_ids.values())
        items = []
        for n in range(self.counts["action_items"]):
            group = groups[n % len(groups)]
            members = self.members.get(group)
            due = self.day(self.years_ago(5), self.today + datetime.timedelta(days=120))
            status = "terbuka" if due > self.today or rng.random() < 0.2 else "selesai"
            decisions = self.decisions.get(group)
            items.append(
                ActionItem(
                    working_group_id=group,
                    decision_id=rng.choice(decisions) if decisions and rng.random() < 0.5 else None,
                    title=rng.choice(ACTIONS),
                    owner_person_id=rng.choice(members)[1] if members else None,
                    owner_institution_id=None if members else self.institutions["ID"][0],
                    due_on=due,
                    status=status,
                    closed_on=due if status != "terbuka" else None,
                )
            )
        self.insert(ActionItem, items)

    def library(self):
        rng = self.rng
        groups = list(self.group_ids.values())
        categories = list(Document.Category.values)
        documents = []
        for n in range(self.counts["documents"]):
            group = groups[n % len(groups)]
            year = rng.randint(self.today.year - 10, self.today.year)
            documents.append(
                Document(
                    working_group_id=group,
                    title=f"{rng.choice(DOCUMENTS)} {self.place(group)} {year}",
                    category=rng.choice(categories),
                    description="Dokumen pembanding untuk uji kinerja.",
                    year=year,
                    is_public=rng.random() < 0.7,
                )
            )
        ids = self.insert(Document, documents)
        versions = [
            DocumentVersion(
                document_id=pk,
                number=1,
                file=f"library/bench/{pk}.pdf",
                filename=f"dokumen-{pk}.pdf",
                size=rng.randint(50_000, 5_000_000),
            )
            for pk in ids
        ]
        self.insert(DocumentVersion, versions)

    def news(self):
        rng = self.rng
        groups = list(self.group_ids.values())
        posts = []
        for n in range(self.counts["posts"]):
            group = groups[n % len(groups)]
            place = self.region_names[self.group_region[group]]
            published = self.now - datetime.timedelta(days=rng.randrange(3650))
            posts.append(
                Post(
                    working_group_id=group,
                    kind=rng.choice(list(Post.Kind.values)),
                    title=rng.choice(NEWS).format(place),
                    summary=f"Kabar dari Pokja {place}.",
                    body=f"Kegiatan Pokja {place} berjalan lancar.\n\n* Air minum\n* Sanitasi",
                    published_at=published if rng.random() < 0.95 else None,
                )
            )
        self.insert(Post, posts)

    def values(self):
        """Twenty indicators over ten years for every kabupaten/kota, and five over five
        years for every village (verified; the triggers fill the summaries)."""
        indicators = list(Indicator.objects.order_by("order", "code"))
        for n in range(len(indicators) + 1, REGENCY_INDICATORS + 1):
            indicators.append(
                Indicator.objects.create(
                    code=f"bench-{n:02d}",
                    name_id=f"Indikator uji {n}",
                    name_en=f"Benchmark indicator {n}",
                    unit=Indicator.Unit.PERCENT,
                    sector=Indicator.Sector.WATER,
                    aggregation=Indicator.Aggregation.RATIO,
                    numerator_label="rumah tangga dengan akses",
                    denominator_label="seluruh rumah tangga",
                    source="Benchmark",
                    default_source=Source.STBM,
                    order=n,
                )
            )
        regency_indicators = indicators[:REGENCY_INDICATORS]
        ratios = [i for i in indicators if i.aggregation == Indicator.Aggregation.RATIO]
        village_indicators = sorted(ratios, key=lambda i: (not i.is_key, i.order))[
            :VILLAGE_INDICATORS
        ]
        last = self.today.year - 1
        regencies = [(r.pk, None) for r in self.regencies]
        plan = [
            (i, year, regencies)
            for i in regency_indicators
            for year in range(last - REGENCY_YEARS + 1, last + 1)
        ] + [
            (i, year, self.all_villages)
            for i in village_indicators
            for year in range(last - VILLAGE_YEARS + 1, last + 1)
        ]
        names = [
            "indicator", "region", "year", "period", "source", "method", "value", "numerator",
            "denominator", "note", "status", "created", "updated", "verified",
        ]  # fmt: skip
        total = 0
        for indicator, year, regions in plan:
            level = Region.Level.REGENCY if regions is regencies else Region.Level.VILLAGE
            if DataValue.objects.filter(
                indicator=indicator, year=year, region__level=level
            ).exists():
                continue  # --force on a database that has them
            ratio = indicator.aggregation == Indicator.Aggregation.RATIO
            rows = []
            for region, _name in regions:
                denominator = self.rng.randint(80, 4000) * (40 if _name is None else 1)
                numerator = self.rng.randint(denominator // 3, denominator)
                rows.append(
                    (
                        indicator.pk,
                        region,
                        year,
                        Period.YEAR,
                        indicator.default_source,
                        indicator.default_method,
                        indicator.ratio(numerator, denominator) if ratio else numerator,
                        numerator if ratio else None,
                        denominator if ratio else None,
                        "",
                        DataValue.Status.VERIFIED,
                        self.now,
                        self.now,
                        self.now,
                    )
                )
            insert_rows(DataValue, names, rows)
            total += len(rows)
        self.result.counts[DataValue._meta.label] = total

    def search_index(self):
        """The search index of the posts and documents (bulk inserts send no signals)."""
        for kind, count in rebuild().items():
            self.result.counts[f"search entries: {kind}"] = count
