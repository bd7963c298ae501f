"""Demo meetings, decisions and action items of Kabupaten Bandung, Jawa Barat and Kabupaten
Kupang. Dates are relative to the day `load_demo` runs, so the demo always has coming meetings
and a mix of items done on time, done late, open and overdue. Meetings are keyed on their
title: a coming meeting's title names its month, so a later run adds the next ones and a
second run on the same day adds nothing."""

import datetime

from django.db import transaction
from django.utils import formats, timezone, translation

from sinergi.meetings.models import ActionItem, Decision, Meeting, Participant
from sinergi.monitoring.models import Indicator
from sinergi.planning.models import Activity
from sinergi.pokja.models import Institution, Membership, Person, WorkingGroup
from sinergi.programmes.models import Programme

K, A, S = Meeting.Kind, Participant.Attendance, ActionItem.Status

# Who did not come, by the start of their name; everyone else in the roster came.
EXCUSED, ABSENT = "excused", "absent"

# Per region code: past meetings (days before today, kind, title, place, agenda, minutes,
# {name start: excused/absent}, guests, decisions), each decision (text, items), each item
# (title, owner: a person's name start or an institution acronym, due in days from today,
# outcome: None while open or (status, closed in days from today, note), links).
MEETINGS = {
    "32.04": [
        (
            -75,
            K.COORDINATION,
            "Rapat koordinasi Pokja AMPL: evaluasi STBM dan rencana verifikasi ODF",
            "Ruang rapat Bappeda lantai 2, Soreang",
            "1. Laporan capaian STBM per kecamatan\n2. Rencana verifikasi desa ODF\n"
            "3. Dukungan program SANIMAS",
            "## Pembukaan\n\nRapat dibuka pukul 09.15 oleh Ketua Pokja AMPL, "
            "**Drs. H. Ujang Saepudin, M.Si.**\n\n"
            "## Pembahasan\n\n"
            "- Dinas Kesehatan melaporkan 9 desa siap diverifikasi ODF, 4 di antaranya di "
            "Kecamatan Cileunyi.\n"
            "- DPMD mengusulkan Dana Desa untuk jamban sehat di desa yang belum ODF.\n"
            "- Pelaksanaan SANIMAS di Cinunuk perlu dikoordinasikan dengan program CSR agar "
            "tidak tumpang tindih.\n\n"
            "## Penutup\n\nRapat ditutup pukul 12.00. Notulen ini dibuat untuk data demo "
            "(fiktif).",
            {"Neneng": EXCUSED, "Hj. Euis": ABSENT},
            [("Ir. Lina Marlina", "Puskesmas Cileunyi (fiktif)")],
            [
                (
                    "Verifikasi ODF dilakukan di 9 desa paling lambat dua bulan setelah rapat.",
                    [
                        (
                            "Susun jadwal dan tim verifikasi ODF 9 desa",
                            "Siti Rahmawati",
                            -50,
                            (S.DONE, -55, "Jadwal ditetapkan dengan SK Kepala Dinas Kesehatan."),
                            {"activity": "Pemicuan STBM", "indicator": "stbm-odf"},
                        ),
                        (
                            "Laporkan hasil verifikasi ODF ke Pokja",
                            "Dinkes Kab. Bandung",
                            -20,
                            (
                                S.DONE,
                                -12,
                                "Laporan masuk terlambat karena cuaca; 7 dari 9 "
                                "desa lulus verifikasi.",
                            ),
                            {"indicator": "stbm-odf"},
                        ),
                    ],
                ),
                (
                    "SANIMAS dan program CSR di Cinunuk dibagi per RW agar tidak tumpang tindih.",
                    [
                        (
                            "Petakan pembagian RW antara SANIMAS dan CSR di Cinunuk",
                            "Ir. Dadang Suherman",
                            -40,
                            (S.DONE, -41, "Peta pembagian RW disepakati kedua pelaksana."),
                            {"programme": "SANIMAS Cinunuk"},
                        ),
                    ],
                ),
            ],
        ),
        (
            -30,
            K.PLANNING,
            "Rapat penyusunan usulan DAK air minum dan sanitasi",
            "Ruang rapat Bappeda lantai 2, Soreang",
            "1. Daftar usulan DAK air minum\n2. Kesiapan lahan IPAL komunal",
            "Rapat membahas usulan DAK tahun depan. Disperkimtan menyampaikan **12 usulan "
            "lokasi SPAM perdesaan**; tiga di antaranya belum memiliki kepastian lahan.\n\n"
            "Catatan: data demo (fiktif).",
            {"Gilang": EXCUSED},
            [],
            [
                (
                    "Usulan DAK hanya untuk lokasi yang lahannya sudah pasti.",
                    [
                        (
                            "Kumpulkan surat hibah lahan dari desa calon lokasi SPAM",
                            "Disperkimtan",
                            -6,
                            None,
                            {"activity": "Pembangunan SPAM"},
                        ),
                        (
                            "Perbarui data akses air minum per desa untuk lampiran usulan",
                            "Gilang Permana",
                            -3,
                            None,
                            {"indicator": "am-layak"},
                        ),
                    ],
                ),
                (
                    "Sosialisasi STBM di sekolah ditunda ke tahun depan.",
                    [
                        (
                            "Siapkan materi sosialisasi STBM untuk sekolah",
                            "Hj. Euis",
                            -15,
                            (
                                S.DROPPED,
                                -14,
                                "Ditunda sesuai keputusan rapat; masuk rencana kerja tahun depan.",
                            ),
                            {},
                        ),
                    ],
                ),
            ],
        ),
    ],
    "32": [
        (
            -40,
            K.COORDINATION,
            "Rapat koordinasi Pokja AMPL Provinsi dengan kabupaten/kota",
            "Gedung Sate, Bandung",
            "1. Status SK Pokja kabupaten/kota\n2. Dukungan provinsi untuk Renstra AMPL",
            "Provinsi meminta setiap kabupaten/kota memperbarui SK Pokja sebelum akhir tahun. "
            "Data demo (fiktif).",
            {},
            [("Andri Firmansyah, S.T.", "Pokja Sanitasi Kota Bandung")],
            [
                (
                    "Provinsi mengirim surat edaran pembaruan SK Pokja ke kabupaten/kota.",
                    [
                        (
                            "Kirim surat edaran pembaruan SK Pokja",
                            "Bappeda Jabar",
                            -25,
                            (S.DONE, -28, "Surat edaran terkirim ke 27 kabupaten/kota."),
                            {},
                        ),
                    ],
                ),
            ],
        ),
    ],
    "53.01": [
        (
            -20,
            K.MONITORING_VISIT,
            "Kunjungan monev SPAM perdesaan di Kecamatan Kupang Timur",
            "Kecamatan Kupang Timur",
            "Pemeriksaan fungsi SPAM dan pertemuan dengan KPSPAMS",
            "Dua dari lima SPAM tidak berfungsi karena pompa rusak. KPSPAMS belum memungut "
            "iuran secara rutin. Data demo (fiktif).",
            {},
            [("Bapak Yosef Seran", "KPSPAMS Oelnasi (fiktif)")],
            [
                (
                    "Dinas PUPR memperbaiki pompa dua SPAM yang rusak.",
                    [
                        (
                            "Anggarkan perbaikan pompa SPAM",
                            "Dinas PUPR Kab. Kupang",
                            -2,
                            None,
                            {},
                        ),
                        (
                            "Dampingi KPSPAMS menyusun aturan iuran",
                            "Markus Lakapu",
                            25,
                            None,
                            {},
                        ),
                    ],
                ),
            ],
        ),
    ],
}

# Coming meetings: (region code, days after today, kind, title before the month, place, link).
COMING = [
    (
        "32.04",
        10,
        K.COORDINATION,
        "Rapat pleno Pokja AMPL",
        "Ruang rapat Bappeda lantai 2, Soreang",
        "",
    ),
    (
        "32.04",
        24,
        K.SOCIALISATION,
        "Sosialisasi STBM bagi kepala desa",
        "Aula Kecamatan Cileunyi",
        "https://meet.example.org/sosialisasi-stbm-demo",
    ),
    ("53.01", 15, K.COORDINATION, "Rapat koordinasi Pokja AMPL", "Bappeda Kabupaten Kupang", ""),
]

# Free-standing items of the member login (Siti Rahmawati, Kabupaten Bandung).
FREE_ITEMS = [
    (
        "32.04",
        "Kirim rekap data STBM triwulan ke Dinas Kesehatan Provinsi",
        "Siti Rahmawati",
        14,
        {"indicator": "stbm-odf"},
    ),
]


def _day(days) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _moment(days, hour=9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(_day(days), datetime.time(hour)))


class _Owners:
    """People of a group's roster today and institutions by acronym, read once per group."""

    def __init__(self, group):
        self.people = list(
            Person.objects.filter(
                pk__in=Membership.objects.filter(working_group=group).current().values("person")
            ).order_by("full_name")
        )
        institutions = Institution.objects.filter(region=group.region_id).exclude(acronym="")
        self.institutions = {i.acronym: i for i in institutions}

    def person(self, start):
        return next((p for p in self.people if p.full_name.startswith(start)), None)

    def owner(self, name):
        """(person, institution) for a name start or an acronym; None when neither exists."""
        person = self.person(name)
        if person is not None:
            return person, None
        institution = self.institutions.get(name)
        return (None, institution) if institution else None


def _links(group, links) -> dict:
    found = {}
    if "activity" in links:
        found["activity"] = (
            Activity.objects.filter(
                work_plan__working_group=group, name__startswith=links["activity"]
            )
            .order_by("-work_plan__year")
            .first()
        )
    if "programme" in links:
        found["programme"] = Programme.objects.filter(
            registered_by=group, name__startswith=links["programme"]
        ).first()
    if "indicator" in links:
        found["indicator"] = Indicator.objects.filter(code=links["indicator"]).first()
    return found


def _item(group, owners, decision, row) -> bool:
    title, owner, due_days, outcome, links = row
    who = owners.owner(owner)
    if who is None or ActionItem.objects.filter(working_group=group, title=title).exists():
        return False
    person, institution = who
    status, closed_on, note = S.OPEN, None, ""
    if outcome is not None:
        status, closed_days, note = outcome
        closed_on = _day(closed_days)
    ActionItem.objects.create(
        working_group=group,
        decision=decision,
        title=title,
        owner_person=person,
        owner_institution=institution,
        due_on=_day(due_days),
        status=status,
        closed_on=closed_on,
        closing_note=note,
        **_links(group, links),
    )
    return True


def _past_meeting(group, owners, row, created):
    days, kind, title, place, agenda, minutes, missing, guests, decisions = row
    meeting, new = Meeting.objects.get_or_create(
        working_group=group,
        title=title,
        defaults={
            "kind": kind,
            "starts_at": _moment(days),
            "ends_at": _moment(days, 12),
            "place": place,
            "agenda": agenda,
            "minutes": minutes,
        },
    )
    if not new:
        return
    created["meetings"] += 1
    participants = []
    for person in owners.people:
        state = next((v for k, v in missing.items() if person.full_name.startswith(k)), None)
        attendance = {EXCUSED: A.EXCUSED, ABSENT: A.ABSENT}.get(state, A.PRESENT)
        participants.append(Participant(meeting=meeting, person=person, attendance=attendance))
    participants += [
        Participant(meeting=meeting, guest_name=name, guest_institution=inst, attendance=A.PRESENT)
        for name, inst in guests
    ]
    Participant.objects.bulk_create(participants)
    for number, (text, items) in enumerate(decisions, start=1):
        decision = Decision.objects.create(meeting=meeting, number=number, text=text)
        for item in items:
            created["action_items"] += _item(group, owners, decision, item)


def _coming_title(title, days) -> str:
    with translation.override("id"):
        return f"{title} {formats.date_format(_day(days), 'F Y')}"


@transaction.atomic
def load_demo() -> dict[str, int]:
    created = {"meetings": 0, "action_items": 0}
    codes = {*MEETINGS, *(row[0] for row in COMING), *(row[0] for row in FREE_ITEMS)}
    groups = {
        g.code: g
        for g in WorkingGroup.objects.filter(region__code__in=codes, is_demo=True).select_related(
            "region"
        )
    }
    owners = {code: _Owners(group) for code, group in groups.items()}
    for code, rows in MEETINGS.items():
        if code in groups:
            for row in rows:
                _past_meeting(groups[code], owners[code], row, created)
    for code, days, kind, title, place, link in COMING:
        if code not in groups:
            continue
        group = groups[code]
        meeting, new = Meeting.objects.get_or_create(
            working_group=group,
            title=_coming_title(title, days),
            defaults={
                "kind": kind,
                "starts_at": _moment(days),
                "ends_at": _moment(days, 12),
                "place": place,
                "online_link": link,
                "agenda": "1. Pembukaan\n2. Tindak lanjut keputusan rapat sebelumnya\n3. Lain-lain",
            },
        )
        if new:
            created["meetings"] += 1
            Participant.objects.bulk_create(
                Participant(meeting=meeting, person=person) for person in owners[code].people
            )
    for code, title, owner, due_days, links in FREE_ITEMS:
        if code in groups:
            row = (title, owner, due_days, None, links)
            created["action_items"] += _item(groups[code], owners[code], None, row)
    return created
