"""Demo formation and equivalent forum: Kabupaten Sumba Timur halfway through the four steps,
Kabupaten Garut's Pokja PPAS registered as its working group with this year's decree."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sinergi.decrees.models import Decree
from sinergi.formation.actions import do_register_forum, do_start_formation
from sinergi.formation.models import FormationStep, Stakeholder
from sinergi.pokja.demo import DEMO_DOMAIN
from sinergi.pokja.models import Institution, WorkingGroup
from sinergi.regions.models import Region

C, L = Institution.CoreRole, Stakeholder.Level

FORMATION_REGION = "53.11"
LEAD = ("Badan Perencanaan Pembangunan Daerah Kabupaten Sumba Timur", "Bappeda Sumba Timur")
# (institution name or None, free name, category, core function, interest, influence, notes)
STAKEHOLDERS = [
    (
        "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Sumba Timur",
        "",
        "opd",
        C.PUBLIC_WORKS,
        L.HIGH,
        L.HIGH,
        "Pengelola DAK air minum dan sanitasi; membangun SPAM perdesaan.",
    ),
    (
        "Dinas Kesehatan Kabupaten Sumba Timur",
        "",
        "opd",
        C.HEALTH,
        L.HIGH,
        L.HIGH,
        "Memimpin STBM; sanitarian puskesmas memegang data akses jamban per desa.",
    ),
    (
        "Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Sumba Timur",
        "",
        "opd",
        C.VILLAGE_EMPOWERMENT,
        L.HIGH,
        L.MEDIUM,
        "Mendampingi desa memakai Dana Desa untuk air bersih.",
    ),
    (
        "Dinas Lingkungan Hidup Kabupaten Sumba Timur",
        "",
        "opd",
        C.ENVIRONMENT,
        L.MEDIUM,
        L.MEDIUM,
        "Perlindungan mata air di daerah tangkapan Kambaniru.",
    ),
    (
        "DPRD Kabupaten Sumba Timur",
        "",
        "dprd",
        "",
        L.LOW,
        L.HIGH,
        "Menentukan anggaran; belum banyak terlibat, perlu advokasi melalui komisi terkait.",
    ),
    (
        "Universitas Kristen Wira Wacana Sumba",
        "",
        "perguruan_tinggi",
        C.UNIVERSITY,
        L.MEDIUM,
        L.LOW,
        "Bersedia membantu pendataan dan kajian kualitas air.",
    ),
    (
        None,
        "Forum KPSPAMS Kabupaten Sumba Timur",
        "",
        "",
        L.HIGH,
        L.LOW,
        "Kelompok pengelola SPAM desa; menyuarakan kebutuhan perawatan sarana.",
    ),
]
# Step number → (days after the start it began, days after the start it was done or None,
# notes); fields of the formation per step in STEP_FIELDS.
STEPS = {
    1: (
        0,
        24,
        "Pemetaan pemangku kepentingan melalui wawancara dan diskusi kelompok terarah dengan tujuh lembaga. DPRD berpengaruh besar pada anggaran tetapi belum banyak terlibat.",
    ),
    2: (
        28,
        46,
        "Rapat orientasi di aula Bappeda, Waingapu, dihadiri 23 peserta dari 11 lembaga. Semua peserta sepakat membentuk Pokja AMPL; berita acara kesepakatan ditandatangani Sekretaris Daerah.",
    ),
    3: (
        52,
        None,
        "Draf struktur dibahas bersama Bagian Hukum Setda; menunggu nama wakil dari setiap OPD.",
    ),
}
STEP_FIELDS = {
    2: {"orientation_meeting_on": 45},
    3: {
        "structure": "Pokja AMPL diketuai Kepala Bappeda dengan sekretaris dari Bidang Infrastruktur dan Kewilayahan, dan empat bidang: air minum, sanitasi, higiene/STBM, serta data dan monev.",
        "positions": "Ketua: Kepala Bappeda. Sekretaris: Kepala Bidang Infrastruktur dan Kewilayahan. Koordinator bidang: Dinas PUPR (air minum dan sanitasi), Dinas Kesehatan (higiene/STBM), Bappeda (data dan monev).",
    },
}
# Days between the start of the formation and today.
STARTED_DAYS_AGO = 120

FORUM_REGION = "32.05"
FORUM = {
    "kind": WorkingGroup.Kind.PPAS,
    "name": "Pokja PPAS Kabupaten Garut",
    "formed_on": datetime.date(2019, 3, 11),
    "secretariat_address": "Bappeda Kabupaten Garut, Jl. Pembangunan, Tarogong Kidul, Garut",
    "contact_institution": "Badan Perencanaan Pembangunan Daerah Kabupaten Garut",
}


def _demo_user(local):
    return get_user_model().objects.filter(email=f"{local}@{DEMO_DOMAIN}").first()


def _start_formation(region):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=STARTED_DAYS_AGO)
    lead, _ = Institution.objects.get_or_create(
        name=LEAD[0],
        region=region,
        defaults={"acronym": LEAD[1], "category": "bappeda", "core_role": C.PLANNING},
    )
    formation = do_start_formation(region, lead, start, _demo_user("ntt"))
    for name, free_name, category, core_role, interest, influence, notes in STAKEHOLDERS:
        institution = None
        if name:
            institution, _ = Institution.objects.get_or_create(
                name=name,
                region=region,
                defaults={"category": category, "core_role": core_role},
            )
        Stakeholder.objects.create(
            formation=formation,
            institution=institution,
            name=free_name,
            interest=interest,
            influence=influence,
            notes=notes,
        )
    for step in formation.steps.filter(number__in=STEPS):
        began, done, notes = STEPS[step.number]
        step.started_on = start + datetime.timedelta(days=began)
        step.done_on = start + datetime.timedelta(days=done) if done is not None else None
        step.status = (
            FormationStep.Status.DONE if done is not None else FormationStep.Status.IN_PROGRESS
        )
        step.notes = notes
        step.save(update_fields=["started_on", "done_on", "status", "notes"])
    for fields in STEP_FIELDS.values():
        for field, value in fields.items():
            if isinstance(value, int):
                value = start + datetime.timedelta(days=value)
            setattr(formation, field, value)
    formation.save(update_fields=[f for fields in STEP_FIELDS.values() for f in fields])
    return formation.working_group


def _register_forum(region):
    year = timezone.localdate().year
    decree = Decree(
        number=f"100.3.3.2/Kep.58-Bappeda/{year}",
        title=f"Pembentukan {FORUM['name']}",
        signatory="Bupati Garut",
        signed_on=datetime.date(year, 1, 20),
        valid_from=datetime.date(year, 1, 1),
        valid_until=datetime.date(year, 12, 31),
    )
    return do_register_forum(region, decree=decree, actor=_demo_user("jabar"), **FORUM)


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo formation and forum where their regions have no working group yet."""
    created = {"formations": 0, "forums": 0}
    regions = Region.objects.in_bulk([FORMATION_REGION, FORUM_REGION], field_name="code")
    taken = set(
        WorkingGroup.objects.filter(region__code__in=regions).values_list("region__code", flat=True)
    )
    for code, create, key in (
        (FORMATION_REGION, _start_formation, "formations"),
        (FORUM_REGION, _register_forum, "forums"),
    ):
        if code in regions and code not in taken:
            group = create(regions[code])
            group.is_demo = True
            group.save(update_fields=["is_demo"])
            created[key] += 1
    return created
