"""The first portal pages (about, FAQ, how to form a Pokja, contact), in Indonesian and English.

`load_pages()` creates a page only when its address is free: once the national secretariat has
edited a page, loading again never overwrites it. The FAQ retells, in Sinergi's own words, what
the original Pokja AMPL portal said a working group is and does.
"""

from django.db import transaction

from sinergi.pages.models import Page

ABOUT_ID = """\
Sinergi adalah sistem informasi terbuka milik **Kelompok Kerja Air Minum dan Penyehatan
Lingkungan (Pokja AMPL)** di Indonesia, di tingkat nasional, provinsi, dan kabupaten/kota.

Sinergi punya dua wajah:

1. **Portal publik**: apa itu Pokja AMPL, daerah mana yang sudah memilikinya dan apakah Surat
   Keputusan (SK)-nya masih berlaku ([direktori](/pokja/)), siapa yang bisa dihubungi, indikator
   air minum dan sanitasi, berita, serta dokumen yang dapat diunduh ([pustaka](/pustaka/)).
2. **Ruang kerja setiap Pokja**: anggota dan pergantiannya, SK tahunan, pembentukan, rencana
   strategis dan rencana kerja, pemantauan target, program dari luar daerah, sarana terbangun,
   rapat dan keputusannya, serta basis pengetahuan agar ingatan kelembagaan tidak hilang ketika
   anggota berganti.

Halaman ini dikelola oleh Sekretariat Pokja AMPL Nasional. Data yang ditandai sebagai demo adalah
fiktif.
"""

ABOUT_EN = """\
Sinergi is the open information system of Indonesia's **drinking water and sanitation working
groups (Pokja AMPL)**, at national, provincial and regency/city level.

Sinergi has two sides:

1. **The public portal**: what a Pokja AMPL is, which regions have one and whether its decree
   (SK) is still valid ([directory](/en/pokja/)), whom to contact, water and sanitation
   indicators, news, and documents to download ([library](/en/pustaka/)).
2. **The workspace of every Pokja**: its members and their turnover, its yearly decree, its
   formation, its strategic and work plans, the monitoring of its targets, the programmes that
   come from outside, the facilities that were built, its meetings and decisions, and a knowledge
   base so that institutional memory is not lost when members change.

This page is kept by the secretariat of the national Pokja AMPL. Data marked as demo is
fictional.
"""

FAQ_ID = """\
## Apa itu Pokja AMPL?

Wadah kerja bersama yang bersifat ad hoc bagi semua pihak yang membangun layanan air minum dan
sanitasi di suatu wilayah. Di dalamnya setiap instansi tetap bekerja sesuai tugas pokok dan
fungsinya, tetapi rencana dan kegiatannya diselaraskan.

## Siapa saja anggotanya?

Intinya adalah instansi pemerintah yang berwenang di bidang air minum dan sanitasi. Keanggotaan
dapat diperluas ke perorangan, perguruan tinggi, DPRD, swasta, LSM, PKK, media massa, dan asosiasi
profesi. Di tingkat nasional ada delapan anggota: Bappenas, Kementerian Pekerjaan Umum,
Kementerian Dalam Negeri, Kementerian Kesehatan, Kementerian Pendidikan dan Kebudayaan,
Kementerian Lingkungan Hidup, Kementerian Keuangan, dan Badan Pusat Statistik. Di daerah,
anggotanya biasanya Bappeda, dinas pekerjaan umum, kesehatan, pemberdayaan masyarakat dan desa,
lingkungan hidup, pendidikan, kehutanan, komunikasi dan informatika, ditambah perguruan tinggi dan
LSM.

## Di mana Pokja AMPL ada?

Di tingkat nasional, di provinsi, dan di sebagian kabupaten/kota. Kontak nasional adalah
Bappenas; di daerah, kontaknya biasanya Bappeda. Sekretariat nasional beralamat di Jl. Lembang
No. 35, Menteng, Jakarta Pusat 10310. [Direktori Sinergi](/pokja/) menunjukkan Pokja di setiap daerah.

## Untuk apa Pokja AMPL dibentuk?

Untuk mengarahkan semua kegiatan menuju target air minum dan sanitasi, mempertemukan semua pihak
agar berkoordinasi, dan menjadi pintu masuk program serta proyek dari luar ke daerah. Fungsinya
adalah sinergi: memadukan kekuatan setiap pihak menuju tujuan yang disepakati bersama.

## Apa manfaatnya?

Program dari luar masuk melalui satu pintu; anggaran lebih efisien; koordinasi lebih baik; ada
forum advokasi; sarana yang sudah dibangun lebih terjaga; para pihak saling belajar; dinas daerah
menjadi lebih kuat; semua pemangku kepentingan terlibat; dan sumber pendanaan alternatif dapat
digali bersama.

## Kapan manfaat itu benar-benar terasa?

Hanya bila Pokja sungguh aktif dalam tiga peran: koordinasi (persiapan, perencanaan, dan
pelaksanaan), komunikasi dan advokasi, serta pemantauan dan evaluasi.

## Bagaimana membentuk Pokja AMPL?

Ada empat langkah: memetakan para pelaku, orientasi dan kesepakatan untuk membentuk, memilih model
dan struktur, lalu menetapkan arah dan program. Lihat halaman [Cara membentuk Pokja AMPL](/halaman/cara-membentuk-pokja/).

## Bagaimana jika daerah kami sudah punya forum serupa?

Tidak perlu membentuk yang baru. Forum air minum dan sanitasi yang setara, misalnya Pokja
Sanitasi, Pokja PPAS, atau Pokja PKP, dapat dicatat sebagai Pokja di daerah itu.

## Apa dasar hukumnya?

Surat Keputusan (SK) Gubernur, Bupati, atau Wali Kota. SK perlu diperbarui setiap tahun, karena
SK itulah yang memberi dukungan politik dan dasar anggaran operasional.

## Apa yang harus dikerjakan pada tahun pertama?

Menyusun rencana strategis (Renstra AMPL). Renstra menjadi landasan program air minum dan sanitasi
di daerah.

## Bagaimana jika anggota pindah tugas?

Mutasi dan promosi sering memutus kesinambungan. Pengetahuan anggota lama harus mudah berpindah ke
penggantinya: Sinergi mencatat serah terima dan menyusun paket serah terima. Anggota dari
perguruan tinggi biasanya lebih lama bertahan sehingga cocok menjadi pengampu pengetahuan.

## Di mana panduan dan contoh SK?

Di [Pustaka Sinergi](/pustaka/): buku panduan dan contoh SK dapat diunduh siapa saja.
"""

FAQ_EN = """\
## What is a Pokja AMPL?

An ad hoc working group of everyone who builds drinking water and sanitation services in a
region. Each institution keeps working within its own duties, but their plans and activities are
brought into line.

## Who are its members?

At its core, the government institutions with authority over drinking water and sanitation. It
can widen to individuals, universities, the regional legislature (DPRD), the private sector,
NGOs, the PKK, mass media and professional associations. The national group has eight members:
Bappenas, the Ministry of Public Works, Home Affairs, Health, Education and Culture, Environment,
Finance, and Statistics Indonesia (BPS). In a region the members are usually the Bappeda, the
offices of public works, health, community and village empowerment, environment, education,
forestry, communication and informatics, with universities and NGOs.

## Where do Pokja AMPL exist?

At national level, in the provinces and in some regencies and cities. The national contact is
Bappenas; in a region it is usually the Bappeda. The national secretariat is at Jl. Lembang
No. 35, Menteng, Central Jakarta 10310. The [Sinergi directory](/en/pokja/) shows the working group of every
region.

## What is a Pokja AMPL for?

To steer every activity toward the drinking water and sanitation targets, to bring all parties
together to coordinate, and to be the door through which outside programmes and projects enter
the region. Its function is synergy: combining the strengths of every party toward goals they
agreed on together.

## What are the benefits?

Outside programmes come in through one door; budgets are spent more efficiently; coordination
improves; there is a forum for advocacy; built facilities are better sustained; the parties learn
from each other; regional agencies grow stronger; every stakeholder is involved; and alternative
funding can be developed together.

## When are the benefits real?

Only when the working group is truly active in three roles: coordination (preparation, planning
and implementation), communication and advocacy, and monitoring and evaluation.

## How is a Pokja AMPL formed?

In four steps: map the actors, hold an orientation and agree to form the group, choose its model
and structure, then set its direction and programme. See the page [How to form a Pokja AMPL](/en/halaman/cara-membentuk-pokja/).

## What if our region already has a similar forum?

There is no need to form a new one. An equivalent water and sanitation forum, such as a Pokja
Sanitasi, Pokja PPAS or Pokja PKP, can be registered as the region's working group.

## What is its legal basis?

A decree (SK) of the governor, regent or mayor. The decree must be renewed every year, because
it gives the group political support and the basis for its operating budget.

## What must be done in the first year?

Write a strategic plan (Renstra AMPL). It is the basis of the region's drinking water and
sanitation programme.

## What happens when members are transferred?

Transfers and promotions (mutasi) often break continuity. What the old member knows must pass
easily to the successor: Sinergi records the handover and prints a handover pack. University
members usually stay longer, so they make good stewards of the group's knowledge.

## Where are the guidebook and the sample decrees?

In the [Sinergi library](/en/pustaka/): the guidebook and sample decrees can be downloaded by anyone.
"""

FORMING_ID = """\
Pembentukan Pokja AMPL ditempuh dalam empat langkah. Sinergi menyediakan pelacak pembentukan agar
setiap langkah, buktinya, dan tanggalnya tercatat.

## Langkah 1. Memetakan para pelaku

Daftarkan semua instansi dan pihak yang berkepentingan dengan air minum dan sanitasi di daerah:
dinas, perguruan tinggi, LSM, swasta, media, dan kelompok masyarakat. Catat kepentingan dan
pengaruh masing-masing.

## Langkah 2. Orientasi dan kesepakatan membentuk

Adakan pertemuan orientasi untuk menjelaskan apa itu Pokja AMPL dan apa gunanya, lalu catat
kesepakatan untuk membentuknya. Berita acara yang ditandatangani menjadi buktinya.

## Langkah 3. Memilih model dan struktur

Pilih model Pokja yang sesuai dengan daerah, susun strukturnya (misalnya diketuai Kepala Bappeda
dengan beberapa bidang), dan tetapkan jabatan serta instansi yang mengisinya. Pokja kemudian
ditetapkan dengan SK Gubernur, Bupati, atau Wali Kota, yang diperbarui setiap tahun.

## Langkah 4. Menetapkan arah dan program

Sepakati arah pertama dan prioritas program. Pada tahun pertama, Pokja menyusun rencana strategis
(Renstra AMPL) sebagai landasan program daerah.

## Sudah ada forum serupa?

Daerah yang sudah memiliki forum air minum dan sanitasi yang setara, seperti Pokja Sanitasi, Pokja
PPAS, atau Pokja PKP, tidak perlu membentuk Pokja baru: forum itu dapat dicatat sebagai Pokja
daerah tersebut. Sekretariat provinsi atau nasional dapat membantu memulai pembentukan di Sinergi.
"""

FORMING_EN = """\
A Pokja AMPL is formed in four steps. Sinergi has a formation tracker so that every step, its
evidence and its dates are recorded.

## Step 1. Map the actors

List every institution and party with a stake in drinking water and sanitation in the region:
government offices, universities, NGOs, the private sector, media and community groups. Note the
interest and influence of each.

## Step 2. Orientation and agreement to form

Hold an orientation meeting to explain what a Pokja AMPL is and what it is for, then record the
agreement to form one. The signed minutes (berita acara) are the evidence.

## Step 3. Choose the model and structure

Choose the model of working group that suits the region, set up its structure (for example
chaired by the head of the Bappeda, with several fields), and decide the positions and the
institution that fills each. The group is then established by a decree of the governor, regent
or mayor, renewed every year.

## Step 4. Set the direction and programme

Agree on the first directions and the priorities of the programme. In its first year the group
writes a strategic plan (Renstra AMPL) as the basis of the region's programme.

## A similar forum already exists?

A region that already has an equivalent drinking water and sanitation forum, such as a Pokja
Sanitasi, Pokja PPAS or Pokja PKP, need not form a new group: that forum can be registered as the
region's working group. The provincial or national secretariat can help start a formation in
Sinergi.
"""

# The contact page also shows the national secretariat's e-mail and phone from the directory.
CONTACT_SLUG = "kontak"

CONTACT_ID = """\
## Sekretariat Pokja AMPL Nasional

Jl. Lembang No. 35, Menteng, Jakarta Pusat 10310

Kontak nasional Pokja AMPL adalah Bappenas.

## Pokja di daerah

Kontak Pokja provinsi dan kabupaten/kota biasanya Bappeda setempat. Alamat sekretariat, instansi
kontak, surel, dan telepon kantor setiap Pokja tercantum di [direktori Pokja](/pokja/).

## Sinergi

Ada pertanyaan tentang Sinergi, data Anda, atau ingin Pokja Anda bergabung? Hubungi sekretariat
Pokja provinsi Anda atau Sekretariat Pokja AMPL Nasional.
"""

CONTACT_EN = """\
## Secretariat of the national Pokja AMPL

Jl. Lembang No. 35, Menteng, Central Jakarta 10310

The national contact of the Pokja AMPL is Bappenas.

## Working groups in the regions

The contact of a provincial or regency/city working group is usually the local Bappeda. The
secretariat address, contact institution, e-mail and office phone of every working group are
listed in the [working group directory](/en/pokja/).

## Sinergi

Questions about Sinergi or your data, or would your working group like to join? Contact the
secretariat of your provincial working group or the secretariat of the national Pokja AMPL.
"""

# slug, order, Indonesian title, English title, Indonesian text, English text
PAGES = [
    ("tentang", 10, "Tentang Sinergi", "About Sinergi", ABOUT_ID, ABOUT_EN),
    ("tanya-jawab", 20, "Tanya jawab", "Frequently asked questions", FAQ_ID, FAQ_EN),
    (
        "cara-membentuk-pokja",
        30,
        "Cara membentuk Pokja AMPL",
        "How to form a Pokja AMPL",
        FORMING_ID,
        FORMING_EN,
    ),
    (CONTACT_SLUG, 40, "Kontak", "Contact", CONTACT_ID, CONTACT_EN),
]


@transaction.atomic
def load_pages() -> dict[str, int]:
    """Create the first pages whose address does not exist yet; never overwrite an edit."""
    slugs = [row[0] for row in PAGES]
    existing = set(Page.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    created = 0
    for slug, order, title_id, title_en, body_id, body_en in PAGES:
        if slug in existing:
            continue
        Page.objects.create(
            slug=slug,
            order=order,
            title_id=title_id,
            title_en=title_en,
            body_id=body_id,
            body_en=body_en,
        )
        created += 1
    return {"pages": created}
