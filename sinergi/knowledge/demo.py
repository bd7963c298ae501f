"""Demo knowledge articles of Pokja AMPL Kabupaten Bandung: how things are done there, contacts
and lessons learned, kept by the group's knowledge holder. Names and numbers are fictional."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from sinergi.knowledge.models import Article, Tag
from sinergi.pokja.models import Institution, Membership, WorkingGroup

GROUP = "32.04"
AUTHOR = "anggota.kabbandung@demo.sinergi.test"
K = Article.Kind

# (title, kind, public, tags, body)
ARTICLES = [
    (
        "Cara mengajukan usulan sanitasi lewat musrenbang",
        K.HOW_TO,
        True,
        ["musrenbang", "sanitasi", "perencanaan"],
        "Usulan sanitasi paling mudah masuk APBD bila sudah muncul sejak musrenbang desa.\n\n"
        "## Langkahnya\n\n"
        "1. **Desember–Januari**: desa menyusun usulan dalam musrenbang desa. Sertakan data "
        "akses sanitasi desa dari Sinergi (menu Data) dan daftar rumah tangga tanpa jamban dari "
        "puskesmas.\n"
        "2. **Februari**: usulan dibawa ke musrenbang kecamatan. Minta sanitarian puskesmas "
        "hadir untuk menjelaskan prioritas.\n"
        "3. **Maret**: forum perangkat daerah. Pokja memastikan usulan masuk rencana kerja "
        "Disperkimtan (sarana) atau Dinas Kesehatan (pemicuan dan promosi).\n"
        "4. **April**: musrenbang kabupaten. Sekretariat Pokja mencatat usulan yang lolos "
        "sebagai kegiatan di rencana kerja tahunan Pokja.\n\n"
        "## Yang sering terlupa\n\n"
        "* Usulan tanpa lokasi (nama kampung/RW) dan jumlah rumah tangga biasanya dicoret.\n"
        "* Usulan sarana harus menyebut siapa yang akan mengelolanya setelah dibangun.",
    ),
    (
        "Kontak di Perumda Air Minum Tirta Raharja",
        K.CONTACTS,
        False,
        ["PDAM", "air minum", "kontak"],
        "Kontak yang terbukti membantu Pokja (data fiktif untuk demo).\n\n"
        "| Keperluan | Bagian | Nama | Telepon |\n"
        "|---|---|---|---|\n"
        "| Data sambungan rumah per kecamatan | Bagian Perencanaan Teknik | Bapak Yayan "
        "Suryana | 0812-0000-1101 |\n"
        "| Rencana perluasan jaringan | Bidang Pengembangan | Ibu Rini Andriani | "
        "0812-0000-1102 |\n"
        "| Pengaduan layanan dari desa | Hubungan Pelanggan | Call center | 022-000-0000 |\n\n"
        "Surat resmi ditujukan kepada Direktur Utama dengan tembusan ke Bagian Perencanaan "
        "Teknik. Data per kecamatan biasanya keluar dalam dua minggu bila diminta lewat surat "
        "Kepala Bappeda.",
    ),
    (
        "Pelajaran dari pemicuan STBM di Kecamatan Cileunyi",
        K.LESSON,
        True,
        ["STBM", "pemicuan", "sanitasi"],
        "Pemicuan di Cileunyi berhasil di sebagian RW dan gagal di RW lain. Yang kami pelajari:"
        "\n\n"
        "* **Pemicuan sekali tidak cukup.** RW yang dikunjungi ulang dalam 2–4 minggu jauh lebih "
        "sering membangun jamban.\n"
        "* **Tokoh lokal lebih didengar.** Ketua RW dan kader PKK yang ikut memicu membuat warga "
        "merasa itu gerakan mereka sendiri.\n"
        "* **Jangan menjanjikan bantuan jamban.** Di RW yang mendengar kabar bantuan, warga "
        "menunggu dan tidak membangun sendiri.\n"
        "* **Arisan jamban** membantu keluarga yang tidak sanggup membayar sekaligus.\n\n"
        "Verifikasi ODF sebaiknya dilakukan tim dari luar desa agar hasilnya dipercaya.",
    ),
    (
        "Alur pembaruan SK Pokja di Bagian Hukum Setda",
        K.HOW_TO,
        False,
        ["SK", "kelembagaan"],
        "SK Pokja berlaku satu tahun. Pembaruannya memakan waktu sekitar enam minggu, jadi "
        "mulailah pada bulan Oktober.\n\n"
        "1. Sekretariat menyiapkan draf SK dari Sinergi dengan daftar anggota terbaru.\n"
        "2. Draf dikirim ke Bagian Hukum Setda dengan nota dinas Kepala Bappeda.\n"
        "3. Bagian Hukum memeriksa konsiderans dan lampiran (sekitar dua minggu).\n"
        "4. Paraf koordinasi: Kepala Bappeda, Asisten Perekonomian dan Pembangunan, Sekda.\n"
        "5. Penandatanganan oleh Bupati; salinan dicatat di Sinergi bersama pindaian SK.\n\n"
        "Tip: lampirkan daftar anggota yang sudah dicek setiap dinas, karena perubahan nama "
        "pejabat paling sering membuat draf dikembalikan.",
    ),
    (
        "Data akses sanitasi desa: sumber dan jadwal pembaruan",
        K.HOW_TO,
        False,
        ["data", "STBM", "monev"],
        "Angka akses sanitasi desa di Sinergi berasal dari dua sumber:\n\n"
        "* **Sistem Monitoring STBM** (Dinas Kesehatan): diperbarui bulanan oleh sanitarian "
        "puskesmas; dipakai untuk status ODF desa.\n"
        "* **Susenas** (BPS): angka kabupaten tahunan; tidak tersedia per desa.\n\n"
        "Operator data Pokja mengunduh rekap STBM setiap awal triwulan dan mengunggahnya lewat "
        "templat XLSX. Angka yang belum diverifikasi tetap berstatus draf dan tidak tampil di "
        "halaman publik.",
    ),
    (
        "Pelajaran dari IPAL komunal yang berhenti berfungsi",
        K.LESSON,
        True,
        ["IPAL", "sarana", "keberlanjutan"],
        "Dua IPAL komunal yang dibangun lewat program dari luar daerah berhenti berfungsi "
        "dalam tiga tahun. Penyebabnya bukan teknis semata:\n\n"
        "* KSM pengelola tidak pernah menarik iuran, sehingga tidak ada dana perbaikan.\n"
        "* Tidak ada yang ditugasi memeriksa bak kontrol secara rutin.\n"
        "* Sambungan rumah lebih sedikit dari rencana karena warga tidak dilibatkan sejak awal."
        "\n\n"
        "Sejak itu Pokja meminta setiap usulan sarana menyebut pengelola, iuran, dan jadwal "
        "pemeriksaan sebelum program diterima.",
    ),
]


def _steward(group):
    """The group's current knowledge holder, a university member first if there is one."""
    return (
        Membership.objects.filter(working_group=group, is_knowledge_holder=True)
        .active_on(timezone.localdate())
        .annotate(
            university=Case(
                When(institution__category=Institution.Category.UNIVERSITY, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("university", "started_on", "pk")
        .first()
    )


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo articles of Kabupaten Bandung; an article already there is left alone."""
    group = WorkingGroup.objects.filter(region__code=GROUP).first()
    if group is None:
        return {"knowledge articles": 0}
    existing = set(Article.objects.filter(working_group=group).values_list("title", flat=True))
    steward = _steward(group)
    author = get_user_model().objects.filter(email=AUTHOR).first()
    created = 0
    for title, kind, public, tags, body in ARTICLES:
        if title in existing:
            continue
        article = Article.objects.create(
            working_group=group,
            title=title,
            kind=kind,
            body=body,
            is_public=public,
            steward=steward,
            author=author,
        )
        article.tags.set([Tag.objects.get_or_create(name=name)[0] for name in tags])
        created += 1
    return {"knowledge articles": created}
