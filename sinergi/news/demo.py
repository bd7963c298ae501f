"""Demo news and advocacy posts of the national secretariat and the demo working groups, each
with a small illustration drawn with Pillow at load time (no external file). Fictional."""

import datetime
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from sinergi.news.models import Post
from sinergi.pokja.models import WorkingGroup

N, A = Post.Kind.NEWS, Post.Kind.ADVOCACY

# (region code, kind, days ago published (None: draft), title, summary, body, colours of the
# illustration (sky, ground, accent), description of the illustration)
POSTS = [
    (
        "ID",
        N,
        3,
        "Rapat koordinasi nasional Pokja AMPL 2026 menyepakati percepatan air minum aman",
        "Sekretariat Pokja AMPL Nasional mengundang 38 Pokja provinsi untuk menyelaraskan "
        "target air minum aman dan sanitasi aman dalam RPJMD yang sedang disusun.",
        "Rapat koordinasi nasional tahun ini berlangsung dua hari di Jakarta dan diikuti "
        "perwakilan Pokja AMPL dari 38 provinsi.\n\n"
        "## Kesepakatan utama\n\n"
        "* Setiap provinsi memetakan kabupaten/kota yang SK Pokja-nya sudah kedaluwarsa dan "
        "mendampingi pembaruannya sebelum akhir triwulan II.\n"
        "* Data akses air minum dan sanitasi tingkat kabupaten/kota diverifikasi di Sinergi "
        "paling lambat Juni, agar angka nasional tidak lagi dihitung dari rata-rata persentase.\n"
        "* Program dari luar daerah dicatat di register program agar tumpang tindih lokasi "
        "terlihat sejak awal.\n\n"
        "Materi rapat tersedia di Pustaka Sinergi.",
        ((11, 94, 138), (232, 241, 247), (255, 191, 71)),
        "Ilustrasi: lingkaran kuning di atas bidang biru tua dan biru muda, lambang rapat "
        "koordinasi nasional.",
    ),
    (
        "ID",
        A,
        12,
        "Mengapa SK Pokja harus diperbarui setiap tahun",
        "SK Gubernur, Bupati, atau Wali Kota adalah dasar dukungan politik dan anggaran "
        "operasional Pokja. Tanpa SK yang berlaku, Pokja sulit bergerak.",
        "Banyak Pokja AMPL tetap aktif secara informal walaupun SK-nya sudah habis masa "
        "berlaku. Masalahnya, tanpa SK yang berlaku:\n\n"
        "1. anggaran operasional sekretariat tidak dapat dicairkan;\n"
        "2. anggota dari dinas kesulitan mendapat penugasan resmi;\n"
        "3. program dari luar daerah tidak punya pintu masuk yang sah.\n\n"
        "Sinergi mengingatkan sekretariat 60 hari sebelum SK berakhir dan menyediakan draf SK "
        "yang dapat diunduh dan disesuaikan.",
        ((30, 107, 52), (228, 243, 232), (11, 94, 138)),
        "Ilustrasi: dokumen bergaris biru di atas latar hijau, lambang surat keputusan.",
    ),
    (
        "32",
        N,
        6,
        "Jawa Barat dampingi 12 kabupaten/kota memperbarui SK Pokja",
        "Pokja AMPL Provinsi Jawa Barat membuka klinik SK bagi kabupaten/kota yang SK Pokja-nya "
        "berakhir tahun ini.",
        "Klinik SK diadakan di Bappeda Provinsi Jawa Barat setiap Selasa selama bulan ini. "
        "Sekretariat kabupaten/kota membawa SK lama dan daftar anggota terbaru; draf SK baru "
        "disusun langsung dari Sinergi.\n\n"
        "Kabupaten/kota yang belum memiliki Pokja dapat berkonsultasi tentang empat langkah "
        "pembentukan.",
        ((8, 69, 102), (243, 246, 248), (164, 38, 44)),
        "Ilustrasi: peta sederhana berwarna biru dengan titik merah, lambang kabupaten/kota "
        "di Jawa Barat.",
    ),
    (
        "32.04",
        N,
        2,
        "Desa Cinunuk dideklarasikan Stop Buang Air Besar Sembarangan",
        "Setelah pemicuan STBM sejak tahun lalu, seluruh RW di Desa Cinunuk, Kecamatan "
        "Cileunyi, kini bebas dari buang air besar sembarangan.",
        "Deklarasi disaksikan Camat Cileunyi, Puskesmas Cileunyi, dan Pokja AMPL Kabupaten "
        "Bandung. Verifikasi dilakukan tim kabupaten bersama sanitarian puskesmas.\n\n"
        "Kunci keberhasilannya adalah pemicuan ulang di RW yang sempat tertinggal dan arisan "
        "jamban yang digerakkan kader PKK.\n\n"
        "Pokja akan memantau agar desa tidak kembali ke kebiasaan lama.",
        ((65, 182, 196), (161, 218, 180), (37, 52, 148)),
        "Ilustrasi: bukit hijau di bawah langit biru muda dengan tetesan air biru tua.",
    ),
    (
        "32.04",
        A,
        9,
        "Usulan sanitasi masuk musrenbang: ajakan bagi desa",
        "Pokja AMPL Kabupaten Bandung mengajak pemerintah desa mengusulkan kegiatan sanitasi "
        "melalui musrenbang desa dan kecamatan.",
        "Usulan sanitasi yang lolos musrenbang kecamatan lebih mudah masuk rencana kerja "
        "perangkat daerah. Pokja menyediakan contoh usulan, data akses sanitasi desa, dan "
        "pendampingan dari Dinas Kesehatan serta DPMD.\n\n"
        "Hubungi sekretariat Pokja di Bappeda Kabupaten Bandung.",
        ((253, 174, 97), (255, 255, 204), (44, 127, 184)),
        "Ilustrasi: tiga batang grafik biru di atas latar kuning muda, lambang usulan yang "
        "bertambah.",
    ),
    (
        "32.04",
        N,
        None,
        "Draf: hasil uji kualitas air SPAM perdesaan triwulan I",
        "Ringkasan hasil uji kualitas air dari Dinas Kesehatan, belum diterbitkan.",
        "Draf ini menunggu konfirmasi angka dari laboratorium kesehatan daerah.",
        ((84, 84, 84), (220, 220, 220), (11, 94, 138)),
        "Ilustrasi: tetesan air biru di atas latar abu-abu.",
    ),
    (
        "53",
        N,
        15,
        "NTT perkuat Pokja PPAS di kabupaten rawan kekeringan",
        "Pokja PPAS Provinsi Nusa Tenggara Timur memprioritaskan pendampingan di kabupaten "
        "dengan akses air minum layak terendah.",
        "Pendampingan mencakup pemetaan sumber air, penyusunan rencana aksi daerah air minum, "
        "dan pencatatan sarana terbangun beserta status fungsinya di Sinergi.\n\n"
        "Perguruan tinggi mitra membantu pengumpulan data di desa.",
        ((191, 129, 45), (246, 232, 195), (1, 102, 94)),
        "Ilustrasi: tanah kecokelatan di bawah langit krem dengan tetesan air hijau tua.",
    ),
    (
        "53.01",
        A,
        20,
        "Penampungan air hujan untuk sekolah di Kabupaten Kupang",
        "Pokja AMPL Kabupaten Kupang mendorong penampungan air hujan (PAH) di sekolah dasar "
        "sebagai bagian dari program cuci tangan pakai sabun.",
        "Di musim kemarau, banyak sekolah tidak punya air untuk cuci tangan. PAH sederhana "
        "dengan talang dan tangki 2.000 liter cukup untuk kebutuhan cuci tangan satu sekolah "
        "selama beberapa minggu.\n\n"
        "Pokja mengajak komite sekolah dan dana desa untuk ikut membiayai.",
        ((1, 102, 94), (199, 234, 229), (255, 191, 71)),
        "Ilustrasi: tangki hijau tua dengan matahari kuning di atas latar hijau muda.",
    ),
]


def illustration(sky, ground, accent) -> bytes:
    """A small PNG (640×360): sky, a hill and a drop or sun in the accent colour."""
    image = Image.new("RGB", (640, 360), sky)
    draw = ImageDraw.Draw(image)
    draw.ellipse((-160, 200, 800, 620), fill=ground)
    draw.ellipse((440, 60, 540, 160), fill=accent)
    draw.polygon([(140, 90), (100, 170), (180, 170)], fill=accent)
    draw.ellipse((100, 140, 180, 220), fill=accent)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo posts of the groups that exist; a post already there is left alone."""
    codes = {row[0] for row in POSTS}
    groups = {
        g.region.code: g
        for g in WorkingGroup.objects.filter(region__code__in=codes).select_related("region")
    }
    existing = set(
        Post.objects.filter(working_group__in=groups.values()).values_list(
            "working_group_id", "title"
        )
    )
    now = timezone.now()
    created = 0
    for index, (code, kind, days, title, summary, body, colours, description) in enumerate(POSTS):
        group = groups.get(code)
        if group is None or (group.pk, title) in existing:
            continue
        post = Post(
            working_group=group,
            kind=kind,
            title=title,
            summary=summary,
            body=body,
            image_description=description,
            published_at=None if days is None else now - datetime.timedelta(days=days),
        )
        post.image.save(f"demo-{index + 1}.png", ContentFile(illustration(*colours)), save=False)
        post.save()
        created += 1
    return {"news posts": created}
