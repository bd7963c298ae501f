"""Demo documents of the library, with real small files made at load time: national public
guides (a PDF, a DOCX decree template, an XLSX worksheet) and two documents of Kabupaten Bandung
(one internal, one public). The documents are fictional and say so; their text is extracted as
for an upload, so the full-text search finds them."""

import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from sinergi.library.actions import do_add_version
from sinergi.library.models import Document
from sinergi.pokja.demo import DEMO_DOMAIN
from sinergi.pokja.models import WorkingGroup

C = Document.Category
NOTICE = "Dokumen demo (fiktif), dibuat oleh `load_demo` untuk mencoba pustaka Sinergi."

GUIDE_V1 = [
    "Panduan Pembentukan Pokja AMPL",
    "Kelompok Kerja Air Minum dan Penyehatan Lingkungan (Pokja AMPL) adalah wadah koordinasi "
    "semua pemangku kepentingan pembangunan air minum dan sanitasi di daerah.",
    "Langkah 1. Pemetaan pelaku: Bappeda, Dinas Pekerjaan Umum, Dinas Kesehatan, Dinas "
    "Pemberdayaan Masyarakat dan Desa, Dinas Lingkungan Hidup, perguruan tinggi dan LSM.",
    "Langkah 2. Orientasi dan kesepakatan pembentukan Pokja AMPL.",
    "Langkah 3. Pemilihan model dan struktur organisasi.",
    "Langkah 4. Penetapan arah dan program: Renstra AMPL sebagai dasar pembangunan air minum "
    "dan sanitasi daerah.",
]
GUIDE_V2 = [
    *GUIDE_V1,
    "Tambahan edisi revisi: legalitas Pokja ditetapkan dengan Surat Keputusan Bupati/Walikota "
    "yang diperbarui setiap tahun, sebagai dukungan politik dan dasar anggaran operasional.",
]
DECREE = [
    "KEPUTUSAN BUPATI [NAMA KABUPATEN]",
    "NOMOR [...] TAHUN [...]",
    "TENTANG PEMBENTUKAN KELOMPOK KERJA AIR MINUM DAN PENYEHATAN LINGKUNGAN (POKJA AMPL)",
    "Menimbang: bahwa untuk mewujudkan pembangunan air minum dan sanitasi yang berkelanjutan "
    "diperlukan koordinasi lintas perangkat daerah.",
    "Mengingat: peraturan perundang-undangan tentang pemerintahan daerah.",
    "MEMUTUSKAN",
    "KESATU: Membentuk Pokja AMPL Kabupaten dengan susunan keanggotaan sebagaimana tercantum "
    "dalam Lampiran.",
    "KEDUA: Pokja AMPL bertugas mengoordinasikan perencanaan, pelaksanaan, pemantauan dan "
    "evaluasi pembangunan air minum dan sanitasi.",
]
MEETING_REPORT = [
    "Laporan Rapat Koordinasi Pokja AMPL Kabupaten Bandung, Triwulan II",
    "Dokumen demo (fiktif).",
    "Pembahasan: kemajuan SPAM perdesaan Desa Cinunuk, IPAL komunal RW 05 yang tidak "
    "berfungsi, dan usulan DAK sanitasi tahun depan.",
    "Tindak lanjut: Dinas PUTR memeriksa pipa inlet IPAL komunal; Bappeda menyiapkan usulan.",
]
SANITATION_PROFILE = [
    "Profil Sanitasi Kabupaten Bandung",
    "Dokumen demo (fiktif).",
    "Ringkasan akses sanitasi layak dan aman, desa ODF, serta kebutuhan IPLT dan layanan "
    "lumpur tinja terjadwal.",
]

# (group code, title, category, year, public, description, [(file maker, file name, note)])
DOCUMENTS = [
    (
        "ID",
        "Panduan Pembentukan Pokja AMPL",
        C.GUIDE,
        2024,
        True,
        "Empat langkah membentuk Pokja AMPL di provinsi dan kabupaten/kota.",
        [
            ("pdf", GUIDE_V1, "panduan-pembentukan-pokja-ampl.pdf", ""),
            ("pdf", GUIDE_V2, "panduan-pembentukan-pokja-ampl-revisi.pdf", "Tambahan bab SK."),
        ],
    ),
    (
        "ID",
        "Contoh SK Pokja AMPL Kabupaten",
        C.DECREE_TEMPLATE,
        2024,
        True,
        "Contoh Keputusan Bupati tentang pembentukan Pokja AMPL, untuk diubah sesuai daerah.",
        [("docx", DECREE, "contoh-sk-pokja-ampl-kabupaten.docx", "")],
    ),
    (
        "ID",
        "Lembar Kerja Pemetaan Pemangku Kepentingan AMPL",
        C.TRAINING,
        2023,
        True,
        "Lembar kerja langkah 1 pembentukan: siapa berperan dalam air minum dan sanitasi.",
        [("xlsx", None, "lembar-kerja-pemetaan-pemangku-kepentingan.xlsx", "")],
    ),
    (
        "32.04",
        "Laporan Rapat Koordinasi Pokja AMPL Triwulan II",
        C.REPORT,
        2025,
        False,
        "Laporan internal rapat koordinasi.",
        [("pdf", MEETING_REPORT, "laporan-rapat-koordinasi-tw2.pdf", "")],
    ),
    (
        "32.04",
        "Profil Sanitasi Kabupaten Bandung",
        C.STUDY,
        2024,
        True,
        "Gambaran akses air minum dan sanitasi kabupaten.",
        [("pdf", SANITATION_PROFILE, "profil-sanitasi-kabupaten-bandung.pdf", "")],
    ),
]


def pdf_bytes(paragraphs) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    story = [Paragraph(paragraphs[0], styles["Title"])]
    story += [Paragraph(text, styles["BodyText"]) for text in paragraphs[1:]]
    SimpleDocTemplate(buffer, pagesize=A4, title=paragraphs[0]).build(story)
    return buffer.getvalue()


def docx_bytes(paragraphs) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(_paragraphs=None) -> bytes:
    from sinergi.lib.spreadsheets import workbook_bytes

    header = ["Lembaga", "Kategori", "Peran dalam air minum dan sanitasi", "Kontak"]
    rows = [
        ["Bappeda", "Bappeda", "Ketua Pokja, perencanaan", ""],
        ["Dinas Pekerjaan Umum", "OPD/dinas", "Infrastruktur SPAM dan IPAL", ""],
        ["Dinas Kesehatan", "OPD/dinas", "STBM dan kualitas air", ""],
    ]
    return workbook_bytes("Pemetaan", header, rows)


MAKERS = {"pdf": pdf_bytes, "docx": docx_bytes, "xlsx": xlsx_bytes}


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo documents that do not exist yet (by title and working group)."""
    created = {"documents": 0, "document_versions": 0}
    groups = {
        group.code: group
        for group in WorkingGroup.objects.select_related("region").filter(
            region__code__in={row[0] for row in DOCUMENTS}
        )
    }
    users = {
        user.email: user
        for user in get_user_model().objects.filter(
            email__in=[f"nasional@{DEMO_DOMAIN}", f"kabbandung@{DEMO_DOMAIN}"]
        )
    }
    for code, title, category, year, public, description, files in DOCUMENTS:
        group = groups.get(code)
        if group is None or Document.objects.filter(working_group=group, title=title).exists():
            continue
        user = users.get(f"{'nasional' if code == 'ID' else 'kabbandung'}@{DEMO_DOMAIN}")
        document = Document.objects.create(
            working_group=group,
            title=title,
            category=category,
            year=year,
            is_public=public,
            description=f"{description}\n\n{NOTICE}",
            created_by=user,
        )
        created["documents"] += 1
        for kind, paragraphs, filename, note in files:
            content = ContentFile(MAKERS[kind](paragraphs), name=filename)
            do_add_version(document, content, note, user)
            created["document_versions"] += 1
    return created
